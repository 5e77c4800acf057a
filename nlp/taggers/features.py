"""CRF features of one underthesea-segmented sentence: one list of "name=value" per word.

What marks an organisation in this genre: a head word ("Liên đoàn Lao động", "Công đoàn",
"UBND", "Công ty") followed by title-case words, an administrative level ("quận") and a place
("Thanh Xuân"), often an abbreviation in capitals ("LĐLĐ", "TNHH"). The features say that for
the word and its two neighbours on each side. Gazetteer phrases match diacritic-free and only
on whole words, so "sở" inside "cơ sở" is not the head word "Sở".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache
from pathlib import Path

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
    sorted (most words belong to none: the shared empty tuple)."""
    phrases = gazetteer()
    lengths = _phrase_lengths()
    syllables: list[str] = []
    owner: list[int] = []  # syllable → word index
    word_start: dict[int, None] = {}  # in text order, once each
    ends: set[int] = set()  # syllable positions where a word ends
    for i, word in enumerate(words):
        word_start[len(syllables)] = None
        folded = _folded_syllables(word)
        syllables.extend(folded)
        owner.extend([i] * len(folded))
        ends.add(len(syllables))
    marks: dict[int, set[str]] = {}
    for s in word_start:
        if s >= len(syllables) or syllables[s] not in lengths:
            continue
        for length in lengths[syllables[s]]:
            if s + length not in ends:  # also past the sentence's end
                continue
            kind = phrases.get(tuple(syllables[s:s + length]))
            if kind:
                covered = sorted({owner[j] for j in range(s, s + length)})
                marks.setdefault(covered[0], set()).add(f"{kind}:B")
                for w in covered[1:]:
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
# as itself, then as neighbour -2, -1, +1, +2; a tagger may hold them as UTF-8 bytes
WordViews = tuple[tuple[str | bytes, ...], ...]
# beyond the sentence's ends: what a neighbour -2, -1, +1 or +2 there reads as
_EDGE: WordViews = ((), *((f"{offset:+d}:edge",) for offset in _OFFSETS))


@lru_cache(maxsize=200_000)
def word_views(word: str, marks: tuple[str, ...]) -> WordViews:
    """The word's features as itself and as each neighbour (-2, -1, +1, +2), in that order."""
    return (_word_features(word, marks, ""),
            *(_word_features(word, marks, f"{offset:+d}:") for offset in _OFFSETS))


def sentence_features(
    words: list[str], views_of: Callable[[str, tuple[str, ...]], WordViews] = word_views,
    known: Collection[str] | None = None,
) -> list[list[str | bytes]]:
    """Features of every word of one sentence, with a context window of ±2 words.

    A tagger passes `views_of` (word features already cut to those its model knows, cached
    per word) and `known` (the model's features, for the word pairs) so that features crfsuite
    would ignore anyway are never built into a sequence; training passes neither."""
    views = [views_of(w, m) for w, m in zip(words, gazetteer_marks(words), strict=True)]
    lowers = [w.lower() for w in words]
    # the sentence padded with two edge "words" on each side, so every word has 4 neighbours
    padded = [_EDGE, _EDGE, *views, _EDGE, _EDGE]
    out: list[list[str | bytes]] = []
    for i in range(len(words)):
        feats = ["bias", *views[i][0], *padded[i][1], *padded[i + 1][2], *padded[i + 3][3],
                 *padded[i + 4][4]]
        if i > 0:
            pair = f"-1|0={lowers[i - 1]}|{lowers[i]}"
            if known is None or pair in known:
                feats.append(pair)
        if i + 1 < len(words):
            pair = f"0|+1={lowers[i]}|{lowers[i + 1]}"
            if known is None or pair in known:
                feats.append(pair)
        out.append(feats)
    return out
