"""Word segmentation: a whole article's sentences through underthesea's CRF at once give the
same words as underthesea's `word_tokenize` sentence by sentence."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import word_tokenize

from nlp.segment import segment, split_sentences, word_tokenize_many

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"

_PIECES = st.sampled_from([
    "Công đoàn", "nghành", "Ð", "ð", "hoà", "Thuỷ", "LĐLĐ", "TP.HCM", " ", ", ", ". ",
    "2134/1800", "128,56%", "10.493", "ngày 12/6/2021", "https://laodongthudo.vn/a.html",
    "a@b.vn", "0912.345.678", "(", ")", "–", "kế hoạch", "đoàn viên", "Quận", "Đống Đa",
])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=10).map("".join), max_size=4))
def test_many_chunks_segment_as_word_tokenize_does_each(chunks: list[str]) -> None:
    chunks = chunks + [unicodedata.normalize("NFD", c) for c in chunks]
    assert word_tokenize_many(chunks) == [word_tokenize(c) for c in chunks]


def test_real_articles_segment_as_word_tokenize_does() -> None:
    chunks = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        chunks += [text[s:e] for s, e in split_sentences(text)]
    assert len(chunks) > 150  # several of the featurizer's batches
    assert word_tokenize_many(chunks) == [word_tokenize(c) for c in chunks]


def test_every_word_indexes_the_text() -> None:
    text = "Năm 2016, LĐLĐ quận Thanh Xuân kết nạp 2134/1800 đoàn viên.\nThoả ước ký mới: 70."
    sentences = segment(text)
    assert [s.text for s in sentences] == [text[s.start:s.end] for s in sentences]
    words = [t for s in sentences for t in s.tokens]
    assert "Thanh Xuân" in [w.text for w in words]
    assert all(text[w.start:w.end] == w.text for w in words)
