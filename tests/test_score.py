"""The record score: fit on held-out predictions, read as a probability, publish or check."""

from __future__ import annotations

import pytest

from nlp.model import Indicator, Period
from nlp.score import (
    THRESHOLD_SETTING,
    fit_score_model,
    must_check,
    score_indicators,
    threshold_for_precision,
)


def _indicator(**fields) -> Indicator:
    base = dict(text="120 đoàn viên", start=0, end=13, value=120.0, unit="đoàn viên",
                qualifier="exact", kind="achieved", metric="members_new",
                org="Liên đoàn Lao động tỉnh Nghệ An", period=Period(2024, 2024),
                sentence="", score=0.0)
    return Indicator(**{**base, **fields})


def _model():
    evidence = [{"org_in_sentence": float(i % 2), "kind_conf": 0.9} for i in range(200)]
    labels = [int(e["org_in_sentence"]) if i % 10 else 0 for i, e in enumerate(evidence)]
    return fit_score_model(evidence, labels, threshold=0.5, trained_on={"rows": 200})


def test_the_score_follows_the_evidence_it_was_fit_on() -> None:
    model = _model()
    good = model.probability({"org_in_sentence": 1.0, "kind_conf": 0.9})
    bad = model.probability({"org_in_sentence": 0.0, "kind_conf": 0.9})
    assert good > 0.7 > 0.3 > bad
    again = type(model).from_json(model.to_json())
    sure = {"org_in_sentence": 1.0}
    assert again.probability(sure) == model.probability(sure)


def test_records_an_editor_must_confirm_whatever_their_score() -> None:
    assert must_check(_indicator(org=None))
    assert must_check(_indicator(period=None))
    assert must_check(_indicator(unit="%", value=130.0))  # a share over 100 %
    assert not must_check(_indicator(unit="% kế hoạch", value=130.0))  # completion may pass 100
    caption = _indicator()
    caption.evidence["caption_only_owner"] = 1.0
    assert must_check(caption)


def test_status_uses_the_threshold_and_the_setting_overrides_it(monkeypatch) -> None:
    model = _model()
    sure, unsure = _indicator(), _indicator()
    sure.evidence.update(org_in_sentence=1.0, kind_conf=0.9)
    unsure.evidence.update(org_in_sentence=0.0, kind_conf=0.9)
    score_indicators([sure, unsure], model)
    assert (sure.status, unsure.status) == ("publish", "check")
    monkeypatch.setenv(THRESHOLD_SETTING, "0.99")
    score_indicators([sure], model)
    assert sure.status == "check"
    monkeypatch.setenv(THRESHOLD_SETTING, "high")
    with pytest.raises(ValueError, match=THRESHOLD_SETTING):
        score_indicators([sure], model)


def test_the_threshold_is_where_the_precisions_lower_bound_reaches_the_target() -> None:
    from nlp.score import wilson_lower

    # 60 right of 60 is sure enough for 0.95; 4 of 4 is not
    assert wilson_lower(60, 60) > 0.95 > wilson_lower(4, 4)
    scores = [1.0 - i / 1000 for i in range(100)]
    labels = [1] * 60 + [0] + [1] * 19 + [0] * 20
    assert threshold_for_precision(scores, labels, 0.95) == scores[59]  # not past the miss
    # a plain rate of 0.95 would have taken the first 80 (79 right): its bound is lower
    assert wilson_lower(79, 80) < 0.95
    assert threshold_for_precision(scores[:4], [1, 1, 1, 1], 0.95) == 1.0  # too few to tell
    assert threshold_for_precision([0.9, 0.8], [0, 0], 0.95) == 1.0  # never: publish nothing


def test_the_isotonic_map_turns_raw_scores_into_observed_rates() -> None:
    from nlp.score import calibrated, fit_isotonic

    raw = [0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95]
    labels = [0, 0, 1, 0, 1, 1, 1, 1]
    points = fit_isotonic(raw, labels)
    mapped = [calibrated(x, points) for x in raw]
    assert mapped == sorted(mapped)  # monotone
    assert mapped[0] == 0.0 and mapped[-1] == 1.0
    assert calibrated(0.5, ()) == 0.5  # no map: the raw score
    assert calibrated(2.0, points) == 1.0 and calibrated(-1.0, points) == 0.0
