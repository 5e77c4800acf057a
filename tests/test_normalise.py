"""Normalisation: NFD and NFC input give one result; every offset indexes the input."""

from __future__ import annotations

import html
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalise import fold, normalise
from unionnews.context import extract_article as extract

SAMPLE = (
    "LĐLĐ quận Thanh Xuân: kết quả năm 2016\n"
    "Năm 2016, LĐLĐ quận Thanh Xuân đã kết nạp được 2134/1800 đoàn viên (đạt 128,56%), "
    "thành lập mới 30 CĐCS; 70 doanh nghiệp ký Thoả ước lao động tập thể."
)

_PIECES = st.sampled_from([
    "Công đoàn", "thoả ước", "thỏa ước", "Uỷ ban", " ", "\u00a0", "&amp;", "&#272;",
    "đoàn viên", "10.493", "128,56%", "\n", "hoà", "LĐLĐ", "Khoẻ", "&nbsp;", "\u200b",
])


@settings(max_examples=150)
@given(st.lists(_PIECES, max_size=12))
def test_nfd_and_nfc_normalise_to_the_same_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    nfd = unicodedata.normalize("NFD", text)
    assert normalise(nfd).text == normalise(text).text


@settings(max_examples=150)
@given(st.lists(_PIECES, max_size=12))
def test_every_span_maps_back_inside_the_input(pieces: list[str]) -> None:
    original = unicodedata.normalize("NFD", "".join(pieces))
    norm = normalise(original)
    assert len(norm.origins) == len(norm.text) + 1
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s < e <= len(original)
        # the original piece is the character it stands for, up to its tone mark's placement
        # ("thoả" → "thỏa" moves a mark) and entity decoding
        piece = fold(html.unescape(original[s:e]))
        assert fold(norm.text[i]) in piece or norm.text[i] == " "


def test_tone_mark_placements_are_made_equal() -> None:
    assert normalise("thoả ước").text == normalise("thỏa ước").text
    assert normalise("Uỷ ban").text == normalise("Ủy ban").text
    assert fold("Liên đoàn Lao động") == "lien doan lao dong"


def test_extraction_of_nfd_input_equals_nfc_and_offsets_index_the_input() -> None:
    nfc = extract(SAMPLE, published="2016-12-20", site="laodongthudo.vn")
    nfd_text = unicodedata.normalize("NFD", SAMPLE)
    nfd = extract(nfd_text, published="2016-12-20", site="laodongthudo.vn")
    assert [(i.value, i.kind, i.metric, i.unit) for i in nfc.indicators] == \
        [(i.value, i.kind, i.metric, i.unit) for i in nfd.indicators]
    assert [o.canonical for o in nfc.organisations] == [o.canonical for o in nfd.organisations]
    assert nfd.indicators
    for item in [*nfd.indicators, *nfd.organisations]:
        assert nfd_text[item.start:item.end] == item.text
        assert unicodedata.normalize("NFC", item.text) in SAMPLE or "Thoả" in item.text


def test_offsets_index_text_with_html_entities() -> None:
    text = SAMPLE.replace("đoàn viên", "&#273;o&agrave;n vi&ecirc;n").replace(" (", "&nbsp;(")
    result = extract(text, published="2016-12-20")
    assert any(i.value == 2134 and i.unit == "đoàn viên" for i in result.indicators)
    for item in [*result.indicators, *result.organisations]:
        assert text[item.start:item.end] == item.text
    hit = next(i for i in result.indicators if i.value == 2134)
    assert "&#273;o&agrave;n" in hit.text


def test_a_composed_line_keeps_its_offsets_when_another_line_needs_work() -> None:
    # "KCN&CX" looks like an entity's start, so the text takes the slow path line by line
    plain = "Công đoàn các KCN&CX Hà Nội kết nạp 120 đoàn viên."
    decomposed = unicodedata.normalize("NFD", "Thoả ước lao động tập thể")
    norm = normalise(plain + "\n" + decomposed + "&nbsp;x")
    assert norm.text == plain + "\nThỏa ước lao động tập thể x"
    assert list(norm.origins[:len(plain) + 1]) == list(range(len(plain) + 1))
    assert norm.to_original(len(plain) + 1, len(plain) + 5) == (
        len(plain) + 1, len(plain) + 1 + len(unicodedata.normalize("NFD", "Thoả")))
