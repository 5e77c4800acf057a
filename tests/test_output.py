"""What readers get: Vietnamese numbers, qualifiers kept, spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io

import pytest

from unionnews.labels import format_figure, format_number, format_percent, metric_label
from unionnews.output import as_csv


@pytest.mark.parametrize(("value", "text"), [
    (10493, "10.493"), (66.68, "66,68"), (1234.5, "1.234,5"), (100.0, "100"), (97.25, "97,25"),
    (None, "")])
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert format_number(value) == text


def test_figures_keep_their_qualifier_unit_and_per():
    assert format_figure(18000, "đoàn viên", "more_than") == "hơn 18.000 đoàn viên"
    assert format_figure(6.4e9, "đồng", "exact") == "6,4 tỷ đồng"
    assert format_figure(50e6, "đồng", "exact", per="căn") == "50 triệu đồng/căn"
    assert format_figure(80, "%", "at_least") == "ít nhất 80 %"
    assert format_percent(0.9725) == "97,3 %"
    assert metric_label("members_new") == "Phát triển đoàn viên"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    rows = [{"sentence": "=HYPERLINK(\"http://x\")", "org": "@SUM(A1)", "value": -3.0,
             "note": "+1", "plain": "Công đoàn"}]
    parsed = next(csv.DictReader(io.StringIO(as_csv(rows, list(rows[0])))))
    assert parsed == {"sentence": "'=HYPERLINK(\"http://x\")", "org": "'@SUM(A1)",
                      "value": "-3.0", "note": "'+1", "plain": "Công đoàn"}


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)",
                                 "data:text/html,<b>x</b>", "vbscript:x", "", None])
def test_only_http_urls_become_links(url):
    from unionnews.pages import link, safe_url

    assert safe_url(url) is None
    assert "href" not in link(url, "<b>bài</b>") and "&lt;b&gt;" in link(url, "<b>bài</b>")


def test_the_figure_is_highlighted_in_its_escaped_sentence():
    from unionnews.pages import highlight

    assert highlight("Kết nạp <b>hơn 18 nghìn đoàn viên</b>.", "hơn 18 nghìn đoàn viên") == (
        "Kết nạp &lt;b&gt;<mark>hơn 18 nghìn đoàn viên</mark>&lt;/b&gt;.")
