"""PhoBERT decides figures too: the kind and the metric of a marked figure in its sentence.

The sentence is word-segmented with the figure wrapped in markers ("… kết nạp « 2.134 đoàn
viên » …") and each decision is a sequence classification over it, fine-tuned from the same
base as the organisation tagger (`unionnews train --backend phobert` writes both; the figure
models go to `<model dir>/figures/<decision>`). `PhobertFigureDecider` answers the same
question as the shipped linear models (`nlp.decisions`), so the pipeline's `decide` component
uses whichever the chosen backend brings.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.model import KINDS, METRICS, Indicator

FIGURES_DIR = "figures"
LABELS: dict[str, tuple[str, ...]] = {"kind": KINDS, "metric": METRICS}
MAX_PIECES = 128  # sub-tokens per marked sentence, <s> and </s> included


def marked_words(sentence: str, figure: str) -> list[str]:
    """The sentence's words with the figure between « and » (its first occurrence)."""
    from nlp.segment import tokenize_sentence

    at = sentence.find(figure)
    if at < 0:
        marked = f"« {figure} » {sentence}"
    else:
        marked = f"{sentence[:at]} « {figure} » {sentence[at + len(figure):]}"
    return [t.text for t in tokenize_sentence(marked, 0, len(marked)).tokens]


def encode(tokenizer: Any, words: list[str]) -> list[int]:
    """Sub-token ids, cut to a window around the figure when the sentence is long."""
    from nlp.taggers.phobert import word_pieces

    pieces = word_pieces(tokenizer, words)
    mark = next((i for i, w in enumerate(words) if w == "«"), 0)
    budget = MAX_PIECES - 2
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


def train_figure_decisions(
    base: str | Path, out: str | Path, train_pairs: Sequence[tuple[Indicator, dict]],
    dev_pairs: Sequence[tuple[Indicator, dict]], epochs: float = 5.0, max_steps: int = -1,
    seed: int = 42, batch_size: int = 16, learning_rate: float = 5e-5,
) -> dict[str, float]:
    """Fine-tune one classifier per decision; returns each one's dev accuracy."""
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

    scores: dict[str, float] = {}
    for name, labels in LABELS.items():
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
                train_dataset=rows(train_pairs, name), eval_dataset=rows(dev_pairs, name),
                data_collator=DataCollatorWithPadding(tokenizer),
                compute_metrics=accuracy,
            )
            trainer.train()
            scores[name] = float(trainer.evaluate()["eval_accuracy"])
            target = Path(out) / FIGURES_DIR / name
            trainer.save_model(str(target))
            tokenizer.save_pretrained(str(target))
    return scores


class PhobertFigureDecider:
    """Kind and metric of each indicator from fine-tuned PhoBERT classifiers."""

    def __init__(self, heads: dict[str, tuple[Any, Any]], source: Path) -> None:
        self.heads = heads  # decision → (tokenizer, model)
        self.source = source

    @property
    def decisions(self) -> tuple[str, ...]:
        return tuple(self.heads)

    @classmethod
    def load(cls, model_dir: str | Path) -> PhobertFigureDecider | None:
        """The figure classifiers saved beside a PhoBERT tagger, or None when there are none."""
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        root = Path(model_dir) / FIGURES_DIR
        heads = {}
        for name in LABELS:
            path = root / name
            if (path / "config.json").is_file():
                tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
                model = AutoModelForSequenceClassification.from_pretrained(
                    str(path), local_files_only=True).eval()
                heads[name] = (tokenizer, model)
        return cls(heads, root) if heads else None

    def predict(self, name: str, ind: Indicator) -> dict[str, float]:
        import torch

        tokenizer, model = self.heads[name]
        ids = torch.tensor([encode(tokenizer, marked_words(ind.sentence, ind.text))])
        with torch.no_grad():
            probs = torch.softmax(model(input_ids=ids).logits[0], -1).tolist()
        id2label = {int(k): v for k, v in model.config.id2label.items()}
        return {id2label[i]: p for i, p in enumerate(probs)}
