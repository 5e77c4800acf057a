"""Stage 2, segment: paragraphs → sentences → words with underthesea, offsets kept.

underthesea returns strings; we align them back onto the (normalised) text they came from,
so every token knows its [start, end). Offsets here index `NormalisedText.text`.
"""

from __future__ import annotations

import importlib
import importlib.abc
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import NamedTuple

_PARAGRAPH = re.compile(r"[^\n]+")


class Token(NamedTuple):
    """A word (a tuple: a long report has hundreds of thousands of them alive at once)."""

    text: str  # the word as underthesea joined it: syllables separated by one space
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]


def _align(text: str, pieces: list[str], offset: int) -> list[Token]:
    """Find each piece in `text` in order; underthesea only re-spaces, it does not re-order."""
    out: list[Token] = []
    cursor, size = 0, len(text)
    for piece in pieces:
        while cursor < size and text[cursor].isspace():
            cursor += 1
        if piece and text.startswith(piece, cursor):  # the usual case: the piece verbatim
            out.append(Token(piece, cursor + offset, cursor + len(piece) + offset))
            cursor += len(piece)
            continue
        syllables = piece.split()
        if not syllables:
            continue
        start = end = None
        for syl in syllables:
            while cursor < size and text[cursor].isspace():
                cursor += 1
            found = text.find(syl, cursor)
            # Same length when underthesea re-normalised a tone mark: take the span as is.
            at = found if found != -1 and found - cursor <= 2 else cursor
            if start is None:
                start = at
            end = min(at + len(syl), len(text))
            cursor = end
        assert start is not None and end is not None
        out.append(Token(text[start:end], start + offset, end + offset))
    return out


# underthesea's package imports every pipeline it has; its translation (transformers, torch),
# classification, sentiment, parsing and language detection cost ~220 MB and seconds of
# start-up that segmentation never uses. They are left out of our import; a caller that wants
# them later imports them as usual.
_UNUSED_UNDERTHESEA = frozenset((
    "underthesea.pipeline.translate", "underthesea.pipeline.classification",
    "underthesea.pipeline.sentiment", "underthesea.pipeline.dependency_parse",
    "underthesea.pipeline.lang_detect", "underthesea.agent", "underthesea.address",
))


class _LeaveOut(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name in _UNUSED_UNDERTHESEA:
            raise ImportError(f"{name} is not needed for segmentation")
        return None


@cache
def _underthesea() -> ModuleType:
    if "underthesea" in sys.modules:
        return sys.modules["underthesea"]
    finder = _LeaveOut()
    sys.meta_path.insert(0, finder)
    try:
        return importlib.import_module("underthesea")
    finally:
        sys.meta_path.remove(finder)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans over `text`: paragraphs (lines) first, then underthesea inside each."""
    sent_tokenize = _underthesea().sent_tokenize

    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        for _, start, end in _align(para.group(), sent_tokenize(para.group()), para.start()):
            spans.append((start, end))
    return spans


def tokenize_sentence(text: str, start: int, end: int) -> Sentence:
    word_tokenize = _underthesea().word_tokenize

    chunk = text[start:end]
    return Sentence(start=start, end=end, text=chunk,
                    tokens=_align(chunk, word_tokenize(chunk), start))


def segment(text: str) -> list[Sentence]:
    """Every sentence of `text` with its words; offsets index `text`."""
    return [tokenize_sentence(text, s, e) for s, e in split_sentences(text)]
