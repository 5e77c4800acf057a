"""The spec's worked examples (shared/spec/extraction.md §5) on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.model import Extraction
from nlp.zones import find_zones
from unionnews.context import extract_article as extract

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed000() -> tuple[str, Extraction]:
    text = _seed("000")
    return text, extract(text, published="2024-07-20", site="laodongthudo.vn")


@pytest.fixture(scope="module")
def seed002() -> tuple[str, Extraction]:
    text = _seed("002")
    return text, extract(text, published="2023-03-22")


@pytest.fixture(scope="module")
def seed003() -> tuple[str, Extraction]:
    text = _seed("003")
    return text, extract(text, published="2016-12-20", site="laodongthudo.vn")


def _find(result: Extraction, value: float, unit: str | None = None):
    hits = [i for i in result.indicators if i.value == value and (unit is None or i.unit == unit)]
    assert hits, f"no indicator {value} {unit or ''}"
    return hits[0]


def test_kcn_target_at_least_80_percent_cba(seed000) -> None:
    text, result = seed000
    ind = next(i for i in result.indicators if i.text.startswith("ít nhất 80% doanh nghiệp"))
    assert (ind.value, ind.unit, ind.qualifier, ind.kind, ind.metric) == \
        (80, "%", "at_least", "target", "cba")
    assert ind.org == "Công đoàn các Khu công nghiệp và chế xuất Hà Nội"
    assert ind.period.to_json() == {"from": 2023, "to": 2028}
    assert text[ind.start:ind.end] == ind.text
    assert "Đến năm 2028" in ind.sentence


def test_thanh_xuan_achieved_against_plan_and_completion_rate(seed003) -> None:
    text, result = seed003
    members = _find(result, 2134)
    assert (members.target_value, members.unit, members.kind, members.metric) == \
        (1800, "đoàn viên", "achieved", "members_new")
    assert members.org == "Liên đoàn Lao động quận Thanh Xuân"
    assert members.period.to_json() == {"from": 2016, "to": 2016}
    rate = _find(result, 128.56)
    assert (rate.unit, rate.kind, rate.metric, rate.org) == \
        ("% kế hoạch", "achieved", "members_new", members.org)
    assert rate.period == members.period
    assert text[rate.start:rate.end] == "128,56%"


def test_hai_phong_targets_of_2023(seed002) -> None:
    _, result = seed002
    members = _find(result, 30000, "đoàn viên")
    unions = _find(result, 160, "CĐCS")
    for ind, metric in ((members, "members_new"), (unions, "unions_new")):
        assert ind.kind == "target"
        assert ind.metric == metric
        assert ind.org == "Liên đoàn Lao động thành phố Hải Phòng"
        assert ind.period.to_json() == {"from": 2023, "to": 2023}


def test_four_achieved_counts_under_management(seed003) -> None:
    _, result = seed003
    expected = [(198, "CĐCS", "exact", "unions_total"),
                (10493, "đoàn viên", "exact", "members_total"),
                (40, "CĐCS", "about", "unions_total"),
                (18000, "đoàn viên", "more_than", "members_total")]
    for value, unit, qualifier, metric in expected:
        ind = _find(result, value, unit)
        assert (ind.qualifier, ind.kind, ind.metric) == (qualifier, "achieved", metric)


def test_short_references_resolve_from_context(seed003) -> None:
    _, result = seed003
    canon = {o.text: o.canonical for o in result.organisations}
    assert canon["LĐLĐ quận"] == "Liên đoàn Lao động quận Thanh Xuân"
    assert canon["LĐLĐ Thành phố"] == "Liên đoàn Lao động thành phố Hà Nội"


def test_generic_categories_are_not_organisations(seed000) -> None:
    _, result = seed000
    names = {o.text for o in result.organisations}
    assert not any(n.startswith(("Công đoàn cấp trên", "Công đoàn các cấp", "Công đoàn cơ sở"))
                   for n in names)
    assert "Công đoàn các Khu công nghiệp và chế xuất (KCN&CX) Hà Nội" in names


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_teasers_and_footers_give_no_indicators(prefix: str) -> None:
    text = _seed(prefix)
    body_end = max(z.end for z in find_zones(text) if z.label == "body")
    result = extract(text, published="2024-07-20")
    assert result.indicators
    assert all(i.end <= body_end for i in result.indicators)
    assert all(o.end <= body_end for o in result.organisations)
    # the teasers' own figures ("02 giải thưởng", "2.319.496 tỷ đồng") are never reported
    assert not any(i.text.startswith(("02 giải", "2.319.496")) for i in result.indicators)


def test_every_offset_indexes_the_input(seed002) -> None:
    text, result = seed002
    for item in [*result.indicators, *result.organisations]:
        assert text[item.start:item.end] == item.text
    for ind in result.indicators:
        assert ind.sentence in text
        assert 0 <= ind.score <= 1


def test_unknown_site_gives_no_regional_context() -> None:
    text = "LĐLĐ Thành phố tổ chức hội nghị. Năm 2024 đã kết nạp 1.200 đoàn viên."
    result = extract(text, published="2024-05-01", site="unknown.example.org")
    assert result.indicators and result.indicators[0].value == 1200
