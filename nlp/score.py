"""Stage: score. The probability that a record is fully right, and publish or check.

`score` is a logistic model over the evidence the stages leave on each indicator (their
confidences, where the owner and the period came from, the sentence's shape). It is fit on
held-out predictions only — the extractor's output on annotation sets it was not trained on
(`unionnews calibrate`, cross-validated by set) — so it reads as a calibrated probability.
The publish threshold is the lowest score at which held-out precision of fully right records
reached the target (0.95); a setting (`UNIONNEWS_PUBLISH_THRESHOLD`) overrides it.

Whatever the score, a record is `check` when its owner or period is unknown, when it claims
an impossible share (more than 100 % of a set of units), or when its owner is named only in
a photo caption (spec §2 and §6).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from nlp.model import Indicator

DEFAULT_SCORE_MODEL = Path(__file__).resolve().parents[1] / "models" / "score.json"
THRESHOLD_SETTING = "UNIONNEWS_PUBLISH_THRESHOLD"
TARGET_PRECISION = 0.95


@dataclass(frozen=True)
class ScoreModel:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    threshold: float  # the publish threshold chosen on held-out predictions
    trained_on: dict[str, Any]
    # isotonic map from the logistic model's output to the rate observed on held-out
    # predictions: (raw, calibrated) points, interpolated between
    calibration: tuple[tuple[float, float], ...] = ()

    def raw_probability(self, evidence: dict[str, float]) -> float:
        z = self.bias
        for name, w, mean, scale in zip(self.features, self.weights, self.means, self.scales,
                                        strict=True):
            z += w * (evidence.get(name, 0.0) - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def probability(self, evidence: dict[str, float]) -> float:
        return calibrated(self.raw_probability(evidence), self.calibration)

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "weights": list(self.weights),
                "bias": self.bias, "means": list(self.means), "scales": list(self.scales),
                "calibration": [list(p) for p in self.calibration],
                "threshold": self.threshold, "trained_on": self.trained_on}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScoreModel:
        return cls(tuple(data["features"]), tuple(data["weights"]), float(data["bias"]),
                   tuple(data["means"]), tuple(data["scales"]), float(data["threshold"]),
                   dict(data.get("trained_on") or {}),
                   tuple((float(x), float(y)) for x, y in data.get("calibration") or ()))


def calibrated(raw: float, points: Sequence[tuple[float, float]]) -> float:
    """`raw` through the isotonic map `points` (linear between points, flat beyond)."""
    if not points:
        return raw
    if raw <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if raw <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    return points[-1][1]


def fit_isotonic(raw: Sequence[float], labels: Sequence[int]) -> tuple[tuple[float, float], ...]:
    """The isotonic map from held-out raw scores to the rate of fully right records."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(list(raw), list(labels))
    return tuple((round(float(x), 6), round(float(y), 6))
                 for x, y in zip(iso.X_thresholds_, iso.y_thresholds_, strict=True))


@cache
def load_score_model(path: str | None = None) -> ScoreModel | None:
    """The shipped score model (models/score.json), or None when there is none yet."""
    p = Path(path) if path else DEFAULT_SCORE_MODEL
    if not p.is_file():
        return None
    return ScoreModel.from_json(json.loads(p.read_text(encoding="utf-8")))


def publish_threshold(model: ScoreModel | None) -> float:
    """The setting if given, else the model's held-out threshold (nothing is published
    without a model)."""
    raw = os.environ.get(THRESHOLD_SETTING)
    if raw:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{THRESHOLD_SETTING} must be a number in 0..1, got {raw!r}") \
                from None
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{THRESHOLD_SETTING} must be a number in 0..1, got {raw!r}")
        return value
    return model.threshold if model else math.inf


def must_check(ind: Indicator) -> bool:
    """Records an editor must confirm whatever their score (spec §2, §6)."""
    impossible_share = ind.unit == "%" and ind.value > 100 and ind.change is None
    caption_owner = bool(ind.evidence.get("caption_only_owner"))
    return ind.org is None or ind.period is None or impossible_share or caption_owner


def score_indicators(indicators: Iterable[Indicator], model: ScoreModel | None) -> None:
    """Set `score` and `status` on each indicator, in place."""
    threshold = publish_threshold(model)
    for ind in indicators:
        if model is not None:
            ind.score = round(model.probability(ind.evidence), 4)
        ind.status = "publish" if ind.score >= threshold and not must_check(ind) else "check"


def fit_score_model(
    evidence: Sequence[dict[str, float]], labels: Sequence[int], threshold: float,
    trained_on: dict[str, Any], calibration: Sequence[tuple[float, float]] = (),
) -> ScoreModel:
    """Logistic regression (L2, deterministic) of fully-right on the evidence."""
    from sklearn.linear_model import LogisticRegression

    features = tuple(sorted({k for e in evidence for k in e}))
    rows = [[e.get(f, 0.0) for f in features] for e in evidence]
    n = len(rows)
    means = [sum(r[j] for r in rows) / n for j in range(len(features))]
    scales = []
    for j, mean in enumerate(means):
        spread = math.sqrt(sum((r[j] - mean) ** 2 for r in rows) / n)
        scales.append(round(spread, 6) if spread >= 1e-6 else 1.0)  # a constant feature
    x = [[(r[j] - means[j]) / scales[j] for j in range(len(features))] for r in rows]
    lr = LogisticRegression(C=1.0, max_iter=2000)
    lr.fit(x, list(labels))
    return ScoreModel(
        features=features,
        weights=tuple(round(float(w), 6) for w in lr.coef_[0]),
        bias=round(float(lr.intercept_[0]), 6),
        means=tuple(round(m, 6) for m in means), scales=tuple(scales),
        threshold=round(threshold, 4), trained_on=trained_on, calibration=tuple(calibration),
    )


def wilson_lower(right: int, n: int, z: float = 1.645) -> float:
    """The one-sided 95 % lower confidence bound of a rate of `right` in `n` (Wilson)."""
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def threshold_for_precision(scores: Sequence[float], labels: Sequence[int],
                            target: float = TARGET_PRECISION) -> float:
    """The lowest score at which records scored at least that high are right at `target`
    precision or better (checked at every distinct score); 1.0 when none reaches it. The
    precision read is its 95 % lower confidence bound: the best of many thresholds on a few
    hundred held-out records flatters itself, and a published figure must hold on new text."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda p: -p[0])
    right = 0
    best = None
    for n, (score, label) in enumerate(ranked, 1):
        right += label
        last_of_tie = n == len(ranked) or ranked[n][0] != score
        if last_of_tie and wilson_lower(right, n) >= target:
            best = score
    return best if best is not None else 1.0
