"""The review desk: verdicts keyed by a figure's identity, surviving re-extraction, winning
everywhere, and teaching the next model through export-gold."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from corpus.build import load_gold
from unionnews.cli import cli
from unionnews.promises import load_figures
from unionnews.review import ReviewError, parse_correction, review_queue
from unionnews.search import Filters, search_indicators
from unionnews.store import Article, open_store, upsert_article

HANOI = "Liên đoàn Lao động thành phố Hà Nội"
BODY = ("Năm 2024, LĐLĐ Thành phố Hà Nội đã kết nạp được hơn 18 nghìn đoàn viên mới và "
        "thành lập mới 160 công đoàn cơ sở.")


@pytest.fixture()
def store_path(tmp_path):
    """A store with one real article, extracted by the shipped pipeline."""
    path = tmp_path / "store.db"
    db = open_store(path)
    upsert_article(db, Article(url="https://laodongthudo.vn/ket-nap-90001.html",
                               site="laodongthudo", federation=HANOI,
                               title="Kết quả phát triển đoàn viên", body=BODY,
                               published="2024-12-20T08:00:00+07:00"))
    db.close()
    result = CliRunner().invoke(cli, ["extract", "--db", str(path), "--backend", "rules"])
    assert result.exit_code == 0, result.output
    return path


def _run(*args):
    result = CliRunner().invoke(cli, [*args])
    assert result.exit_code == 0, result.output
    return result


def _figures(path):
    db = open_store(path)
    return {f.text: f for f in load_figures(db)}


def test_a_review_survives_reprocessing_and_keeps_the_figure_id(store_path):
    figures = _figures(store_path)
    members = next(f for t, f in figures.items() if "18" in t)
    unions = next(f for t, f in figures.items() if "160" in t)
    _run("review", str(unions.id), "--reject", "--by", "Lan", "--db", str(store_path))
    _run("review", str(members.id), "--set", "value=18500", "--set", "period=2023-2028",
         "--by", "Lan", "--db", str(store_path))
    _run("extract", "--reprocess", "--backend", "rules", "--db", str(store_path))
    after = _figures(store_path)
    assert unions.text not in after  # rejected: counted nowhere
    corrected = after[members.text]
    assert corrected.id == members.id
    assert (corrected.value, corrected.period_from, corrected.period_to) == (18500, 2023, 2028)
    assert corrected.status == "publish" and corrected.review_state == "corrected"
    shown = json.loads(_run("review", str(members.id), "--format", "json",
                            "--db", str(store_path)).stdout)
    assert shown["review"]["state"] == "corrected" and shown["review"]["by"] == "Lan"
    assert shown["review"]["value"] == 18500 and shown["review"]["at"]
    db = open_store(store_path)
    found = search_indicators(db, "doan vien")
    assert [r["value"] for r in found if r["id"] == members.id] == [18500]
    assert all(r["id"] != unions.id for r in search_indicators(db, ""))


def test_the_queue_lists_unreviewed_check_figures(store_path):
    db = open_store(store_path)
    queued = review_queue(db)
    assert queued and all(r["status"] == "check" for r in queued)
    _run("review", str(queued[0]["id"]), "--ok", "--by", "Lan", "--db", str(store_path))
    assert queued[0]["id"] not in [r["id"] for r in review_queue(open_store(store_path))]
    table = _run("review", "--queue", "--db", str(store_path)).stdout
    assert table.startswith("id")


def test_export_gold_writes_records_that_train_accepts(store_path, tmp_path):
    for figure in _figures(store_path).values():
        _run("review", str(figure.id), "--ok", "--by", "Lan", "--db", str(store_path))
    out = tmp_path / "reviewed.jsonl"
    _run("export-gold", "--out", str(out), "--db", str(store_path))
    records = load_gold(path=out)  # validates every span against the text
    assert len(records) == 1 and records[0]["split"] == "train"
    assert {i["value"] for i in records[0]["indicators"]} >= {18000.0, 160.0}
    model = tmp_path / "org.crfsuite"
    _run("train", "--backend", "crf", "--train-file", str(out), "--out", str(model))
    assert model.stat().st_size > 0


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("value", "18.500", {"value": 18500.0}),
    ("value", "66,68", {"value": 66.68}),
    ("value", "12.5", {"value": 12.5}),
    ("period", "2023-2028/annual", {"period_from": 2023, "period_to": 2028,
                                    "recurring": "annual"}),
    ("kind", "target", {"kind": "target"}),
])
def test_corrections_parse(field, text, expected):
    assert parse_correction(field, text) == expected


@pytest.mark.parametrize("args", [
    ["999", "--ok", "--by", "Lan"], ["1", "--set", "metric=bogus", "--by", "Lan"],
    ["1", "--set", "period=2028-2023", "--by", "Lan"], ["1", "--ok", "--set", "value=1"],
    ["--queue", "1"], []])
def test_bad_reviews_fail_in_one_line_and_change_nothing(store_path, args):
    before = store_path.read_bytes()
    result = CliRunner().invoke(cli, ["review", *args, "--db", str(store_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert store_path.read_bytes() == before


def test_unknown_correction_field_is_refused():
    with pytest.raises(ReviewError):
        parse_correction("sentence", "x")


def test_a_later_verdict_replaces_an_earlier_correction(store_path):
    figure = next(f for t, f in _figures(store_path).items() if "160" in t)
    _run("review", str(figure.id), "--set", "value=170", "--set",
         "org=Liên đoàn Lao động quận Thanh Xuân", "--by", "Lan", "--db", str(store_path))
    db = open_store(store_path)
    moved = search_indicators(db, "", Filters(org="Liên đoàn Lao động quận Thanh Xuân"))
    assert [(r["id"], r["value"]) for r in moved] == [(figure.id, 170)]
    _run("review", str(figure.id), "--ok", "--by", "Minh", "--db", str(store_path))
    again = _figures(store_path)[figure.text]
    assert (again.value, again.org, again.review_state) == (160, HANOI, "ok")
