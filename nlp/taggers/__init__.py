"""Stage 3a, recognise: organisation taggers over underthesea words (BIO labels).

Every backend speaks one small interface, `OrgTagger.tag(sentences) -> labels`, so the pipeline
never knows which model it runs. Backends:

- ``crf`` (default): a python-crfsuite model trained by the project and shipped in ``models/``;
- ``phobert``: a fine-tuned PhoBERT (weights from ``unionnews train --backend phobert``);
- ``rules``: tags nothing, because the pipeline's own rules find the organisations.

Heavy libraries (torch, transformers, pycrfsuite) are imported only when a backend loads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

LABELS: tuple[str, ...] = ("O", "B-ORG", "I-ORG")
BACKENDS: tuple[str, ...] = ("crf", "phobert", "rules")
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
DEFAULT_CRF_MODEL = MODELS_DIR / "org_crf.crfsuite"
MODEL_ENV = "UNIONNEWS_MODEL"
PHOBERT_HINT = (
    "run `unionnews train --backend phobert --base vinai/phobert-base-v2 --out DIR` "
    "(base weights in the local Hugging Face cache or a local dir), then pass --model DIR "
    f"or set {MODEL_ENV}=DIR"
)


class ModelMissing(Exception):
    """The weights a backend needs are not on this machine; the message says how to get them."""


class OrgTagger(Protocol):
    name: str

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """One BIO label ("B-ORG", "I-ORG", "O") per word of every sentence."""
        ...


class RulesTagger:
    """The null model: every word is "O"; the pipeline's rules alone find organisations."""

    name = "rules"

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        return [["O"] * len(words) for words in sentences]


def load_tagger(backend: str = "crf", model_dir: str | Path | None = None) -> OrgTagger:
    """The tagger of `backend`; raises ModelMissing (one-line hint) when weights are absent."""
    if backend == "rules":
        return RulesTagger()
    if backend == "crf":
        from nlp.taggers.crf import CrfTagger

        path = Path(model_dir) if model_dir else DEFAULT_CRF_MODEL
        if path.is_dir():
            path = path / DEFAULT_CRF_MODEL.name
        if not path.is_file():
            raise ModelMissing(f"no CRF model at {path}: run `unionnews train --backend crf`")
        return CrfTagger(path)
    if backend == "phobert":
        from nlp.taggers.phobert import PhobertTagger

        source = model_dir or os.environ.get(MODEL_ENV)
        if not source:
            raise ModelMissing(f"no PhoBERT model given: {PHOBERT_HINT}")
        return PhobertTagger.load(source)
    raise ValueError(f"unknown tagger backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def entity_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """Word-index spans [start, end) with their type from BIO labels; a stray I- opens a span."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    kind = ""
    for i, label in enumerate([*labels, "O"]):
        if label == "O" and start is None:
            continue  # outside any span, as most words are: nothing opens or closes
        inside = label.startswith("I-") and start is not None and label[2:] == kind
        if start is not None and not inside:
            spans.append((start, i, kind))
            start = None
        if label.startswith("B-") or (label.startswith("I-") and start is None):
            start, kind = i, label[2:]
    return spans


def tag_scores(tagger: OrgTagger, records: list[dict[str, Any]]) -> dict[str, float]:
    """seqeval micro precision, recall and F1 of `tagger` on gold records."""
    from seqeval.metrics import f1_score, precision_score, recall_score

    gold, pred = _gold_and_predicted(tagger, records)
    return {
        "precision": float(precision_score(gold, pred, zero_division=0)),
        "recall": float(recall_score(gold, pred, zero_division=0)),
        "f1": float(f1_score(gold, pred, zero_division=0)),
    }


def seqeval_report(tagger: OrgTagger, records: list[dict[str, Any]]) -> str:
    """seqeval's per-label classification report of `tagger` on the words of gold records."""
    from seqeval.metrics import classification_report

    gold, pred = _gold_and_predicted(tagger, records)
    if not any(label != "O" for seq in gold for label in seq):
        return "seqeval: the gold records hold no organisation mentions\n"
    return str(classification_report(gold, pred, digits=3, zero_division=0))


def _gold_and_predicted(
    tagger: OrgTagger, records: list[dict[str, Any]]
) -> tuple[list[list[str]], list[list[str]]]:
    from nlp.taggers.data import labelled_sentences

    sentences = labelled_sentences(records)
    gold = [s.labels for s in sentences]
    pred = tagger.tag([s.words for s in sentences])
    return gold, pred
