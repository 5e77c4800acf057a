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
from array import array
from collections.abc import Sequence
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
    # origins[i] = offset in `original` of text[i]; one extra at end. Text that needed no
    # change maps onto itself (a range); other text keeps 8 bytes per character (an array), not
    # a tuple of millions of int objects (over 200 MB at the peak for 2 MB of text).
    origins: Sequence[int]

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


_NEEDS_WORK = re.compile("[" + "".join(sorted(_ZERO_WIDTH | _SPACES)) + "]|&[#A-Za-z]")


def _decode_entities(original: str) -> tuple[str, array[int]]:
    """The text with HTML entities decoded, and for each of its characters the offset in
    `original` it came from (an entity's characters all come from its "&")."""
    pieces: list[str] = []
    origins = array("q")
    pos = 0
    for m in _ENTITY.finditer(original):
        pieces.append(original[pos:m.start()])
        origins.extend(range(pos, m.start()))
        decoded = html.unescape(m.group(0))
        pieces.append(decoded)
        origins.extend([m.start()] * len(decoded))
        pos = m.end()
    pieces.append(original[pos:])
    origins.extend(range(pos, len(original)))
    return "".join(pieces), origins


_ODD_CHARACTERS = re.compile("[" + "".join(sorted(_ZERO_WIDTH | _SPACES)) + "]")


def normalise(original: str) -> NormalisedText:
    if unicodedata.is_normalized("NFC", original) and not _NEEDS_WORK.search(original):
        # the common case (composed text, no entities or odd spaces): one character each way
        text = _TONE.sub(lambda m: _TONE_PAIRS[m.group(1)], original)
        return NormalisedText(original=original, text=text, origins=range(len(original) + 1))
    decoded, decoded_origins = _decode_entities(original)
    chunks: list[str] = []
    origins = array("q")
    # Line by line: a line already composed and free of odd characters is kept whole (an
    # "&" in "KCN&CX" sends a whole report down this path). A line starts at its "\n", a
    # character that never combines, so no cluster of a base and its marks is cut in two.
    starts = [0, *(m.start() for m in re.finditer("\n", decoded) if m.start())]
    for line_start, line_end in zip(starts, [*starts[1:], len(decoded)], strict=True):
        line = decoded[line_start:line_end]
        if unicodedata.is_normalized("NFC", line) and not _ODD_CHARACTERS.search(line):
            chunks.append(line)
            origins.extend(decoded_origins[line_start:line_end])
            continue
        # Compose each base character with the combining marks that follow it.
        i = 0
        while i < len(line):
            j = i + 1
            while j < len(line) and unicodedata.combining(line[j]):
                j += 1
            for c in unicodedata.normalize("NFC", line[i:j]):
                if c in _ZERO_WIDTH:
                    continue
                chunks.append(" " if c in _SPACES else c)
                origins.append(decoded_origins[line_start + i])
            i = j
    # Tone-mark placement keeps the length, so offsets are untouched.
    text = _TONE.sub(lambda m: _TONE_PAIRS[m.group(1)], "".join(chunks))
    origins.append(len(original))
    return NormalisedText(original=original, text=text, origins=origins)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_BAR))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


_D_BAR = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Every precomposed Latin letter with marks → its bare letter, for one translate call: the
# store folds every sentence it indexes, and this is three times quicker than NFD per call.
_BARE = {
    cp: _strip_marks(chr(cp))
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if _strip_marks(chr(cp)) != chr(cp)
}
_BARE.update({ord(k): v for k, v in {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}.items()})
_LEFTOVER_MARK = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str | None) -> str:
    """Diacritic-free, lower-case form for matching and search ("Đoàn" → "doan").

    Tone and vowel marks alike go, đ becomes d: SQLite's own diacritic removal leaves "đ"
    alone, so the store indexes this form and folds every user query the same way.
    """
    if not text:
        return ""
    bare = unicodedata.normalize("NFC", text).translate(_BARE)
    if _LEFTOVER_MARK.search(bare):  # marks with no precomposed form: the slow, general path
        bare = _strip_marks(bare)
    return bare.casefold()
