"""Evaluation against the gold corpus (corpus/gold/*.jsonl): the issue's figures.

Organisations: precision/recall/F1 on exact spans and on overlapping spans. Indicators: a
prediction matches a gold indicator when their spans overlap and the values are equal; F1 is
reported for value-and-kind matches (the headline) and value-only matches. On value matches:
accuracy of metric, org, period, unit and qualifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nlp.model import Extraction


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def as_dict(self) -> dict[str, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold}


@dataclass
class Scores:
    org_exact: PRF = field(default_factory=PRF)
    org_overlap: PRF = field(default_factory=PRF)
    org_canonical: PRF = field(default_factory=PRF)
    ind_value_kind: PRF = field(default_factory=PRF)
    ind_value: PRF = field(default_factory=PRF)
    attr_hits: dict[str, int] = field(default_factory=dict)
    attr_total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


_ATTRS = ("metric", "org", "period", "unit", "qualifier", "kind", "target_value")


def _overlap(a: dict[str, Any], b: Any) -> bool:
    return a["start"] < b.end and b.start < a["end"]


def _greedy(gold: list[dict], pred: list, ok) -> list[tuple[int, int]]:
    """One-to-one matching, gold in order, each to the first unused acceptable prediction."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and ok(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def score_record(rec: dict[str, Any], result: Extraction, scores: Scores) -> None:
    gold_orgs, pred_orgs = rec["organisations"], result.organisations
    for prf, ok in (
        (scores.org_exact, lambda g, p: g["start"] == p.start and g["end"] == p.end),
        (scores.org_overlap, _overlap),
        (scores.org_canonical, lambda g, p: _overlap(g, p) and g["canonical"] == p.canonical),
    ):
        prf.tp += len(_greedy(gold_orgs, pred_orgs, ok))
        prf.n_pred += len(pred_orgs)
        prf.n_gold += len(gold_orgs)
    gold_inds, pred_inds = rec["indicators"], result.indicators

    def same_value(g: dict, p: Any) -> bool:
        return _overlap(g, p) and abs(float(g["value"]) - p.value) < 1e-6 * max(1, abs(p.value))

    pairs = _greedy(gold_inds, pred_inds, same_value)
    kind_pairs = _greedy(gold_inds, pred_inds, lambda g, p: same_value(g, p) and
                         g["kind"] == p.kind)
    for prf, n in ((scores.ind_value, len(pairs)), (scores.ind_value_kind, len(kind_pairs))):
        prf.tp += n
        prf.n_pred += len(pred_inds)
        prf.n_gold += len(gold_inds)
    for gi, pi in pairs:
        g, p = gold_inds[gi], pred_inds[pi]
        scores.attr_total += 1
        got = {"metric": p.metric, "org": p.org, "period": p.period.to_json(), "unit": p.unit,
               "qualifier": p.qualifier, "kind": p.kind, "target_value": p.target_value}
        for attr in _ATTRS:
            want = g.get(attr)
            hit = got[attr] == want
            scores.attr_hits[attr] = scores.attr_hits.get(attr, 0) + int(hit)
            if not hit:
                scores.errors.append({"id": rec["id"], "text": g["text"], "field": attr,
                                      "gold": want, "predicted": got[attr]})
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(gold_inds):
        if gi not in matched_gold:
            scores.errors.append({"id": rec["id"], "text": g["text"], "field": "missed"})
    for pi, p in enumerate(pred_inds):
        if pi not in matched_pred:
            scores.errors.append({"id": rec["id"], "text": p.text, "field": "spurious"})


def evaluate_records(records: list[dict[str, Any]], tagger: Any = None, progress=None) -> dict:
    """Run the pipeline over gold records and score it; returns the JSON-able report."""
    from nlp.pipeline import extract, extractor_version

    scores = Scores()
    iterable = progress(records) if progress else records
    for rec in iterable:
        result = extract(rec["text"], rec.get("published"), rec.get("site"), tagger)
        score_record(rec, result, scores)
    accuracy = {a: round(scores.attr_hits.get(a, 0) / scores.attr_total, 4)
                if scores.attr_total else 0.0 for a in _ATTRS}
    return {
        "extractor_version": extractor_version(tagger),
        "records": len(records),
        "organisations": {"exact": scores.org_exact.as_dict(),
                          "overlap": scores.org_overlap.as_dict(),
                          "overlap_and_canonical": scores.org_canonical.as_dict()},
        "indicators": {"value_and_kind": scores.ind_value_kind.as_dict(),
                       "value": scores.ind_value.as_dict()},
        "accuracy_on_matched": accuracy,
        "matched_indicators": scores.attr_total,
        "errors": scores.errors,
    }


def format_report(report: dict) -> str:
    lines = [f"records: {report['records']}   extractor: {report['extractor_version']}", "",
             f"{'':34}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
    rows = [("organisations, exact span", report["organisations"]["exact"]),
            ("organisations, overlap", report["organisations"]["overlap"]),
            ("organisations, overlap+canonical", report["organisations"]["overlap_and_canonical"]),
            ("indicators, value+kind", report["indicators"]["value_and_kind"]),
            ("indicators, value only", report["indicators"]["value"])]
    for name, r in rows:
        lines.append(f"{name:34}{r['precision']:8.3f}{r['recall']:8.3f}{r['f1']:8.3f}"
                     f"{r['gold']:7d}{r['predicted']:7d}")
    lines += ["", f"accuracy on {report['matched_indicators']} matched indicators:"]
    for attr, acc in report["accuracy_on_matched"].items():
        lines.append(f"  {attr:14}{acc:8.3f}")
    return "\n".join(lines)
