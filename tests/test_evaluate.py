"""The evaluation a journalist reads: fully right records, calibration, held-out folds."""

from __future__ import annotations

import json

from click.testing import CliRunner

from nlp.evaluate import (
    ScoredRecord,
    Tally,
    calibration,
    cross_validate,
    report,
    score_record,
)
from nlp.model import Extraction, Indicator, OrgMention, Period
from unionnews.cli import cli

TEXT = ("LĐLĐ tỉnh Nghệ An kết nạp 120 đoàn viên, thành lập 5 CĐCS.\n"
        "LĐLĐ tỉnh Nghệ An kết nạp 120 đoàn viên")
ORG = "Liên đoàn Lao động tỉnh Nghệ An"


def _gold(**extra) -> dict:
    return {"id": "t-1", "text": TEXT,
            "organisations": [{"text": "LĐLĐ tỉnh Nghệ An", "start": 0, "end": 17,
                               "canonical": ORG}],
            "indicators": [
                {"text": "120 đoàn viên", "start": 26, "end": 39, "value": 120.0,
                 "unit": "đoàn viên", "kind": "achieved", "metric": "members_new",
                 "org": ORG, "period": {"from": 2024, "to": 2024}, "qualifier": "exact"},
                {"text": "5 CĐCS", "start": 52, "end": 58, "value": 5.0, "unit": "CĐCS",
                 "kind": "achieved", "metric": "unions_new", "org": ORG,
                 "period": {"from": 2024, "to": 2024}, "qualifier": "exact"}],
            "repeats": [{"text": "120 đoàn viên", "start": 86, "end": 99, "value": 120.0}],
            **extra}


def _predicted(start: int, end: int, value: float, unit: str, metric: str,
               org: str | None, score: float) -> Indicator:
    return Indicator(TEXT[start:end], start, end, value, unit, "exact", "achieved", metric,
                     org, Period(2024, 2024), "", score)


def test_a_record_is_fully_right_only_when_every_field_is() -> None:
    result = Extraction(
        organisations=[OrgMention("LĐLĐ tỉnh Nghệ An", 0, 17, ORG)],
        indicators=[_predicted(26, 39, 120, "đoàn viên", "members_new", ORG, 0.9),
                    _predicted(52, 58, 5, "CĐCS", "unions_new", None, 0.6),  # owner missing
                    _predicted(86, 99, 120, "đoàn viên", "members_new", ORG, 0.8)])  # a repeat
    tally = Tally()
    score_record(_gold(), result, tally)
    rep = report(tally, 1, "test")
    assert rep["fully_right"] == 1
    assert rep["fully_right_precision"] == round(1 / 3, 4)
    assert rep["fully_right_recall"] == 0.5
    assert rep["accuracy_on_matched"]["org"] == 0.5
    assert {e["field"] for e in rep["errors"]} == {"org", "repeat"}
    assert rep["metric_confusion"]["unions_new"] == {"unions_new": 1}


def test_one_figure_given_twice_matches_whichever_occurrence_the_annotator_marked() -> None:
    # the extractor keeps the body's occurrence and the headline's as its mention (spec §6);
    # the annotator marked the first occurrence and listed the second as a repeat
    body_first = _predicted(86, 99, 120, "đoàn viên", "members_new", ORG, 0.9)
    body_first.mentions.append({"text": "120 đoàn viên", "start": 26, "end": 39})
    tally = Tally()
    score_record(_gold(), Extraction(organisations=[], indicators=[body_first]), tally)
    rep = report(tally, 1, "test")
    assert rep["fully_right"] == 1
    assert [e["field"] for e in rep["errors"]] == ["missed"]  # only the 5 CĐCS

    without_mention = _predicted(86, 99, 120, "đoàn viên", "members_new", ORG, 0.9)
    tally = Tally()
    score_record(_gold(), Extraction(organisations=[], indicators=[without_mention]), tally)
    assert report(tally, 1, "test")["fully_right"] == 0


def test_calibration_compares_the_score_with_the_observed_rate() -> None:
    rows = [ScoredRecord("x", 0.9, "publish", i < 9, {}) for i in range(10)]
    assert calibration(rows)["ece"] == 0.0
    rows = [ScoredRecord("x", 0.95, "publish", i < 5, {}) for i in range(10)]
    cal = calibration(rows)
    assert cal["ece"] == 0.45
    (full,) = [b for b in cal["reliability"] if b["records"]]
    assert full == {"bin": "0.9-1.0", "records": 10, "mean_score": 0.95, "fully_right_rate": 0.5}


def _small_corpus() -> list[dict]:
    records = []
    for n, (region, province) in enumerate((("north", "Quảng Ninh"), ("centre", "Gia Lai"),
                                            ("south", "Cà Mau"), ("north", "Lào Cai"))):
        text = (f"Năm 2024, LĐLĐ tỉnh {province} đã kết nạp {100 + n} đoàn viên; phấn đấu năm "
                f"2025 thành lập mới {10 + n} CĐCS.")
        org = f"Liên đoàn Lao động tỉnh {province}"
        a = text.index(f"{100 + n} đoàn viên")
        b = text.index(f"{10 + n} CĐCS")
        records.append({
            "id": f"s{n}-001", "text": text, "published": "2024-12-20", "site": None,
            "region": region, "set": f"s{n % 2}", "organisations": [],
            "indicators": [
                {"text": f"{100 + n} đoàn viên", "start": a, "end": a + len(f"{100 + n} đoàn viên"),
                 "value": 100.0 + n, "unit": "đoàn viên", "kind": "achieved",
                 "metric": "members_new", "org": org, "period": {"from": 2024, "to": 2024},
                 "qualifier": "exact"},
                {"text": f"{10 + n} CĐCS", "start": b, "end": b + len(f"{10 + n} CĐCS"),
                 "value": 10.0 + n, "unit": "CĐCS", "kind": "target", "metric": "unions_new",
                 "org": org, "period": {"from": 2025, "to": 2025}, "qualifier": "exact"}]})
    return records


def test_cross_validation_holds_each_group_out() -> None:
    cv = cross_validate(_small_corpus(), "region", backend="rules")
    assert set(cv["groups"]) == {"north", "centre", "south"}
    assert cv["groups"]["north"]["records"] == 2
    assert cv["pooled"]["indicators"]["value"]["gold"] == 8
    assert len(cv["predictions"]) == cv["pooled"]["indicators"]["value"]["predicted"]
    assert 0.0 <= cv["mean_over_groups"]["fully_right_precision"] <= 1.0


def test_evaluate_cross_validates_from_the_command_line(tmp_path) -> None:
    data = tmp_path / "gold.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _small_corpus()),
                    encoding="utf-8")
    curve = tmp_path / "curve.png"
    result = CliRunner().invoke(cli, ["evaluate", "--data", str(data), "--cross-validate-by",
                                      "set", "--backend", "rules", "--format", "json",
                                      "--curve", str(curve)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out["groups"]) == {"s0", "s1"}
    assert {"fully_right_precision", "ece", "publish_precision", "publish_coverage",
            "precision_coverage", "reliability"} <= set(out["pooled"])
    assert curve.read_bytes()[:4] == b"\x89PNG"
    one_group = tmp_path / "one.jsonl"
    one_group.write_text(json.dumps(_small_corpus()[0], ensure_ascii=False), encoding="utf-8")
    refused = CliRunner().invoke(cli, ["evaluate", "--data", str(one_group),
                                       "--cross-validate-by", "set", "--backend", "rules"])
    assert refused.exit_code != 0 and "two groups" in refused.output


def test_cross_validation_can_leave_kind_and_metric_to_the_rules() -> None:
    learned = cross_validate(_small_corpus(), "set", backend="rules")
    ruled = cross_validate(_small_corpus(), "set", backend="rules", learned_decisions=False)
    assert set(learned["groups"]) == set(ruled["groups"]) == {"s0", "s1"}
    assert all("kind_prob" not in r.evidence for r in ruled["predictions"])
    assert all("kind_prob" in r.evidence for r in learned["predictions"])
