"""PhoBERT decides figures too: the kind, the metric and the owner of a marked figure.

The sentence is word-segmented with the figure wrapped in markers ("… kết nạp « 2.134 đoàn
viên » …"). Kind and metric are each a sequence classification over it; the owner is a
ranking: the marked sentence paired with one candidate body's name (nlp/owners.py's
candidates, "không" for no owner) is classified as its owner or not, and the candidate most
probably the owner wins. All are fine-tuned from the same base as the organisation tagger
(`unionnews train --backend phobert` writes them; the figure models go to
`<model dir>/figures/<decision>`). `PhobertFigureDecider` answers the same questions as the
shipped linear models (`nlp.decisions`), so the pipeline's `decide` component uses whichever
the chosen backend brings.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlp.decisions import OWNER  # the owner ranking's directory beside kind and metric
from nlp.model import KINDS, METRICS, Indicator
from nlp.owners import NO_OWNER

FIGURES_DIR = "figures"
LABELS: dict[str, tuple[str, ...]] = {"kind": KINDS, "metric": METRICS}
MAX_PIECES = 128  # sub-tokens per marked sentence, <s> and </s> included
OWNER_LABELS = ("no", "yes")  # as the shipped linear ranking: "yes" is "owns the figure"
NO_OWNER_TEXT = "không"  # the no-owner candidate has no name: a fixed word stands for it
MAX_NAME_PIECES = 32  # a candidate's name in the pair; the sentence gets the rest


def marked_words(sentence: str, figure: str) -> list[str]:
    """The sentence's words with the figure between « and » (its first occurrence)."""
    from nlp.segment import tokenize_sentence

    at = sentence.find(figure)
    if at < 0:
        marked = f"« {figure} » {sentence}"
    else:
        marked = f"{sentence[:at]} « {figure} » {sentence[at + len(figure):]}"
    return [t.text for t in tokenize_sentence(marked, 0, len(marked)).tokens]


def encode(tokenizer: Any, words: list[str], max_pieces: int = MAX_PIECES) -> list[int]:
    """Sub-token ids, cut to a window around the figure when the sentence is long."""
    from nlp.taggers.phobert import word_pieces

    pieces = word_pieces(tokenizer, words)
    mark = next((i for i, w in enumerate(words) if w == "«"), 0)
    budget = max_pieces - 2
    lo = hi = mark  # the words kept, grown outwards from the marker one at a time
    taken = len(pieces[mark]) if pieces else 0
    grew = True
    while grew:
        grew = False
        for j in (hi + 1, lo - 1):
            if 0 <= j < len(words) and not lo <= j <= hi and taken + len(pieces[j]) <= budget:
                taken += len(pieces[j])
                lo, hi, grew = min(lo, j), max(hi, j), True
    ids = [i for p in pieces[lo:hi + 1] for i in p]
    return [tokenizer.cls_token_id, *ids[:budget], tokenizer.sep_token_id]


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    # a report names the same few bodies as candidates of many figures: segment each once
    from nlp.segment import tokenize_sentence

    text = name or NO_OWNER_TEXT
    return tuple(t.text for t in tokenize_sentence(text, 0, len(text)).tokens)


def encode_pair(tokenizer: Any, words: list[str], name: str) -> list[int]:
    """The marked sentence and one candidate's name as a RoBERTa pair
    (<s> sentence </s></s> name </s>), within MAX_PIECES."""
    from nlp.taggers.phobert import word_pieces

    name_ids = [i for p in word_pieces(tokenizer, list(_name_words(name)))
                for i in p][:MAX_NAME_PIECES]
    # the sentence's window shrinks by the name and the pair's two extra separators
    sentence = encode(tokenizer, words, MAX_PIECES - len(name_ids) - 2)
    return [*sentence, tokenizer.sep_token_id, *name_ids, tokenizer.sep_token_id]


class PhobertOwnerRanker:
    """The owner ranking of `nlp.decisions.rank_owners` (an `OwnerScorer`) from a fine-tuned
    PhoBERT pair classifier: each candidate's probability of owning the figure."""

    def __init__(self, tokenizer: Any, model: Any, batch_size: int = 32) -> None:
        self.tokenizer = tokenizer
        self.model = model.eval()
        self.batch_size = batch_size
        label2id = getattr(model.config, "label2id", None) or {}
        self.yes = int(label2id.get(OWNER_LABELS[1], 1))

    def candidate_probabilities(self, ind: Indicator, text: str) -> dict[str, float]:
        import torch

        names = list(ind.owner_features)
        if not names:
            return {}
        words = marked_words(ind.sentence, ind.text)
        rows = [encode_pair(self.tokenizer, words, name) for name in names]
        pad = self.tokenizer.pad_token_id
        device = next(self.model.parameters()).device
        probs: list[float] = []
        for b in range(0, len(rows), self.batch_size):  # a figure's candidates in few passes
            batch = rows[b:b + self.batch_size]
            width = max(len(r) for r in batch)
            ids = torch.tensor([r + [pad] * (width - len(r)) for r in batch], device=device)
            mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in batch],
                                device=device)
            with torch.no_grad():
                logits = self.model(input_ids=ids, attention_mask=mask).logits
            probs.extend(torch.softmax(logits, -1)[:, self.yes].tolist())
        return dict(zip(names, probs, strict=True))


def owner_rows(tokenizer: Any, pairs: Sequence[tuple[Indicator, dict]]) -> list[dict[str, Any]]:
    """One pair per candidate of each figure whose gold owner is among its candidates (as the
    linear ranking is trained): label 1 for the gold owner, 0 for the others."""
    out = []
    for ind, gold in pairs:
        truth = gold.get("org") or NO_OWNER
        if truth not in ind.owner_features:
            continue  # no candidate is right: the figure teaches nothing about ranking them
        words = marked_words(ind.sentence, ind.text)
        out.extend({"input_ids": encode_pair(tokenizer, words, name),
                    "labels": int(name == truth)} for name in ind.owner_features)
    return out


def owner_accuracy(ranker: PhobertOwnerRanker,
                   pairs: Sequence[tuple[Indicator, dict]]) -> float:
    """How often the top candidate is the gold owner, over figures that have it among their
    candidates: the ranking's own measure, not the pairs' (most pairs are plain "no")."""
    hits = total = 0
    for ind, gold in pairs:
        truth = gold.get("org") or NO_OWNER
        if truth in ind.owner_features:
            probs = ranker.candidate_probabilities(ind, ind.sentence)
            hits += max(probs, key=probs.__getitem__) == truth
            total += 1
    return hits / total if total else 0.0


def train_figure_decisions(
    base: str | Path, out: str | Path, train_pairs: Sequence[tuple[Indicator, dict]],
    dev_pairs: Sequence[tuple[Indicator, dict]], epochs: float = 5.0, max_steps: int = -1,
    seed: int = 42, batch_size: int = 16, learning_rate: float = 5e-5,
) -> dict[str, float]:
    """Fine-tune one classifier per decision (kind, metric) and the owner ranking's pair
    classifier; returns each one's dev accuracy (the owner's: top candidate right)."""
    import numpy as np
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    set_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base))

    def rows(pairs: Sequence[tuple[Indicator, dict]], name: str) -> list[dict[str, Any]]:
        index = {label: i for i, label in enumerate(LABELS[name])}
        return [{"input_ids": encode(tokenizer, marked_words(ind.sentence, ind.text)),
                 "labels": index[gold[name]]} for ind, gold in pairs]

    def accuracy(pred: Any) -> dict[str, float]:
        logits, labels = pred
        return {"accuracy": float((np.argmax(logits, -1) == labels).mean())}

    def fine_tune(name: str, labels: tuple[str, ...], train_rows: list[dict[str, Any]],
                  dev_rows: list[dict[str, Any]]) -> tuple[Any, float]:
        model = AutoModelForSequenceClassification.from_pretrained(
            str(base), num_labels=len(labels), id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)})
        with tempfile.TemporaryDirectory(prefix="phobert-fig-") as ckpt:
            trainer = Trainer(
                model=model,
                args=TrainingArguments(
                    output_dir=ckpt, num_train_epochs=epochs, max_steps=max_steps,
                    per_device_train_batch_size=batch_size, per_device_eval_batch_size=batch_size,
                    learning_rate=learning_rate, weight_decay=0.01, save_strategy="no",
                    report_to="none", seed=seed, data_seed=seed, dataloader_pin_memory=False),
                train_dataset=train_rows, eval_dataset=dev_rows,
                data_collator=DataCollatorWithPadding(tokenizer),
                compute_metrics=accuracy,
            )
            trainer.train()
            score = float(trainer.evaluate()["eval_accuracy"])
            target = Path(out) / FIGURES_DIR / name
            trainer.save_model(str(target))
            tokenizer.save_pretrained(str(target))
        return trainer.model, score

    scores: dict[str, float] = {}
    for name, labels in LABELS.items():
        _, scores[name] = fine_tune(name, labels, rows(train_pairs, name), rows(dev_pairs, name))
    train_owner, dev_owner = owner_rows(tokenizer, train_pairs), owner_rows(tokenizer, dev_pairs)
    # a ranking needs both a right and a wrong candidate to learn from, and figures to test on
    if len({r["labels"] for r in train_owner}) > 1 and dev_owner:
        model, _ = fine_tune(OWNER, OWNER_LABELS, train_owner, dev_owner)
        scores[OWNER] = owner_accuracy(PhobertOwnerRanker(tokenizer, model), dev_pairs)
    return scores


class PhobertFigureDecider:
    """Kind and metric of each indicator from fine-tuned PhoBERT classifiers, and its owner
    from their owner ranking where one was trained (`owner`, read by `nlp.decisions.decide`;
    None leaves the owner to the shipped linear ranking)."""

    def __init__(self, heads: dict[str, tuple[Any, Any]], source: Path,
                 owner: PhobertOwnerRanker | None = None) -> None:
        self.heads = heads  # decision → (tokenizer, model)
        self.source = source
        self.owner = owner

    @property
    def decisions(self) -> tuple[str, ...]:
        return tuple(self.heads)

    @classmethod
    def load(cls, model_dir: str | Path) -> PhobertFigureDecider | None:
        """The figure classifiers saved beside a PhoBERT tagger, or None when there are none."""
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        root = Path(model_dir) / FIGURES_DIR
        heads = {}
        for name in (*LABELS, OWNER):
            path = root / name
            if (path / "config.json").is_file():
                tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
                model = AutoModelForSequenceClassification.from_pretrained(
                    str(path), local_files_only=True).eval()
                heads[name] = (tokenizer, model)
        owner = heads.pop(OWNER, None)
        ranker = PhobertOwnerRanker(*owner) if owner else None
        return cls(heads, root, ranker) if heads or ranker else None

    def predict(self, name: str, ind: Indicator) -> dict[str, float]:
        import torch

        tokenizer, model = self.heads[name]
        ids = torch.tensor([encode(tokenizer, marked_words(ind.sentence, ind.text))])
        with torch.no_grad():
            probs = torch.softmax(model(input_ids=ids).logits[0], -1).tolist()
        id2label = {int(k): v for k, v in model.config.id2label.items()}
        return {id2label[i]: p for i, p in enumerate(probs)}
