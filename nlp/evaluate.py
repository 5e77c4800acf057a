"""Evaluation against gold records: the figures a journalist needs.

Organisations: precision/recall/F1 on exact spans, on overlapping spans, and on overlapping
spans with the right canonical name. Indicators: a prediction matches a gold indicator when
their spans overlap and the values are equal. A matched record is **fully right** when its
unit, kind, metric, org (canonical) and period are right too; `fully_right_precision` counts
fully right records among all predicted, `fully_right_recall` among all gold indicators.
A prediction on a gold repeat (a headline or caption restating a body figure) is a spurious
record: the contract lists each figure once.

`score` is read as the probability that a record is fully right: the report gives its
expected calibration error (ECE, 10 equal-width bins), a reliability table, the precision and
coverage of `publish` records, and precision against coverage over the score threshold.

Held-out figures come from `cross_validate`: groups of records (by site, region or annotation
set) are held out in turn; the org tagger and the score model are trained on the others.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.model import Extraction, Indicator

FIELDS = ("unit", "kind", "metric", "org", "period")  # with the value: "fully right"
REPORTED_FIELDS = (*FIELDS, "qualifier", "target_value", "base_value", "range_max", "per",
                   "change")
GROUPINGS = ("site", "region", "set")
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(20))


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
class ScoredRecord:
    """One predicted indicator, judged: what the calibration and the curves are made of."""

    record_id: str
    score: float
    status: str
    fully_right: bool
    evidence: dict[str, float]


@dataclass
class Tally:
    org_exact: PRF = field(default_factory=PRF)
    org_overlap: PRF = field(default_factory=PRF)
    org_canonical: PRF = field(default_factory=PRF)
    ind_value_kind: PRF = field(default_factory=PRF)
    ind_value: PRF = field(default_factory=PRF)
    fully_right: int = 0
    field_hits: Counter = field(default_factory=Counter)
    matched: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold metric, predicted metric)
    predictions: list[ScoredRecord] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _overlap(a: dict[str, Any], b: Any) -> bool:
    return a["start"] < b.end and b.start < a["end"]


def _greedy(gold: list[dict], pred: list, ok: Callable[[dict, Any], bool]) -> list[tuple]:
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


def predicted_fields(p: Indicator) -> dict[str, Any]:
    return {"unit": p.unit, "kind": p.kind, "metric": p.metric, "org": p.org,
            "period": p.period.to_json() if p.period else None, "qualifier": p.qualifier,
            "target_value": p.target_value, "base_value": p.base_value,
            "range_max": p.range_max, "per": p.per, "change": p.change}


def _same_value(g: dict, p: Indicator) -> bool:
    return _at_a_mention(g, p) and abs(float(g["value"]) - p.value) < 1e-6 * max(1, abs(p.value))


def _at_a_mention(g: dict, p: Indicator) -> bool:
    """`p` is where `g` is, or one of its repeats is (spec §6: a figure the headline and the
    body both give is one indicator, whichever occurrence the annotator marked)."""
    return _overlap(g, p) or any(g["start"] < m["end"] and m["start"] < g["end"]
                                 for m in p.mentions)


def matched_pairs(rec: dict[str, Any], result: Extraction) -> list[tuple[Indicator, dict]]:
    """Predicted indicators with the gold indicator each one matches."""
    gold = rec["indicators"]
    return [(result.indicators[pi], gold[gi])
            for gi, pi in _greedy(gold, result.indicators, _same_value)]


def judged_figures(rec: dict[str, Any], result: Extraction
                   ) -> list[tuple[Indicator, dict | None]]:
    """Every predicted indicator with the gold indicator it matches, None where it matches
    none (a figure the annotators left out)."""
    matched = dict((pi, gi) for gi, pi in _greedy(rec["indicators"], result.indicators,
                                                  _same_value))
    return [(ind, rec["indicators"][matched[pi]] if pi in matched else None)
            for pi, ind in enumerate(result.indicators)]


def judged_by_source(extracted: Iterable[tuple[dict[str, Any], Extraction]]
                     ) -> tuple[list[tuple[Indicator, dict | None]], list[str]]:
    """`judged_figures` of every (record, extraction), and each figure's source (its record's
    annotation set), as `fit_decisions` takes them."""
    judged: list[tuple[Indicator, dict | None]] = []
    sources: list[str] = []
    for rec, result in extracted:
        pairs = judged_figures(rec, result)
        judged += pairs
        sources += [rec.get("set") or rec["id"]] * len(pairs)
    return judged, sources


def score_record(rec: dict[str, Any], result: Extraction, tally: Tally) -> None:
    gold_orgs, pred_orgs = rec["organisations"], result.organisations
    for prf, ok in (
        (tally.org_exact, lambda g, p: g["start"] == p.start and g["end"] == p.end),
        (tally.org_overlap, _overlap),
        (tally.org_canonical, lambda g, p: _overlap(g, p) and g["canonical"] == p.canonical),
    ):
        prf.tp += len(_greedy(gold_orgs, pred_orgs, ok))
        prf.n_pred += len(pred_orgs)
        prf.n_gold += len(gold_orgs)
    gold, pred = rec["indicators"], result.indicators
    pairs = _greedy(gold, pred, _same_value)
    kind_pairs = _greedy(gold, pred, lambda g, p: _same_value(g, p) and g["kind"] == p.kind)
    for prf, n in ((tally.ind_value, len(pairs)), (tally.ind_value_kind, len(kind_pairs))):
        prf.tp += n
        prf.n_pred += len(pred)
        prf.n_gold += len(gold)
    right_preds: set[int] = set()
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        got = predicted_fields(p)
        tally.matched += 1
        tally.confusion[(g["metric"], p.metric)] += 1
        for name in REPORTED_FIELDS:
            hit = got[name] == g.get(name)
            tally.field_hits[name] += hit
            if not hit and name in FIELDS:
                tally.errors.append({"id": rec["id"], "text": g["text"], "field": name,
                                     "gold": g.get(name), "predicted": got[name]})
        if all(got[name] == g.get(name) for name in FIELDS):
            tally.fully_right += 1
            right_preds.add(pi)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    repeats = rec.get("repeats") or []
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            tally.errors.append({"id": rec["id"], "text": g["text"], "field": "missed"})
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            on_repeat = any(_same_value(r, p) for r in repeats)
            tally.errors.append({"id": rec["id"], "text": p.text,
                                 "field": "repeat" if on_repeat else "spurious"})
        tally.predictions.append(ScoredRecord(rec["id"], p.score, p.status, pi in right_preds,
                                              dict(p.evidence)))


def calibration(predictions: list[ScoredRecord], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and the reliability table of `score`."""
    table = []
    total = len(predictions)
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [p for p in predictions if lo <= p.score < hi or (b == bins - 1 and p.score == 1)]
        if not inside:
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "records": 0, "mean_score": None,
                          "fully_right_rate": None})
            continue
        mean = sum(p.score for p in inside) / len(inside)
        rate = sum(p.fully_right for p in inside) / len(inside)
        ece += len(inside) / total * abs(mean - rate)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "records": len(inside),
                      "mean_score": round(mean, 4), "fully_right_rate": round(rate, 4)})
    return {"ece": round(ece, 4) if total else None, "reliability": table}


def precision_coverage(predictions: list[ScoredRecord], n_gold: int) -> list[dict[str, Any]]:
    """At each score threshold: records kept, their fully right precision, gold covered."""
    out = []
    for t in THRESHOLDS:
        kept = [p for p in predictions if p.score >= t]
        right = sum(p.fully_right for p in kept)
        out.append({"threshold": t, "records": len(kept),
                    "precision": round(right / len(kept), 4) if kept else None,
                    "coverage": round(right / n_gold, 4) if n_gold else 0.0})
    return out


def report(tally: Tally, n_records: int, version: str) -> dict[str, Any]:
    n_pred, n_gold = tally.ind_value.n_pred, tally.ind_value.n_gold
    published = [p for p in tally.predictions if p.status == "publish"]
    published_right = sum(p.fully_right for p in published)
    metrics = sorted({g for g, _ in tally.confusion} | {p for _, p in tally.confusion})
    return {
        "extractor_version": version,
        "records": n_records,
        "organisations": {"exact": tally.org_exact.as_dict(),
                          "overlap": tally.org_overlap.as_dict(),
                          "overlap_and_canonical": tally.org_canonical.as_dict()},
        "indicators": {"value_and_kind": tally.ind_value_kind.as_dict(),
                       "value": tally.ind_value.as_dict()},
        "fully_right": tally.fully_right,
        "fully_right_precision": round(tally.fully_right / n_pred, 4) if n_pred else 0.0,
        "fully_right_recall": round(tally.fully_right / n_gold, 4) if n_gold else 0.0,
        "accuracy_on_matched": {f: round(tally.field_hits[f] / tally.matched, 4)
                                if tally.matched else 0.0 for f in REPORTED_FIELDS},
        "matched_indicators": tally.matched,
        "metric_confusion": {g: {p: tally.confusion[(g, p)] for p in metrics
                                 if tally.confusion[(g, p)]} for g in metrics},
        **calibration(tally.predictions),
        "published": len(published),
        "publish_precision": round(published_right / len(published), 4) if published else None,
        "publish_coverage": round(published_right / n_gold, 4) if n_gold else 0.0,
        "precision_coverage": precision_coverage(tally.predictions, n_gold),
        "errors": tally.errors,
    }


def _context(rec: dict[str, Any], build_context: Callable[..., Any] | None) -> Any:
    if build_context is None:
        from nlp.context import ArticleContext

        return ArticleContext()
    return build_context(rec.get("published"), rec.get("site"), url=rec.get("source_url"))


def extract_records(records: Iterable[dict], tagger: Any = None,
                    build_context: Callable[..., Any] | None = None,
                    progress: Callable | None = None,
                    decided: bool = True) -> list[Extraction]:
    """The pipeline over gold records, keeping what the learned decisions read. Without
    `decided` the shipped decisions do not run: the figures a model is trained or
    cross-validated on must not depend on a model fit on them."""
    from nlp.components import configured
    from nlp.pipeline import extract

    spec = configured() if decided else configured().without("decide")
    items = progress(list(records)) if progress else records
    return [extract(rec["text"], _context(rec, build_context), tagger, spec, keep_features=True)
            for rec in items]


def evaluate_records(records: list[dict[str, Any]], tagger: Any = None,
                     build_context: Callable[..., Any] | None = None,
                     progress: Callable | None = None) -> dict[str, Any]:
    """Run the pipeline over gold records and score it; returns the JSON-able report.
    `build_context` turns a record's published date and site into the pipeline's context."""
    from nlp.pipeline import extractor_version

    tally = Tally()
    for rec, result in zip(records, extract_records(records, tagger, build_context, progress),
                           strict=True):
        score_record(rec, result, tally)
    return report(tally, len(records), extractor_version(tagger))


# --- held out by source ---------------------------------------------------------------------

def group_of(rec: dict[str, Any], by: str) -> str:
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: one of {', '.join(GROUPINGS)}")
    return str(rec.get(by) or "unknown")


def _train_tagger(records: list[dict], backend: str, workdir: Path) -> Any:
    if backend == "rules":
        return None
    if backend != "crf":
        raise ValueError(f"cross-validation trains the crf or uses rules, not {backend!r}")
    from nlp.taggers.crf import CrfTagger, train_crf
    from nlp.taggers.data import labelled_sentences

    path = train_crf(labelled_sentences(records), workdir / "org.crfsuite")
    return CrfTagger(path)


def cross_validate(records: list[dict[str, Any]], by: str, backend: str = "crf",
                   build_context: Callable[..., Any] | None = None,
                   progress: Callable[[str], None] | None = None,
                   learned_decisions: bool = True) -> dict[str, Any]:
    """Hold out each group in turn: the tagger and the learned decisions train on the other
XX
    over all held-out predictions, the mean over groups, and the rows the final score model
    is fit on (`predictions`)."""
    from nlp.decisions import decide, fit_decisions
    from nlp.pipeline import extractor_version
    from nlp.score import fit_score_model, score_indicators, threshold_for_precision

    groups: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        groups[group_of(rec, by)].append(rec)
    if len(groups) < 2:
        raise ValueError(f"cross-validation by {by} needs two groups or more, found "
                         f"{len(groups)}")
    held_out: dict[str, list[tuple[dict, Extraction]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, members in sorted(groups.items()):
            if progress:
                progress(f"{by} {name}: training on {len(records) - len(members)} records, "
                         f"testing on {len(members)}")
            others = [r for r in records if group_of(r, by) != name]
            tagger = _train_tagger(others, backend, Path(tmp))
            held_out[name] = list(zip(members, extract_records(members, tagger, build_context,
                                                               decided=False),
                                      strict=True))
    # learned decisions for each group, fit on the other groups' figures; without them the
    # rules' own kind and metric stand (for comparing the two)
    for name, pairs in held_out.items():
        fitting, sources = judged_by_source(
            (rec, result) for other, ps in held_out.items() if other != name
            for rec, result in ps)
        models = fit_decisions(fitting, {"cross_validated_by": by}, sources) \
            if fitting and learned_decisions else None
        for rec, result in pairs:
            if models is None:
                _rule_decisions(result.indicators)
            else:
                result.indicators = decide(result.indicators, rec["text"], models)
    # rows for the score model: every held-out prediction, judged
    rows: dict[str, list[ScoredRecord]] = {}
    for name, pairs in held_out.items():
        tally = Tally()
        for rec, result in pairs:
            score_record(rec, result, tally)
        rows[name] = tally.predictions
    per_group: dict[str, Any] = {}
    pooled = Tally()
    for name, pairs in sorted(held_out.items()):
        fitting = [r for other, rs in rows.items() if other != name for r in rs]
        model = _fit(fitting, by, fit_score_model, threshold_for_precision)
        tally = Tally()
        for rec, result in pairs:
            score_indicators(result.indicators, model)
            score_record(rec, result, tally)
            score_record(rec, result, pooled)
        per_group[name] = report(tally, len(pairs), f"held out ({by})")
        per_group[name].pop("errors")
    keys = ("fully_right_precision", "fully_right_recall", "ece", "publish_precision",
            "publish_coverage")
    mean = {k: _mean([g[k] for g in per_group.values()]) for k in keys}
    mean["indicator_f1"] = _mean([g["indicators"]["value_and_kind"]["f1"]
                                  for g in per_group.values()])
    for f in FIELDS:
        mean[f"{f}_accuracy"] = _mean([g["accuracy_on_matched"][f] for g in per_group.values()])
    return {"by": by, "backend": backend, "groups": per_group, "mean_over_groups": mean,
            "pooled": report(pooled, len(records),
                             f"{extractor_version(None)} with a {backend} tagger per fold "
                             f"(held out by {by})"),
            "predictions": [r for rs in rows.values() for r in rs]}


def _rule_decisions(indicators: list[Indicator]) -> None:
    """Put back the rules' own kind, metric and owner (the shipped models may have changed
    them)."""
    for ind in indicators:
        for name in ("kind", "metric"):
            ruled = next((k.split("=", 1)[1] for k in ind.features
                          if k.startswith(f"rule_{name}=")), None)
            if ruled:
                setattr(ind, name, ruled)
        ruled_owner = next((name for name, f in ind.owner_features.items() if "rule" in f),
                           None)
        if ruled_owner is not None:
            ind.org = ruled_owner or None
        for key in ("kind_prob", "metric_prob", "kind_agrees", "metric_agrees", "owner_prob",
                    "owner_share", "owner_margin", "owner_agrees"):
            ind.evidence.pop(key, None)


def _fit(rows: list[ScoredRecord], by: str, fit, threshold_for) -> Any:
    """A score model on `rows`, calibrated and thresholded on its own held-out scores: each
    annotation set's rows scored by a model fit on the others (never on the rows it is fit
    on); an isotonic map takes those raw scores to the observed rate of fully right records,
    and the publish threshold is read off the mapped scores."""
    from nlp.score import calibrated, fit_isotonic

    by_group: dict[str, list[ScoredRecord]] = defaultdict(list)
    for r in rows:
        by_group[r.record_id.split("-")[0]].append(r)
    labels = [int(r.fully_right) for r in rows]
    if len(set(labels)) < 2:
        return None
    inner_raw: list[float] = []
    inner_labels: list[int] = []
    if len(by_group) > 1:
        for name, rs in by_group.items():
            rest = [r for other, xs in by_group.items() if other != name for r in xs]
            if len({r.fully_right for r in rest}) < 2:
                continue
            inner = fit([r.evidence for r in rest], [int(r.fully_right) for r in rest], 1.0,
                        {})
            inner_raw += [inner.raw_probability(r.evidence) for r in rs]
            inner_labels += [int(r.fully_right) for r in rs]
    points = fit_isotonic(inner_raw, inner_labels) if len(set(inner_labels)) > 1 else ()
    inner_scores = [calibrated(x, points) for x in inner_raw]
    threshold = threshold_for(inner_scores, inner_labels) if inner_scores else 1.0
    return fit([r.evidence for r in rows], labels, threshold,
               {"rows": len(rows), "fully_right": sum(labels), "cross_validated_by": by},
               points)


def fit_final_score_model(cv: dict[str, Any]) -> Any:
    """The shipped score model: fit on every held-out prediction of a cross-validation."""
    from nlp.score import fit_score_model, threshold_for_precision

    return _fit(cv["predictions"], cv["by"], fit_score_model, threshold_for_precision)


def _mean(values: list[Any]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None


# --- presentation ---------------------------------------------------------------------------

def format_report(rep: dict[str, Any]) -> str:
    lines = [f"records: {rep['records']}   extractor: {rep['extractor_version']}", "",
             f"{'':34}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
    rows = [("organisations, exact span", rep["organisations"]["exact"]),
            ("organisations, overlap", rep["organisations"]["overlap"]),
            ("organisations, overlap+canonical", rep["organisations"]["overlap_and_canonical"]),
            ("indicators, value+kind", rep["indicators"]["value_and_kind"]),
            ("indicators, value only", rep["indicators"]["value"])]
    for name, r in rows:
        lines.append(f"{name:34}{r['precision']:8.3f}{r['recall']:8.3f}{r['f1']:8.3f}"
                     f"{r['gold']:7d}{r['predicted']:7d}")
    publish = rep["publish_precision"]
    lines += ["",
              f"fully right: precision {rep['fully_right_precision']:.3f}, recall "
              f"{rep['fully_right_recall']:.3f} ({rep['fully_right']} records)",
              f"publish: {rep['published']} records, precision "
              f"{'-' if publish is None else f'{publish:.3f}'}, coverage "
              f"{rep['publish_coverage']:.3f}",
              f"score: ECE {rep['ece'] if rep['ece'] is not None else '-'}",
              "", f"accuracy on {rep['matched_indicators']} matched indicators:"]
    for name, acc in rep["accuracy_on_matched"].items():
        lines.append(f"  {name:14}{acc:8.3f}")
    lines += ["", "reliability (score bin: records, mean score, fully right rate):"]
    for b in rep["reliability"]:
        if b["records"]:
            lines.append(f"  {b['bin']}: {b['records']:5d} {b['mean_score']:8.3f} "
                         f"{b['fully_right_rate']:8.3f}")
    lines += ["", "precision / coverage by score threshold:"]
    for c in rep["precision_coverage"]:
        precision = "-" if c["precision"] is None else f"{c['precision']:.3f}"
        lines.append(f"  >= {c['threshold']:.2f}: {c['records']:5d} records, precision "
                     f"{precision}, coverage {c['coverage']:.3f}")
    return "\n".join(lines)


def format_cross_validation(cv: dict[str, Any]) -> str:
    lines = [f"held out by {cv['by']} (tagger: {cv['backend']}); every group trained on the "
             "others", "",
             f"{'group':28}{'recs':>5}{'ind F1':>8}{'FR prec':>8}{'FR rec':>8}{'org':>7}"
             f"{'period':>7}{'metric':>7}{'kind':>7}{'ECE':>7}{'pub P':>7}{'pub cov':>8}"]
    for name, g in cv["groups"].items():
        acc = g["accuracy_on_matched"]
        pub = "-" if g["publish_precision"] is None else f"{g['publish_precision']:.3f}"
        ece = "-" if g["ece"] is None else f"{g['ece']:.3f}"
        lines.append(f"{name[:27]:28}{g['records']:5d}"
                     f"{g['indicators']['value_and_kind']['f1']:8.3f}"
                     f"{g['fully_right_precision']:8.3f}{g['fully_right_recall']:8.3f}"
                     f"{acc['org']:7.3f}{acc['period']:7.3f}{acc['metric']:7.3f}"
                     f"{acc['kind']:7.3f}{ece:>7}{pub:>7}{g['publish_coverage']:8.3f}")
    mean = cv["mean_over_groups"]
    lines += ["", "mean over groups: " + ", ".join(
        f"{k} {v:.3f}" for k, v in mean.items() if v is not None), "",
        "pooled over every held-out prediction:", format_report(cv["pooled"])]
    return "\n".join(lines)


def plot_precision_coverage(rep: dict[str, Any], path: str | Path, title: str) -> None:
    """The precision–coverage curve over the score threshold, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = [c for c in rep["precision_coverage"] if c["precision"] is not None]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    ax.plot([c["coverage"] for c in points], [c["precision"] for c in points], marker="o")
    for c in points[::4]:
        ax.annotate(f"≥{c['threshold']:.2f}", (c["coverage"], c["precision"]), fontsize=7)
    ax.axhline(0.95, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel("coverage (fully right records / gold indicators)")
    ax.set_ylabel("precision (fully right / kept)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
