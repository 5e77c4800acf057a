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
    chart_panels,
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
    # A scraped title, sentence and organisation carrying markup, behind a javascript: URL.
    article_id, _ = upsert_article(db, Article(
        url="javascript:alert(document.cookie)//x-1.html?a=1&b=\"2\"", site="laodongthudo",
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


def test_charts_are_the_federations_own_figures_one_panel_per_metric(db):
    federation_id, _ = resolve_federation(db, HANOI)
    panels = chart_panels(timeline_rows(db, federation_id))
    assert [(p.metric, p.unit) for p in panels] == [("members_new", "đoàn viên")]
    recruitment = panels[0]
    assert recruitment.targets[2024] == (40000, "exact")
    assert recruitment.results[2024] == (38900, "exact")
    assert sorted(recruitment.results) == list(range(2019, 2025))  # not Thanh Xuân's 2016


def test_a_district_is_its_own_series_never_the_federations(db):
    federation_id, _ = resolve_federation(db, HANOI)
    rows = timeline_rows(db, federation_id)
    thanh_xuan = [r for r in rows if r["org"] == "Liên đoàn Lao động quận Thanh Xuân"]
    assert thanh_xuan and not any(r["own"] for r in thanh_xuan)
    page = html_page(rows, HANOI)
    assert page.index('id="own"') < page.index("Liên đoàn Lao động quận Thanh Xuân</h2>")


def test_completion_comes_from_the_promise_tracker(db):
    from unionnews.promises import promises_for

    federation_id, _ = resolve_federation(db, HANOI)
    rows = {r["id"]: r for r in timeline_rows(db, federation_id)}
    for promise in promises_for(db, federation_id):
        if promise.result is not None:
            assert rows[promise.result.id]["completion"] == promise.completion


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
    assert 'href=\\"javascript:' not in json.dumps(data)


def test_html_page_is_self_contained_and_escapes_scraped_text(db):
    federation_id, name = resolve_federation(db, HANOI)
    page = html_page(timeline_rows(db, federation_id), name)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    rows = timeline_rows(db, federation_id)
    assert "<svg" in page and page.count("<tr><td>") == len(rows)
    assert "src=\"http" not in page and "<link" not in page  # nothing fetched from elsewhere
    assert 'href="javascript:' not in page
    assert "Phát triển đoàn viên" in page and "members_new" not in page
    assert "97,3 % của chỉ tiêu 40.000" in page  # Vietnamese numbers throughout
    assert "Dữ liệu giả lập" not in page  # the fixture is not the replica's data


def test_png_and_svg_charts(db):
    federation_id, name = resolve_federation(db, HANOI)
    rows = timeline_rows(db, federation_id)
    assert render_chart(rows, name, "png").startswith(b"\x89PNG")
    svg = render_chart(rows, name, "svg")
    assert b"<svg" in svg and b"2024" in svg and "Phát triển đoàn viên".encode() in svg
    assert b"38.900" in svg


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
    exported = json.loads((tmp_path / "t.json").read_text())
    assert exported["federation"] == HANOI and exported["invented_data"] is False
    for bad in (["nowhere at all"], ["laodongthudo", "--format", "png"],
                ["laodongthudo", "--metric", "bogus"]):
        result = runner.invoke(cli, ["timeline", *bad, "--db", str(db_path)])
        assert result.exit_code == 2, bad


def _store_with(tmp_path, url, indicators, body):
    path = tmp_path / "one.db"
    db = open_store(path)
    article_id, _ = upsert_article(db, Article(
        url=url, site="laodongthudo", federation=HANOI, title="Tin", body=body,
        published="2025-03-01T08:00:00+07:00"))
    save_extraction(db, article_id, Extraction(indicators=indicators))
    return db


def _money(value, kind, body):
    text = f"{value:,.0f}".replace(",", ".") + " đồng"
    start = body.index(text)
    return Indicator(text=text, start=start, end=start + len(text), value=value, unit="đồng",
                     qualifier="exact", kind=kind, metric="welfare", org=HANOI,
                     period=Period(2025, 2025), sentence=body, score=0.9)


def test_an_impossible_completion_is_flagged_not_shown(tmp_path):
    body = "Mỗi suất quà trị giá 25.000 đồng; tổng kinh phí 240.000.000 đồng."
    db = _store_with(tmp_path, "https://laodongthudo.vn/qua-1.html",
                     [_money(25000, "target", body), _money(240_000_000, "achieved", body)],
                     body)
    db.execute("update indicators set status = 'publish'")
    federation_id, _ = resolve_federation(db, HANOI)
    rows = timeline_rows(db, federation_id)
    result = next(r for r in rows if r["kind"] == "achieved")
    assert result["completion"] is None and "không thể đúng" in result["flag"]
    page = html_page(rows, HANOI)
    assert "960" not in page.replace("240.000.000", "") and 'class="badge flag"' in page
    assert "240 triệu đồng" in page


def test_invented_replica_data_is_marked_and_never_linked(tmp_path):
    from crawler.replica.pages import replica_articles

    written = next(a for a in replica_articles()
                   if a.origin == "written-for-replica" and a.site == "laodongthudo")
    body = "LĐLĐ Thành phố kết nạp 3.400 đoàn viên."
    start = body.index("3.400 đoàn viên")
    db = _store_with(tmp_path, "https://laodongthudo.vn" + written.path, [Indicator(
        text="3.400 đoàn viên", start=start, end=start + 15, value=3400, unit="đoàn viên",
        qualifier="exact", kind="achieved", metric="members_new", org=HANOI,
        period=Period(2025, 2025), sentence=body, score=0.9)], body)
    federation_id, _ = resolve_federation(db, HANOI)
    rows = timeline_rows(db, federation_id)
    page = html_page(rows, HANOI)
    assert page.count("Dữ liệu giả lập") == 2  # top and bottom of the page
    assert "laodongthudo.vn" not in page.replace("laodongthudo · ", "")
    events = json.dumps(timelinejs(rows, HANOI), ensure_ascii=False)
    assert "Dữ liệu giả lập" in events and "href" not in events
    assert "cần kiểm tra" in page  # its status is check: marked on its row
    assert b"GI\xe1\xba\xa2 L\xe1\xba\xacP" in render_chart(rows, HANOI, "svg", include_check=True)
