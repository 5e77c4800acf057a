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
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

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


@cache
def _word_model() -> tuple[Any, Any, dict[str, str], Any]:
    """underthesea's word segmentation in its parts: the regex tokenizer's pattern, its
    character normalisation and token map, and the CRF (featurizer and tagger)."""
    word_tokenize = _underthesea().word_tokenize
    word_tokenize("")  # loads the model on first use
    from underthesea.pipeline import word_tokenize as module
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.text_normalize.text_normalizer import token_map
    from underthesea.pipeline.word_tokenize import regex_tokenize

    model = module.word_tokenize_model
    return regex_tokenize, normalize_characters_in_text, token_map, model


@cache
def dictionary_words() -> frozenset[str]:
    """The words of underthesea's segmentation dictionary, in lower case ("chế tạo", "phát
    triển"): a joined pair found there is a word of the language, not a name with a verb."""
    import joblib
    from underthesea.pipeline import word_tokenize as module

    path = Path(module.__file__).parent / "models" / "ws_crf_vlsp2013_20230727" / \
        "dictionary.bin"
    return frozenset(joblib.load(path))


def word_tokenize_many(chunks: list[str]) -> list[list[str]]:
    """underthesea's `word_tokenize` of each chunk, the chunks through its CRF featurizer
    a batch at a time instead of one call each.

    Same words as `word_tokenize` (a test compares them on the corpus): a token is the whole
    match of its regex (each alternative is one named group), and normalising a token of an
    already normalised text changes nothing but the token map's short forms, so each is
    looked up once instead of normalised twice."""
    regex_tokenize, normalize, token_map, model = _word_model()
    pattern = regex_tokenize.patterns  # read per call: underthesea swaps it for fixed words
    out: list[list[str]] = []
    # in batches: the featurizer's output (dozens of strings per token) for a whole long
    # report at once would hold gigabytes
    for at in range(0, len(chunks), _BATCH):
        tokens = [[t if len(t) > 6 else token_map.get(t, t)
                   for t in (m.group() for m in pattern.finditer(normalize(chunk)))]
                  for chunk in chunks[at:at + _BATCH]]
        features = model.featurizer.process([[[t] for t in words] for words in tokens])
        for words, x in zip(tokens, features, strict=True):
            joined: list[str] = []
            for i, (tag, token) in enumerate(zip(model.estimator.tag(x), words, strict=False)):
                if tag == "I-W" and i > 0:
                    joined[-1] = joined[-1] + " " + token
                else:
                    joined.append(token)
            out.append(joined)
    return out


_BATCH = 64  # sentences per featurizer call


def tokenize_sentences(text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    """The sentences of `text` at `spans`, with their words (offsets index `text`)."""
    chunks = [text[s:e] for s, e in spans]
    return [Sentence(start=s, end=e, text=chunk, tokens=_align(chunk, words, s))
            for (s, e), chunk, words in zip(spans, chunks, word_tokenize_many(chunks),
                                            strict=True)]


def tokenize_sentence(text: str, start: int, end: int) -> Sentence:
    return tokenize_sentences(text, [(start, end)])[0]


def segment(text: str) -> list[Sentence]:
    """Every sentence of `text` with its words; offsets index `text`."""
    return tokenize_sentences(text, split_sentences(text))
