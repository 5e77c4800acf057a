"""CRF features of one underthesea-segmented sentence: one list of "name=value" per word.

What marks an organisation in this genre: a head word ("Liên đoàn Lao động", "Công đoàn",
"UBND", "Công ty") followed by title-case words, an administrative level ("quận") and a place
("Thanh Xuân"), often an abbreviation in capitals ("LĐLĐ", "TNHH"). The features say that for
the word and its two neighbours on each side. Gazetteer phrases match diacritic-free and only
on whole words, so "sở" inside "cơ sở" is not the head word "Sở".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from nlp.normalise import fold
from unionnews_core.places import places

GAZETTEER_FILE = Path(__file__).with_name("gazetteer.txt")
_MAX_PHRASE = 6  # syllables


@lru_cache(maxsize=1)
def _phrase_lengths() -> dict[str, tuple[int, ...]]:
    """First syllable → the lengths of the phrases it opens, longest first: a word tries only
    the lengths some phrase has, not every length up to `_MAX_PHRASE`."""
    lengths: dict[str, set[int]] = {}
    for phrase in gazetteer():
        if len(phrase) <= _MAX_PHRASE:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


@lru_cache(maxsize=1)
def gazetteer() -> dict[tuple[str, ...], str]:
    """Folded phrase (tuple of syllables) → kind (head, abbr, placetype, place)."""
    phrases: dict[tuple[str, ...], str] = {}
    for line in GAZETTEER_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, phrase = line.split("\t", 1)
        phrases.setdefault(tuple(fold(phrase).split()), kind)
    known = places()
    for group in (known.cities_before_2025, known.cities_from_2025,
                  known.provinces_before_2025, known.other_places, known.hanoi_districts,
                  known.hcmc_districts):
        for phrase in group:
            phrases.setdefault(tuple(fold(phrase).split()), "place")
    return phrases


def shape(word: str) -> str:
    """Character classes with runs collapsed: "Cầu Giấy" → "Xx_Xx", "1.254" → "d.d"."""
    out = []
    for ch in word:
        cls = (
            "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit()
            else "_" if ch.isspace() else ch
        )
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


@lru_cache(maxsize=200_000)
def _folded_syllables(word: str) -> tuple[str, ...]:
    return tuple(fold(word).split())


def gazetteer_marks(words: list[str]) -> list[tuple[str, ...]]:
    """For every word, the gazetteer kinds it belongs to, as "kind:B" (first word) or "kind:I",
    sorted (most words belong to none: the shared empty tuple). A phrase starts where a word
    starts and ends where a word ends."""
    phrases = gazetteer()
    lengths = _phrase_lengths()
    folded = [_folded_syllables(word) for word in words]
    marks: dict[int, set[str]] = {}
    for i, first in enumerate(folded):
        if not first or first[0] not in lengths:  # most words open no phrase
            continue
        for length in lengths[first[0]]:
            # the words from i on that hold exactly `length` syllables, if any
            k, phrase = i, first
            while len(phrase) < length and k + 1 < len(folded):
                k += 1
                phrase += folded[k]
            kind = phrases.get(phrase) if len(phrase) == length else None
            if kind:
                marks.setdefault(i, set()).add(f"{kind}:B")
                for w in range(i + 1, k + 1):
                    if folded[w]:  # a word with no syllable belongs to no phrase
                        marks.setdefault(w, set()).add(f"{kind}:I")
                break  # longest phrase only
    return [tuple(sorted(marks[i])) if i in marks else () for i in range(len(words))]


_ABBREV = re.compile(r"^[A-ZĐ][A-ZĐ&.\-]*[A-ZĐ]$")


@lru_cache(maxsize=200_000)
def _word_features(word: str, marks: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    # Cached: each word is featurised five times per sentence (itself and ±2 neighbours),
    # and the genre repeats the same words across articles.
    lower = word.lower()
    syllables = lower.split()
    feats = [
        f"{prefix}w={lower}",
        f"{prefix}shape={shape(word)}",
        f"{prefix}title={all(s[:1].isupper() for s in word.split())}",
        f"{prefix}cap={word[:1].isupper()}",
        f"{prefix}upper={word.isupper()}",
        f"{prefix}abbr={bool(_ABBREV.match(word))}",
    ]
    feats.extend(f"{prefix}g={m}" for m in marks)
    if not prefix:  # word-only detail: richer for the word itself than for its neighbours
        folded = fold(word)
        feats.extend([
            f"f={folded}",
            f"syl0={syllables[0]}" if syllables else "syl0=",
            f"sylN={syllables[-1]}" if syllables else "sylN=",
            f"nsyl={min(len(syllables), 4)}",
            f"pre2={folded[:2]}",
            f"pre3={folded[:3]}",
            f"suf2={folded[-2:]}",
            f"suf3={folded[-3:]}",
            f"digit={any(c.isdigit() for c in word)}",
            f"punct={not any(c.isalnum() for c in word)}",
        ])
    return tuple(feats)


_OFFSETS = (-2, -1, 1, 2)
# as itself, then as neighbour -2, -1, +1, +2
WordViews = tuple[tuple[str, ...], ...]
# beyond the sentence's ends: what a neighbour -2, -1, +1 or +2 there reads as
EDGE: WordViews = ((), *((f"{offset:+d}:edge",) for offset in _OFFSETS))
BIAS = "bias"  # the one feature every word has


@lru_cache(maxsize=200_000)
def word_views(word: str, marks: tuple[str, ...]) -> WordViews:
    """The word's features as itself and as each neighbour (-2, -1, +1, +2), in that order."""
    return (_word_features(word, marks, ""),
            *(_word_features(word, marks, f"{offset:+d}:") for offset in _OFFSETS))


class Window(NamedTuple):
    """What describes one word: its own view, the views its neighbours -2, -1, +1 and +2
    show it, and the names of its pairs with the word before and after ("" at an end)."""

    own: Any
    far_left: Any
    near_left: Any
    near_right: Any
    far_right: Any
    pair_before: str
    pair_after: str


def sentence_windows(words: list[str], views_of: Callable[[str, tuple[str, ...]], Any],
                     edge: Any) -> list[Window]:
    """The window of every word of one sentence, ±2 words wide. `views_of(word, marks)` gives
    a word's five views in `word_views`' order and `edge` what stands beyond the ends: the
    features themselves for training, or what a tagger made of them (their weights)."""
    views = [views_of(w, m) for w, m in zip(words, gazetteer_marks(words), strict=True)]
    lowers = [w.lower() for w in words]
    before = ["", *(f"-1|0={a}|{b}" for a, b in zip(lowers, lowers[1:], strict=False))]
    after = [*(f"0|+1={a}|{b}" for a, b in zip(lowers, lowers[1:], strict=False)), ""]
    # the sentence padded with two edge "words" on each side, so every word has 4 neighbours;
    # word i's neighbours -2, -1, +1, +2 are padded[i], [i + 1], [i + 3], [i + 4]
    padded = [edge, edge, *views, edge, edge]
    return [Window(own[0], far_left[1], near_left[2], near_right[3], far_right[4], pb, pa)
            for own, far_left, near_left, near_right, far_right, pb, pa in zip(
                views, padded, padded[1:], padded[3:], padded[4:], before, after,
                strict=False)]


def sentence_features(words: list[str]) -> list[list[str]]:
    """Features of every word of one sentence, with a context window of ±2 words."""
    return [[BIAS, *w.own, *w.far_left, *w.near_left, *w.near_right, *w.far_right,
             *(pair for pair in (w.pair_before, w.pair_after) if pair)]
            for w in sentence_windows(words, word_views, EDGE)]
