"""The promise tracker: which result answers which target, and how complete it is.

The cases are the spec's settled ones (shared/spec/extraction.md §6) and the issue's: a total
never against a per-meal price, a rate never against a count, a body's results never merged
into the federation's, impossible completions flagged instead of shown.
"""

from __future__ import annotations

import json
from dataclasses import fields
from itertools import count

import pytest
from click.testing import CliRunner

from unionnews.cli import cli
from unionnews.promises import Figure, build_promises, completion, distinct_figures
from unionnews.store import import_records, open_store

HANOI, THANH_XUAN = 1, 2
_ids = count(1)


def fig(kind: str, value: float, unit: str = "đoàn viên", year: int | tuple = 2024,
        **extra) -> Figure:
    start, end = (year, year) if isinstance(year, int) else year
    row = {f.name: None for f in fields(Figure)}
    row.update(id=next(_ids), article_id=next(_ids), organisation_id=HANOI,
               org="Liên đoàn Lao động thành phố Hà Nội", metric="members_new", kind=kind,
               value=value, unit=unit, qualifier="exact", period_from=start, period_to=end,
               text=f"{value:g} {unit}", start=0, end=5, sentence=f"… {value:g} {unit} …",
               status="publish", site="laodongthudo", published=f"{end + 1}-01-10",
               url="https://laodongthudo.vn/a.html", title="Bài")
    row.update(extra)
    return Figure(**row)


def only(promises):
    assert len(promises) == 1, promises
    return promises[0]


@pytest.mark.parametrize(("result", "status", "ratio"), [
    (41000, "vượt", 1.025), (40000, "đạt", 1.0), (38900, "chưa đạt", 0.9725)])
def test_a_years_target_against_that_years_result(result, status, ratio):
    promise = only(build_promises([fig("target", 40000), fig("achieved", result)], 2026))
    assert (promise.status, promise.completion) == (status, pytest.approx(ratio))
    assert promise.result.value == result


def test_completion_is_one_formula_a_ratio():
    assert completion(2134, 1800) == pytest.approx(1.1856)
    assert completion(5, 0) is None


def test_a_total_in_dong_never_answers_a_per_meal_price():
    target = fig("target", 25000, "đồng", metric="welfare", per="suất")
    total = fig("achieved", 240_000_000, "đồng", metric="welfare")
    promise = only(build_promises([target, total], 2026))
    assert promise.result is None and promise.status == "không có số liệu"


def test_a_rate_never_answers_a_count():
    share = fig("target", 80, "%", metric="cba", qualifier="at_least")
    firms = fig("achieved", 70, "doanh nghiệp", metric="cba")
    assert only(build_promises([share, firms], 2026)).result is None


def test_a_district_result_never_answers_the_federations_target():
    target = fig("target", 40000)
    district = fig("achieved", 3400, organisation_id=THANH_XUAN,
                   org="Liên đoàn Lao động quận Thanh Xuân")
    assert only(build_promises([target, district], 2026)).status == "không có số liệu"


def test_a_decrease_never_answers_a_recruitment_target():
    target = fig("target", 3000)
    drop = fig("achieved", 1446, change="decrease")
    assert only(build_promises([target, drop], 2026)).result is None


def test_an_annual_target_of_a_term_is_judged_year_by_year():
    annual = fig("target", 80, "%", (2023, 2028), metric="training", recurring="annual",
                 qualifier="at_least")
    r2023 = fig("achieved", 85, "%", 2023, metric="training")
    r2024 = fig("achieved", 70, "%", 2024, metric="training")
    promises = build_promises([annual, r2023, r2024], this_year=2025)
    assert [(p.period_from, p.status) for p in promises] == [
        (2023, "vượt"), (2024, "chưa đạt"), (2025, "đang thực hiện")]
    unanswered = build_promises([annual], this_year=2025)
    assert [(p.period_from, p.period_to, p.status) for p in unanswered] == [
        (2023, 2028, "đang thực hiện")]


def test_a_term_target_with_results_so_far_is_in_progress():
    term = fig("target", 30000, year=(2023, 2028))
    so_far = fig("achieved", 12000, year=(2023, 2024))
    promise = only(build_promises([term, so_far], this_year=2025))
    assert (promise.status, promise.completion) == ("đang thực hiện", pytest.approx(0.4))


def test_a_result_against_its_own_plan_is_its_own_promise():
    own = fig("achieved", 2134, year=2016, target_value=1800,
              organisation_id=THANH_XUAN, org="Liên đoàn Lao động quận Thanh Xuân")
    promise = only(build_promises([own], 2026))
    assert (promise.target_value, promise.status) == (1800, "vượt")
    assert promise.completion == pytest.approx(2134 / 1800, abs=1e-4)


def test_a_stated_completion_rate_answers_when_no_count_does():
    target = fig("target", 1800, year=2016)
    rate = fig("achieved", 128.56, "% kế hoạch", 2016)
    promise = only(build_promises([target, rate], 2026))
    assert (promise.status, promise.completion) == ("vượt", pytest.approx(1.2856))


def test_an_impossible_completion_is_flagged_never_shown():
    price = fig("target", 25000, "đồng", metric="welfare")  # the extractor missed "mỗi suất"
    total = fig("achieved", 240_000_000, "đồng", metric="welfare")
    promise = only(build_promises([price, total], 2026))
    assert promise.completion is None and promise.status == "cần kiểm tra"
    assert "gấp hơn 5 lần" in promise.flag
    share = only(build_promises([fig("target", 90, "%"), fig("achieved", 130, "%")], 2026))
    assert share.completion is None and share.status == "cần kiểm tra"


def test_the_same_target_restated_is_one_promise_and_repeats_are_one_figure():
    first = fig("target", 40000, published="2024-01-05")
    again = fig("target", 40000, published="2024-06-05")
    assert only(build_promises([first, again], 2026)).target is again
    headline = fig("achieved", 38900, start=3)
    body = fig("achieved", 38900, start=300, article_id=headline.article_id)
    assert distinct_figures([headline, body]) == [body]


# --- the command, on a store -------------------------------------------------------------

SITE_HANOI = "Liên đoàn Lao động thành phố Hà Nội"


def _record(url, text, indicators, published="2025-01-10T08:00:00+07:00"):
    return {"article": {"url": url, "site": "laodongthudo", "federation": SITE_HANOI,
                        "title": "Tin", "body": text, "published": published},
            "extraction": {"indicators": indicators, "extractor_version": "t"}}


def _indicator(text, body, value, kind, status="publish", **extra):
    start = body.index(text)
    return {"text": text, "start": start + len("Tin\n\n"), "end": start + len("Tin\n\n")
            + len(text), "value": value, "unit": "đoàn viên", "qualifier": "exact",
            "kind": kind, "metric": "members_new", "org": SITE_HANOI,
            "period": {"from": 2024, "to": 2024}, "sentence": body, "score": 0.5,
            "status": status, **extra}


@pytest.fixture()
def store_path(tmp_path):
    plan = "Năm 2024 LĐLĐ Thành phố phấn đấu kết nạp 40.000 đoàn viên <b>mới</b>."
    done = "Năm 2024 LĐLĐ Thành phố kết nạp được 38.900 đoàn viên."
    unsure = "Năm 2024 LĐLĐ Thành phố kết nạp thêm 2.000 đoàn viên."
    path = tmp_path / "store.db"
    db = open_store(path)
    import_records(db, [
        _record("https://laodongthudo.vn/plan-1.html", plan,
                [_indicator("40.000 đoàn viên", plan, 40000, "target")]),
        _record("javascript:alert(1)", done,
                [_indicator("38.900 đoàn viên", done, 38900, "achieved")]),
        _record("https://laodongthudo.vn/unsure-3.html", unsure,
                [_indicator("2.000 đoàn viên", unsure, 42000, "achieved", status="check")],
                published="2025-02-10T08:00:00+07:00"),
    ])
    db.close()
    return path


def test_cli_counts_publish_figures_unless_asked(store_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["promises", "laodongthudo", "--db", str(store_path),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    promise = only(data["promises"])
    assert (promise["status"], promise["completion"]) == ("chưa đạt", 0.9725)
    assert promise["result"]["sentence"] and promise["target"]["url"].startswith("https://")
    result = runner.invoke(cli, ["promises", "laodongthudo", "--db", str(store_path),
                                 "--format", "json", "--include-check"])
    assert only(json.loads(result.stdout)["promises"])["status"] == "vượt"


def test_cli_formats_are_vietnamese_escaped_and_safe(store_path):
    runner = CliRunner()
    table = runner.invoke(cli, ["promises", "Hà Nội", "--db", str(store_path)]).stdout
    assert "40.000 đoàn viên" in table and "97,3 %" in table and "chưa đạt" in table
    csv_text = runner.invoke(cli, ["promises", "Hà Nội", "--db", str(store_path),
                                   "--format", "csv"]).stdout
    assert csv_text.startswith("period,metric,") and "Phát triển đoàn viên" in csv_text
    page = runner.invoke(cli, ["promises", "Hà Nội", "--db", str(store_path),
                               "--format", "html"]).stdout
    assert "<b>mới</b>" not in page and "&lt;b&gt;mới&lt;/b&gt;" in page
    assert 'href="javascript:' not in page and "<mark>40.000 đoàn viên</mark>" in page
    assert "<script" not in page
    out = store_path.parent / "pages" / "promises.html"
    result = runner.invoke(cli, ["promises", "Hà Nội", "--db", str(store_path), "--format",
                                 "html", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8") == page


@pytest.mark.parametrize("bad", [["--term", "2028-2023"], ["--term", "soon"],
                                 ["--metric", "bogus"]])
def test_cli_refuses_bad_input_in_one_line(store_path, bad):
    result = CliRunner().invoke(cli, ["promises", "Hà Nội", "--db", str(store_path), *bad])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_an_excess_over_plan_never_answers_a_count_and_x_of_a_total_is_no_plan():
    target = fig("target", 30000)
    excess = fig("achieved", 31, "%")  # "vượt 31% so với chỉ tiêu"
    assert only(build_promises([target, excess], 2026)).result is None
    congresses = fig("achieved", 17, "công đoàn xã", base_value=17)  # "17/17 công đoàn xã"
    assert build_promises([congresses], 2026) == []


def test_a_range_target_is_met_from_its_lower_bound():
    ranged = fig("target", 2000, qualifier="at_least", range_max=2500)  # "từ 2.000 đến 2.500"
    promise = only(build_promises([ranged, fig("achieved", 2100)], 2026))
    assert (promise.status, promise.completion) == ("vượt", pytest.approx(1.05))


def test_cli_term_keeps_the_targets_inside_it(store_path):
    def count(term):
        result = CliRunner().invoke(cli, ["promises", "Hà Nội", "--db", str(store_path),
                                          "--term", term, "--format", "json"])
        return len(json.loads(result.stdout)["promises"])

    assert (count("2023-2028"), count("2019-2020")) == (1, 0)
