"""Stage: decide. Learned kind and metric of each figure, over the rules' own decisions.

The rules (nlp/indicators.py) decide a kind and a metric and leave what they saw on each
indicator as `features`: their decisions, the unit, the qualifier, the carried list mode, the
period against the publication year, and the words around the figure. A logistic model per
decision, trained on the gold corpus (`unionnews train --backend decisions`), reads those
features and may overrule the rules; where no model is shipped the rules stand. Models are
JSON (sparse weights per class), so they load with no library and regenerate bit for bit.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from sys import intern
from typing import Any, Protocol

from nlp.indicators import completes_previous
from nlp.model import Indicator
from nlp.owners import NO_OWNER

DEFAULT_DECISIONS_MODEL = Path(__file__).resolve().parents[1] / "models" / "decisions.json"
DECISIONS = ("kind", "metric")  # classes of the figure; "owner" ranks candidates instead
OWNER = "owner"
# whether a figure is an indicator at all: the rules find every number with a unit, and the
# ones an annotator leaves out (a workforce, a company's turnover, a casualty count, the parts
# of a plan) share their words
KEEP = "keep"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def figure_features(
    text: str, start: int, end: int, sentence_start: int, sentence_end: int,
    signals: dict[str, str | float],
) -> dict[str, float]:
    """Sparse features of one figure: the rules' `signals`, and the words before the figure
    (in its sentence), right after it, and in its clause."""
    out: dict[str, float] = {}
    for name, value in signals.items():
        if isinstance(value, str):
            out[intern(f"{name}={value}")] = 1.0
        elif value:
            out[name] = float(value)
    written = _WORD.findall(text[max(sentence_start, start - 80):start])
    before = [w.lower() for w in written]
    after = _WORD.findall(text[end:min(sentence_end, end + 40)])[:4]
    # names are interned: the same few thousand words recur on every figure of a long text;
    # a capitalised word (of a place, a body, a person) is marked apart ("B:", "A:")
    for w in written[-8:]:
        out[intern(("B:" if w[0].isupper() else "b:") + w.lower())] = 1.0
    for a, b in zip(before[-6:], before[-5:], strict=False):
        out[intern(f"bb:{a}_{b}")] = 1.0
    for w in after:
        out[intern(("A:" if w[0].isupper() else "a:") + w.lower())] = 1.0
    lo = max(text.rfind(";", sentence_start, start), sentence_start)
    hi = text.find(";", end, sentence_end)
    out.update(dict.fromkeys(_clause_keys(text[lo:hi if hi >= 0 else sentence_end]), 1.0))
    return out


@lru_cache(maxsize=4096)
def _clause_keys(clause: str) -> tuple[str, ...]:
    # every figure of a clause reads the same words: a dense sentence's clause is read once
    return tuple(intern("c:" + w) for w in _WORD.findall(clause.lower()))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass(frozen=True)
class LinearModel:
    """A multinomial (or binary) logistic model with sparse weights."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    @cached_property
    def _matrix(self) -> tuple[dict[str, int], Any, Any]:
        """The weights as one array (a row per feature): a figure's scores are one sum; and
        the bias as an array, made once."""
        import numpy as np

        names = {name: row for row, name in enumerate(self.weights)}
        return names, np.array(list(self.weights.values()), dtype=float).reshape(
            len(names), len(self.bias)), np.asarray(self.bias)

    @cached_property
    def _first_column(self) -> dict[str, float]:
        """A binary model's weights as plain numbers: one lookup per feature."""
        return {name: column[0] for name, column in self.weights.items()}

    def _binary(self, z: float) -> dict[str, float]:
        p = _sigmoid(z)
        return {self.classes[0]: 1.0 - p, self.classes[1]: p}

    def probability_of_marks(self, marks: Sequence[str]) -> float:
        """A binary model's probability of its second class ("yes" of the owner ranking) for
        features that are all marks (1.0), given by name: a plain sum, cheaper than arrays
        for the few thousand candidates of a long report."""
        weights = self._first_column
        return _sigmoid(self.bias[0] + sum(w for name in marks
                                           if (w := weights.get(name)) is not None))

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        if len(self.bias) == 1:  # binary: one sum over the figure's features
            weights = self._first_column
            return self._binary(self.bias[0] + sum(w * value
                                                   for name, value in features.items()
                                                   if (w := weights.get(name)) is not None))
        import numpy as np

        index, matrix, bias = self._matrix
        rows = [(at, value) for name, value in features.items()
                if (at := index.get(name)) is not None]
        z = list(self.bias)
        if rows:
            at, values = zip(*rows, strict=True)
            z = (bias + np.asarray(values) @ matrix[list(at)]).tolist()
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "bias": list(self.bias),
                "weights": {k: list(v) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(tuple(data["classes"]), tuple(data["bias"]),
                   {k: tuple(v) for k, v in data["weights"].items()})


def fit_linear(features: Sequence[dict[str, float]], labels: Sequence[str],
               c: float = 1.0) -> LinearModel:
    """L2 logistic regression (lbfgs, deterministic); weights rounded for a stable file."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(features)
    lr = LogisticRegression(C=c, max_iter=3000)
    lr.fit(x, list(labels))
    names = vec.get_feature_names_out()
    coef = lr.coef_
    weights = {}
    for j, name in enumerate(names):
        column = tuple(round(float(coef[k, j]), 5) for k in range(coef.shape[0]))
        if any(abs(w) >= 1e-4 for w in column):
            weights[str(name)] = column
    return LinearModel(tuple(str(c) for c in lr.classes_),
                       tuple(round(float(b), 5) for b in lr.intercept_), weights)


class OwnerScorer(Protocol):
    """What `rank_owners` needs of an owner model: each candidate of a figure (the keys of
    its `owner_features`, "" for no owner) with the probability that it owns the figure. The
    shipped linear ranking and PhoBERT's fine-tuned pair classifier
    (nlp/taggers/phobert_figures.py) both answer it, so the rules around the ranking are
    written once."""

    def candidate_probabilities(self, ind: Indicator, text: str) -> dict[str, float]: ...


@dataclass(frozen=True)
class LinearOwnerScorer:
    """The shipped owner ranking: the binary linear model over each candidate's marks."""

    model: LinearModel

    def candidate_probabilities(self, ind: Indicator, text: str) -> dict[str, float]:
        probability = self.model.probability_of_marks
        return {name: probability(marks) for name, marks in ind.owner_features.items()}


def keep_features(features: dict[str, float]) -> dict[str, float]:
    """What the keep decision reads: the rules' signals and the lower-case words right around
    the figure; not the bag of its clause's words, nor the capitalised ones, which name the
    topic, the place and the body more than whether the figure is union work."""
    return {k: v for k, v in features.items() if not k.startswith(("c:", "bb:", "B:", "A:"))}


def fit_keep(rows: Sequence[dict[str, float]], labels: Sequence[str],
             sources: Sequence[str] | None = None, folds: int = 5
             ) -> tuple[LinearModel, float, float]:
    """The model of whether a figure is an indicator, with its regularisation and the
    probability of keeping under which a figure is dropped, both measured: the pair that
    maximises the indicators' F1 (a dropped true figure is missed, a dropped false one is no
    longer spurious) over predictions for held-out sources. `sources` names each figure's
    source (its annotation set): the folds hold whole sources out, as the evaluation does,
    so words that only one source uses cannot look general. Without them the folds are
    contiguous runs of figures. Returns (model, threshold, C)."""
    if sources is not None and len(set(sources)) >= folds:
        order = {name: i % folds for i, name in enumerate(sorted(set(sources)))}
        fold_of = [order[name] for name in sources]
    else:
        size = -(-len(rows) // folds)
        fold_of = [i // size for i in range(len(rows))]
    true = labels.count("yes")
    scored: list[tuple[float, float, float, float]] = []  # (F1, precision, threshold, C)
    for c in (1.0, 0.3, 0.1):  # the words around a figure overfit without a firm prior
        probs = [1.0] * len(rows)
        for fold in range(folds):
            train = [i for i in range(len(rows)) if fold_of[i] != fold]
            held = [i for i in range(len(rows)) if fold_of[i] == fold]
            if not held or len({labels[i] for i in train}) < 2:
                continue
            model = fit_linear([rows[i] for i in train], [labels[i] for i in train], c)
            for i in held:
                probs[i] = model.probabilities(rows[i])["yes"]
        for step in range(1, 20):  # 0.05 … 0.95
            t = step / 20
            dropped = [y for p, y in zip(probs, labels, strict=True) if p < t]
            lost = dropped.count("yes")
            f1 = 2 * (true - lost) / (2 * true + len(labels) - true - len(dropped))
            scored.append((f1, (true - lost) / max(len(labels) - len(dropped), 1), t, c))
    threshold, c = choose_keep(scored, true, len(labels))
    return fit_linear(rows, labels, c), threshold, c


def choose_keep(scored: Sequence[tuple[float, float, float, float]], true: int, total: int
                ) -> tuple[float, float]:
    """The (threshold, C) to keep figures by, from (F1, precision of the kept, threshold, C)
    measured on held-out sources. F1 is flat near its top (0.30 and 0.65 can differ by one
    figure), so its arg max jumps with the data: among the pairs within one figure of the best
    F1, the one whose kept figures are most precise; the first of equals."""
    one_figure = 2 / (true + total)
    top = max(f1 for f1, *_ in scored)
    _, _, threshold, c = max((p, -i, t, c) for i, (f1, p, t, c) in enumerate(scored)
                             if f1 >= top - one_figure)
    return threshold, c


@dataclass(frozen=True)
class DecisionModels:
    models: dict[str, LinearModel]
    trained_on: dict[str, Any]
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def decisions(self) -> tuple[str, ...]:
        return tuple(name for name in self.models if name in DECISIONS)

    @property
    def owner(self) -> LinearOwnerScorer | None:
        model = self.models.get(OWNER)
        return LinearOwnerScorer(model) if model is not None else None

    @property
    def keep(self) -> LinearModel | None:
        return self.models.get(KEEP)

    def predict(self, name: str, ind: Indicator) -> dict[str, float]:
        return self.models[name].probabilities(ind.features)

    def to_json(self) -> dict[str, Any]:
        return {"trained_on": self.trained_on, "thresholds": self.thresholds,
                "models": {k: m.to_json() for k, m in sorted(self.models.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DecisionModels:
        return cls({k: LinearModel.from_json(v) for k, v in data["models"].items()},
                   dict(data.get("trained_on") or {}), dict(data.get("thresholds") or {}))


@cache
def load_decisions(path: str | None = None) -> DecisionModels | None:
    p = Path(path) if path else DEFAULT_DECISIONS_MODEL
    if not p.is_file():
        return None
    return DecisionModels.from_json(json.loads(p.read_text(encoding="utf-8")))


_UNION = "Công đoàn "
# what only a union does: a workplace's figures of these are its union's
_UNION_WORK = frozenset(("members_new", "members_total", "unions_new", "unions_total", "cba",
                         "dialogue_democracy", "union_quality", "party_referrals"))


def rank_owners(indicators: Sequence[Indicator], text: str,
                model: OwnerScorer | None) -> None:
    """The owner of each figure: the candidate (nlp/owners.py) the ranking model (the shipped
    linear one, or a backend's own) scores highest. The winner's share of the candidates'
    scores, its margin over the runner-up and whether the rules chose it join the evidence
    the score reads. A completion rate is the completed figure's (the one before it in its
    sentence)."""
    if model is None:
        return
    previous: Indicator | None = None
    for ind in indicators:
        candidates = ind.owner_features
        if candidates:
            scored = sorted(((p, name) for name, p in
                             model.candidate_probabilities(ind, text).items()), reverse=True)
            best_p, best = scored[0]
            # "… và Công đoàn Cao su Việt Nam với gần 5 nghìn sáng kiến": a body joined to its
            # figure by "với" right before it is the figure's, whatever else the article says
            own = next((name for name, f in candidates.items()
                        if "with_figure" in f and "nearest_before" in f), None)
            if own is None:
                # the clause's subject does the work (guide 3.1), but a workplace's members,
                # unions and agreements are its union's where the article names that union
                own = next((name for name, f in candidates.items() if "heads_clause" in f), None)
                if own and _UNION + own in candidates and ind.metric in _UNION_WORK:
                    own = _UNION + own
            if own is not None and own != best:
                best_p, best = next((p, n) for p, n in scored if n == own)
            runner_up = max((p for p, n in scored if n != best), default=0.0)
            ind.org = best or None
            ind.evidence["owner_prob"] = round(best_p, 4)
            ind.evidence["owner_share"] = round(best_p / sum(p for p, _ in scored), 4)
            ind.evidence["owner_margin"] = round(best_p - runner_up, 4)
            ind.evidence["owner_agrees"] = float("rule" in candidates[best])
        if ind.evidence.get("completion") and previous is not None and \
                previous.sentence == ind.sentence and previous.end <= ind.start:
            ind.org = previous.org  # "… thu 40 tỷ đồng, đạt 112% dự toán": the same sentence
        previous = ind


def keep_figures(indicators: Sequence[Indicator], models: Any) -> list[Indicator]:
    """The figures that are indicators: one whose probability of being kept falls under the
    measured threshold (`fit_keep`) is none. The probability joins the evidence the
    score reads."""
    model = getattr(models, "keep", None)
    if model is None:
        return list(indicators)
    threshold = models.thresholds.get(KEEP, 0.5)
    for ind in indicators:
        ind.evidence["keep_prob"] = round(
            model.probabilities(keep_features(ind.features))["yes"], 4)
    return [ind for ind in indicators if ind.evidence["keep_prob"] >= threshold]


def decide(indicators: Sequence[Indicator], text: str, models: Any) -> list[Indicator]:
    """Kind and metric from `models` (the shipped linear ones, or a backend's own, such as
    PhoBERT's figure classifiers: anything with `decisions` and `predict(name, indicator)`),
    and the owner where `models` ranks owners; each decision's probability joins the evidence
    the score reads. A completion rate keeps the metric of the figure it completes (the one
    before it on its line)."""
    if models is None:
        return list(indicators)
    indicators = keep_figures(indicators, models)
    rank_owners(indicators, text, getattr(models, "owner", None))
    previous: Indicator | None = None
    decisions = models.decisions
    for ind in indicators:
        for name in decisions:
            probs = models.predict(name, ind)
            best = max(probs, key=probs.__getitem__)
            # the rules and the model agreeing is evidence the decision is right
            ind.evidence[f"{name}_agrees"] = float(ind.features.get(f"rule_{name}={best}", 0.0))
            setattr(ind, name, best)
            ind.evidence[f"{name}_prob"] = round(probs[best], 4)
        # a result and a goal in a term cover different years: the decided kind picks
        ind.period = ind.period_by_kind.get(ind.kind, ind.period)
        if ind.evidence.get("completion") and previous is not None and \
                completes_previous(text, previous.end, ind.start):
            ind.metric = previous.metric
        previous = ind
    return list(indicators)


# the owner ranking's marks are few and general (levels, positions, roles), unlike the words
# kind and metric read: a weaker prior ranks better on sources held out (set-grouped folds,
# 826 records: owner accuracy 0.913 at C=1, 0.915 at 3 and 10; kind and metric best at 1)
OWNER_C = 3.0


def fit_decisions(judged: Sequence[tuple[Indicator, dict[str, Any] | None]],
                  trained_on: dict[str, Any], sources: Sequence[str] | None = None
                  ) -> DecisionModels:
    """Models from predicted indicators, each with the gold indicator it matches (None for a
    figure the annotators left out): whether to keep a figure from all of them, its kind,
    metric and owner from the matched ones. `sources`: each figure's annotation set, which
    the keep decision holds out to measure itself (`fit_keep`)."""
    models = {}
    keep_labels = ["no" if gold is None else "yes" for _, gold in judged]
    thresholds = {}
    if len(set(keep_labels)) > 1:
        models[KEEP], thresholds[KEEP], keep_c = fit_keep(
            [keep_features(ind.features) for ind, _ in judged], keep_labels, sources)
        trained_on = {**trained_on, "keep_c": keep_c}
    pairs = [(ind, gold) for ind, gold in judged if gold is not None]
    for name in DECISIONS:
        labels = [gold[name] for _, gold in pairs]
        if len(set(labels)) > 1:
            models[name] = fit_linear([ind.features for ind, _ in pairs], labels)
    # the owner: every candidate of a figure whose gold owner is among them, right or not
    rows: list[dict[str, float]] = []
    labels = []
    for ind, gold in pairs:
        truth = gold.get("org") or NO_OWNER
        if truth in ind.owner_features:
            for name, features in ind.owner_features.items():
                rows.append(dict.fromkeys(features, 1.0))
                labels.append("yes" if name == truth else "no")
    if len(set(labels)) > 1:
        models[OWNER] = fit_linear(rows, labels, OWNER_C)
    return DecisionModels(models, {**trained_on, "figures": len(pairs)}, thresholds)
