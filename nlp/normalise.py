"""Stage 1, normalise: one canonical form of the text for matching, with a map back.

Every later stage works on `NormalisedText.text`; every span it finds is turned back into
offsets of the caller's original input with `to_original`, so `input[start:end]` is exactly
the expression an editor sees.

What changes: HTML entities are decoded, Unicode is composed (NFC), the old and new tone-mark
placements ("thoả"/"thỏa", "uỷ"/"ủy") become one ("thỏa", "ủy"), and exotic spaces become
plain spaces. Nothing is deleted except zero-width characters.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3000", "\t"}

# New-style placement (mark on the second vowel of an open syllable) → the old style the
# genre mostly prints. Only open syllables differ: "hoàng" is written alike in both.
_TONE_PAIRS = {}
for _first, _marked_seconds, _marked_firsts in (
    ("o", "àáảãạ", "òóỏõọ"),  # oà → òa
    ("o", "èéẻẽẹ", "òóỏõọ"),  # oè → òe
    ("u", "ỳýỷỹỵ", "ùúủũụ"),  # uỳ → ùy
):
    _plain_second = {"à": "a", "è": "e", "ỳ": "y"}[_marked_seconds[0]]
    for _marked, _target in zip(_marked_seconds, _marked_firsts, strict=True):
        _TONE_PAIRS[_first + _marked] = _target + _plain_second
        _TONE_PAIRS[(_first + _marked).upper()] = (_target + _plain_second).upper()
        _TONE_PAIRS[_first.upper() + _marked] = _target.upper() + _plain_second
# "quý" keeps its mark: after q the u is part of the consonant, not a vowel of the pair.
_TONE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_PAIRS)) + r")(?![^\W\d_])")


@dataclass(frozen=True)
class NormalisedText:
    original: str
    text: str
    origins: tuple[int, ...]  # origins[i] = offset in `original` of text[i]; one extra at end

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back onto the original input."""
        if start >= end:
            o = self.origins[start]
            return o, o
        last = end - 1
        o_end = self.origins[last + 1] if last + 1 < len(self.origins) else len(self.original)
        # A composed character may stand for several original code points (NFD input).
        while o_end < len(self.original) and unicodedata.combining(self.original[o_end]):
            o_end += 1
        return self.origins[start], o_end


def normalise(original: str) -> NormalisedText:
    chars: list[str] = []
    origins: list[int] = []

    # Decode entities first, remembering where each decoded character came from.
    pieces: list[tuple[str, int]] = []
    pos = 0
    for m in _ENTITY.finditer(original):
        pieces.extend((c, pos + i) for i, c in enumerate(original[pos:m.start()]))
        decoded = html.unescape(m.group(0))
        pieces.extend((c, m.start()) for c in decoded)
        pos = m.end()
    pieces.extend((c, pos + i) for i, c in enumerate(original[pos:]))

    # Compose each base character with the combining marks that follow it.
    i = 0
    while i < len(pieces):
        j = i + 1
        while j < len(pieces) and unicodedata.combining(pieces[j][0]):
            j += 1
        cluster = unicodedata.normalize("NFC", "".join(c for c, _ in pieces[i:j]))
        for c in cluster:
            if c in _ZERO_WIDTH:
                continue
            chars.append(" " if c in _SPACES else c)
            origins.append(pieces[i][1])
        i = j

    text = "".join(chars)
    # Tone-mark placement keeps the length, so offsets are untouched.
    text = _TONE.sub(lambda m: _TONE_PAIRS[m.group(1)], text)
    origins.append(len(original))
    return NormalisedText(original=original, text=text, origins=tuple(origins))


def fold(text: str) -> str:
    """Diacritic-free, lower-case form for gazetteer and cue matching ("Đoàn" → "doan")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
