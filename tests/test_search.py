"""Search: accents, tone-mark placement, đ and case ignored; hostile queries never raise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.model import Extraction, Indicator, Period
from unionnews.cli import cli
from unionnews.folding import fold, fts_query, query_tokens
from unionnews.search import Filters, UnknownOrganisation, search_articles, search_indicators
from unionnews.store import Article, import_records, open_store, save_extraction, upsert_article

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_extractions.jsonl"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "store.db"
    db = open_store(path)
    import_records(db, [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines()])
    db.close()
    return path


@pytest.fixture()
def db(db_path):
    return open_store(db_path)


def _sentences(rows):
    return [row["sentence"] for row in rows]


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Thỏa ước", "thoa uoc"), ("thoả ước", "thoa uoc"), ("Công đoàn", "cong doan"),
     ("ĐOÀN VIÊN", "doan vien"), ("Hồ Chí Minh", "ho chi minh"),
     ("Tho\u0309a", "thoa")],  # decomposed input folds alike
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_both_tone_mark_placements_are_found_without_accents(db):
    sentences = _sentences(search_indicators(db, "thoa uoc"))
    assert any("Thoả ước" in s for s in sentences)  # new-style placement
    assert any("thỏa ước" in s for s in sentences)  # old-style placement
    assert len(sentences) == 2


def test_accented_query_and_d_bar_match_the_same_rows(db):
    plain = search_indicators(db, "cong doan thu do")
    accented = search_indicators(db, "CÔNG ĐOÀN Thủ Đô")
    assert plain and [r["id"] for r in plain] == [r["id"] for r in accented]
    assert all("Công đoàn Thủ đô" in s for s in _sentences(plain))


def test_words_must_all_be_present(db):
    assert search_indicators(db, "thoa uoc 2028") and all(
        "2028" in s for s in _sentences(search_indicators(db, "thoa uoc 2028")))
    assert search_indicators(db, "thoa uoc khongcochu") == []


@pytest.mark.parametrize("query", ['"thoa', "thoa -uoc", "uoc*", "NEAR(thoa uoc)",
                                   "(thoa uoc", "thoa) AND OR NOT", "'", "***", "-"])
def test_operator_characters_are_searched_literally(db, query):
    rows = search_indicators(db, query)
    words = query_tokens(query)
    if any(w in ("near", "and", "or", "not") for w in words):
        assert rows == []  # those words are not in any sentence
    elif fts_query(query) is None:
        assert rows == []
    else:
        assert rows and all("ước" in s or "uoc" in fold(s) for s in _sentences(rows))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_no_query_raises(db_path, query):
    db = open_store(db_path)
    search_indicators(db, query)
    search_articles(db, query)


def test_filters_narrow_the_result(db):
    everything = search_indicators(db, "")
    assert len(everything) == 18
    targets = search_indicators(db, "", Filters(kind="target", metric="members_new"))
    assert targets and {(r["kind"], r["metric"]) for r in targets} == {("target", "members_new")}
    by_org = search_indicators(db, "", Filters(org="LĐLĐ quan Thanh Xuan"))
    assert {r["org"] for r in by_org} == {"Liên đoàn Lao động quận Thanh Xuân"}
    years = search_indicators(db, "", Filters(year_from=2023, year_to=2023))
    assert years and all(r["period_from"] <= 2023 <= r["period_to"] for r in years)
    assert {r["site"] for r in search_indicators(db, "", Filters(site="haiphong"))} == {
        "haiphong"}
    with pytest.raises(UnknownOrganisation):
        search_indicators(db, "", Filters(org="không có tổ chức này"))


def test_article_search_covers_title_lead_and_body(db):
    by_title = search_articles(db, "vuot chi tieu")
    assert [r["title"] for r in by_title] == ["Thanh Xuân vượt chỉ tiêu phát triển đoàn viên"]
    by_lead = search_articles(db, "nhiem ky 2023 2028")
    assert len(by_lead) == 1 and "thoa-uoc" in by_lead[0]["url"]


def test_article_inserted_later_is_indexed(tmp_path):
    db = open_store(tmp_path / "s.db")
    article_id, _ = upsert_article(db, Article(
        url="https://x.vn/a-1.html", site="x", title="Đối thoại", body="Hội nghị đối thoại."))
    save_extraction(db, article_id, Extraction(indicators=[Indicator(
        text="950 doanh nghiệp", start=0, end=5, value=950, unit="doanh nghiệp",
        qualifier="exact", kind="achieved", metric="dialogue_democracy", org=None,
        period=Period(2024, 2024), sentence="Đối thoại tại 950 doanh nghiệp.", score=0.8)]))
    assert [r["id"] for r in search_articles(db, "doi thoai")] == [article_id]
    assert [r["value"] for r in search_indicators(db, "doi thoai")] == [950]


def test_cli_formats_and_errors(db_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "thoa uoc", "--format", "json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["metric"] for r in rows} == {"cba"} and all(r["url"] for r in rows)

    result = runner.invoke(cli, ["search", "", "--kind", "achieved", "--metric", "members_new",
                                 "--from", "2016", "--to", "2016", "--format", "csv",
                                 "--db", str(db_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("id,org,metric,kind,value")
    assert len(result.stdout.splitlines()) == 3  # header + the two Thanh Xuân figures

    result = runner.invoke(cli, ["search", "cong doan", "--db", str(db_path)])
    assert result.exit_code == 0 and "Công đoàn" in result.stdout

    for bad in (["--org", "nobody at all"], ["--from", "2025", "--to", "2020"],
                ["--metric", "nonsense"], ["--articles", "--kind", "target"]):
        result = runner.invoke(cli, ["search", "x", *bad, "--db", str(db_path)])
        assert result.exit_code == 2, bad
        assert "Traceback" not in result.output

    missing = db_path.parent / "missing.db"
    result = runner.invoke(cli, ["search", "x", "--db", str(missing)])
    assert result.exit_code == 2 and not missing.exists()
