"""Timelines: the federation and the bodies under it, targets beside results, safe exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.model import Extraction, Indicator, Period
from unionnews.cli import cli
from unionnews.store import Article, import_records, open_store, save_extraction, upsert_article
from unionnews.timeline import (
    UnknownFederation,
    chart_series,
    html_page,
    render_chart,
    resolve_federation,
    timeline_rows,
    timelinejs,
)

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_extractions.jsonl"
HANOI = "Liên đoàn Lao động thành phố Hà Nội"
EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline") / "store.db"
    db = open_store(path)
    import_records(db, [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines()])
    # A scraped title, sentence and organisation carrying markup.
    article_id, _ = upsert_article(db, Article(
        url="https://laodongthudo.vn/x-1.html?a=1&b=\"2\"", site="laodongthudo",
        federation=HANOI, title=f"Tiêu đề {EVIL}", body="Nội dung.",
        published="2025-03-01T08:00:00+07:00"))
    save_extraction(db, article_id, Extraction(indicators=[Indicator(
        text="5 CĐCS", start=0, end=6, value=5, unit="CĐCS", qualifier="exact",
        kind="achieved", metric="unions_new", org=f"Công đoàn Công ty {EVIL}",
        period=Period(2025, 2025), sentence=f"Thành lập 5 CĐCS {EVIL}", score=0.7)]))
    db.close()
    return path


@pytest.fixture()
def db(db_path):
    return open_store(db_path)


def test_federation_resolves_by_name_without_accents_and_by_site_key(db):
    by_name = resolve_federation(db, "lien doan lao dong thanh pho ha noi")
    assert by_name[1] == HANOI
    assert resolve_federation(db, "laodongthudo") == by_name
    with pytest.raises(UnknownFederation):
        resolve_federation(db, "Liên đoàn Lao động sao Hỏa")


def test_rows_cover_bodies_below_in_period_order_with_completion(db):
    federation_id, _ = resolve_federation(db, HANOI)
    rows = timeline_rows(db, federation_id)
    orgs = {r["org"] for r in rows}
    assert "Liên đoàn Lao động quận Thanh Xuân" in orgs  # district under Hanoi
    assert "Công đoàn các Khu công nghiệp và chế xuất Hà Nội" in orgs  # zone under Hanoi
    assert "Liên đoàn Lao động thành phố Hải Phòng" not in orgs
    keys = [(r["period_from"], r["period_to"], r["published"]) for r in rows]
    assert keys == sorted(keys)
    result_2020 = next(r for r in rows if r["org"] == HANOI and r["period_to"] == 2020
                       and r["kind"] == "achieved")
    assert result_2020["target"] == 30000 and result_2020["completion"] == pytest.approx(0.877)
    own_target = next(r for r in rows if r["value"] == 2134)
    assert own_target["completion"] == pytest.approx(2134 / 1800, abs=1e-4)
    assert all(r["url"] and r["sentence"] for r in rows)
    only_cba = timeline_rows(db, federation_id, "cba")
    assert only_cba and {r["metric"] for r in only_cba} == {"cba"}


def test_chart_series_is_the_federations_own_recruitment(db):
    federation_id, name = resolve_federation(db, HANOI)
    metric, unit, targets, results = chart_series(timeline_rows(db, federation_id), name)
    assert (metric, unit) == ("members_new", "đoàn viên")
    assert targets[2024] == 40000 and results[2024] == 38900
    assert sorted(results) == list(range(2019, 2025))


def test_timelinejs_is_valid_and_escaped(db):
    federation_id, name = resolve_federation(db, HANOI)
    data = json.loads(json.dumps(timelinejs(timeline_rows(db, federation_id), name)))
    assert data["title"]["text"]["headline"] == HANOI
    assert len(data["events"]) == len(timeline_rows(db, federation_id))
    for event in data["events"]:
        assert isinstance(event["start_date"]["year"], int)
        assert event["text"]["headline"] and "<p>" in event["text"]["text"]
        if "end_date" in event:
            assert event["end_date"]["year"] > event["start_date"]["year"]
    assert "<script>" not in json.dumps(data) and "&lt;script&gt;" in json.dumps(data)


def test_html_page_is_self_contained_and_escapes_scraped_text(db):
    federation_id, name = resolve_federation(db, HANOI)
    page = html_page(timeline_rows(db, federation_id), name)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<svg" in page and page.count("<tr>") == len(timeline_rows(db, federation_id)) + 1
    assert "src=\"http" not in page and "<link" not in page  # nothing fetched from elsewhere


def test_png_and_svg_charts(db):
    federation_id, name = resolve_federation(db, HANOI)
    rows = timeline_rows(db, federation_id)
    assert render_chart(rows, name, "png").startswith(b"\x89PNG")
    svg = render_chart(rows, name, "svg")
    assert b"<svg" in svg and b"2024" in svg


def test_cli_writes_every_format(db_path, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["timeline", "Ha Noi", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("period_from,period_to")
    for fmt in ("json", "timelinejs", "html", "png", "svg"):
        out = tmp_path / f"t.{fmt}"
        result = runner.invoke(cli, ["timeline", "laodongthudo", "--format", fmt,
                                     "--out", str(out), "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    assert json.loads((tmp_path / "t.json").read_text())["federation"] == HANOI
    for bad in (["nowhere at all"], ["laodongthudo", "--format", "png"],
                ["laodongthudo", "--metric", "bogus"]):
        result = runner.invoke(cli, ["timeline", *bad, "--db", str(db_path)])
        assert result.exit_code == 2, bad
