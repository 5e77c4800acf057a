"""PhoBERT organisation tagger: fine-tuning with the Hugging Face Trainer, and inference.

PhoBERT reads word-segmented Vietnamese with the syllables of a word joined by "_"
("Liên_đoàn Lao_động"), so each underthesea word is written that way and split into BPE
sub-tokens on its own. A word's label sits on its first sub-token; the others are -100 (not
scored). Sentences longer than a window (at most 256 sub-tokens with <s> and </s>, PhoBERT's
position limit) are cut into overlapping windows at word boundaries; at inference every word
takes the label from the window in which it lies farthest from an edge.

torch and transformers are imported inside the functions: loading this module is cheap.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.taggers import LABELS, PHOBERT_HINT, ModelMissing

WINDOW = 256  # sub-tokens per window, <s> and </s> included
OVERLAP = 64  # sub-tokens shared by consecutive windows of one long sentence
IGNORE = -100
LABEL2ID = {label: i for i, label in enumerate(LABELS)}


@dataclass(frozen=True)
class Window:
    sentence: int  # index of the sentence it belongs to
    first_word: int  # index (in the sentence) of its first word
    input_ids: list[int]
    first_pieces: list[int]  # position in input_ids of each of its words' first sub-token


def word_pieces(tokenizer: Any, words: list[str]) -> list[list[int]]:
    """Sub-token ids of every word, written with "_" between syllables as PhoBERT expects."""
    out = []
    for word in words:
        ids = tokenizer.convert_tokens_to_ids(tokenizer.tokenize("_".join(word.split())))
        out.append(ids or [tokenizer.unk_token_id])
    return out


def windows(
    tokenizer: Any, sentence_index: int, words: list[str],
    window: int = WINDOW, overlap: int = OVERLAP,
) -> list[Window]:
    """Overlapping windows over one sentence, cut at word boundaries."""
    budget = window - 2
    pieces = [ids[:budget] for ids in word_pieces(tokenizer, words)]
    out: list[Window] = []
    start = 0
    while start < len(words):
        end, used = start, 0
        while end < len(words) and used + len(pieces[end]) <= budget:
            used += len(pieces[end])
            end += 1
        ids = [tokenizer.cls_token_id]
        firsts = []
        for p in pieces[start:end]:
            firsts.append(len(ids))
            ids.extend(p)
        ids.append(tokenizer.sep_token_id)
        out.append(Window(sentence_index, start, ids, firsts))
        if end >= len(words):
            break
        # Step back from the end while the shared part stays within `overlap` sub-tokens.
        nxt, shared = end, 0
        while nxt - 1 > start and shared + len(pieces[nxt - 1]) <= overlap:
            shared += len(pieces[nxt - 1])
            nxt -= 1
        start = nxt
    return out


def training_features(tokenizer: Any, sentences: list[Any]) -> list[dict[str, list[int]]]:
    """Labelled sentences → Trainer rows: input ids and labels on first sub-tokens."""
    rows = []
    for i, sentence in enumerate(sentences):
        for w in windows(tokenizer, i, sentence.words):
            labels = [IGNORE] * len(w.input_ids)
            for k, pos in enumerate(w.first_pieces):
                labels[pos] = LABEL2ID.get(sentence.labels[w.first_word + k], 0)
            rows.append({"input_ids": w.input_ids, "attention_mask": [1] * len(w.input_ids),
                         "labels": labels})
    return rows


def _seqeval_f1(eval_pred: Any) -> dict[str, float]:
    from seqeval.metrics import f1_score, precision_score, recall_score

    logits, label_ids = eval_pred
    predictions = logits.argmax(-1)
    gold, pred = [], []
    for p_row, g_row in zip(predictions, label_ids, strict=True):
        keep = g_row != IGNORE
        gold.append([LABELS[int(g)] for g in g_row[keep]])
        pred.append([LABELS[int(p)] for p in p_row[keep]])
    return {
        "precision": float(precision_score(gold, pred, zero_division=0)),
        "recall": float(recall_score(gold, pred, zero_division=0)),
        "f1": float(f1_score(gold, pred, zero_division=0)),
    }


def _load_base(base: str | Path) -> tuple[Any, Any]:
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(base))
        model = AutoModelForTokenClassification.from_pretrained(
            str(base), num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)), label2id=LABEL2ID,
        )
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelMissing(f"cannot load base model {base} ({first[:120]}); download it to the "
                           "Hugging Face cache or a local dir first") from None
    return tokenizer, model


def train_phobert(
    base: str | Path, out: str | Path,
    train_records: list[dict[str, Any]], dev_records: list[dict[str, Any]],
    epochs: float = 10.0, max_steps: int = -1, seed: int = 42,
    batch_size: int = 16, learning_rate: float = 5e-5, patience: int = 3,
) -> dict[str, float]:
    """Fine-tune `base` for ORG tagging; best dev-F1 weights, tokenizer and a card go to `out`."""
    import torch
    from transformers import (
        DataCollatorForTokenClassification,
        EarlyStoppingCallback,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    from nlp.taggers.data import labelled_sentences

    set_seed(seed)
    tokenizer, model = _load_base(base)
    train_sentences = labelled_sentences(train_records)
    dev_sentences = labelled_sentences(dev_records)
    train_rows = training_features(tokenizer, train_sentences)
    dev_rows = training_features(tokenizer, dev_sentences)
    if not train_rows or not dev_rows:
        raise ValueError("PhoBERT training needs train and dev sentences")
    steps_per_epoch = max(1, -(-len(train_rows) // batch_size))
    eval_every = steps_per_epoch if max_steps <= 0 else max(1, min(steps_per_epoch, max_steps))
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="phobert-ckpt-") as ckpt:
        args = TrainingArguments(
            output_dir=ckpt,
            num_train_epochs=epochs,
            max_steps=max_steps,
            per_device_train_batch_size=batch_size,
            per_device_eval_batch_size=batch_size,
            learning_rate=learning_rate,
            weight_decay=0.01,
            warmup_steps=0.1,  # a float below 1 is a fraction of the steps
            eval_strategy="steps",
            eval_steps=eval_every,
            save_strategy="steps",
            save_steps=eval_every,
            save_total_limit=2,
            load_best_model_at_end=True,
            metric_for_best_model="f1",
            greater_is_better=True,
            logging_steps=eval_every,
            report_to="none",
            seed=seed,
            data_seed=seed,
            dataloader_pin_memory=torch.cuda.is_available(),
        )
        trainer = Trainer(
            model=model,
            args=args,
            train_dataset=train_rows,
            eval_dataset=dev_rows,
            data_collator=DataCollatorForTokenClassification(tokenizer),
            processing_class=tokenizer,
            compute_metrics=_seqeval_f1,
            callbacks=[EarlyStoppingCallback(early_stopping_patience=patience)],
        )
        trainer.train()
        metrics = trainer.evaluate()
        out.mkdir(parents=True, exist_ok=True)
        trainer.save_model(str(out))
        tokenizer.save_pretrained(str(out))
    scores = {k.removeprefix("eval_"): float(v) for k, v in metrics.items()
              if k in ("eval_f1", "eval_precision", "eval_recall")}
    write_card(out, base, len(train_records), len(dev_records), len(train_rows), scores,
               trainer.state.global_step, seed)
    return scores


def write_card(out: Path, base: str | Path, n_train: int, n_dev: int, n_windows: int,
               scores: dict[str, float], steps: int, seed: int) -> Path:
    """The model card saved next to the weights: what it was trained on and how well it does."""
    card = out / "README.md"
    card.write_text(
        f"""# unionnews organisation tagger (PhoBERT fine-tune)

- Base model: `{base}`
- Task: BIO tagging of organisation mentions ({", ".join(LABELS)}) over underthesea words,
  written with "_" between syllables; labels on each word's first sub-token.
- Training data: unionnews gold corpus, train split ({n_train} records, {n_windows} windows of
  at most {WINDOW} sub-tokens, overlap {OVERLAP}); selection: dev split ({n_dev} records),
  early stopping on seqeval F1.
- Steps: {steps}, seed {seed}.
- Dev scores (seqeval, ORG): {json.dumps({k: round(v, 4) for k, v in scores.items()})}

Use: `unionnews extract-text ARTICLE.txt --model {out}` or `UNIONNEWS_MODEL={out}`;
in Python `nlp.taggers.load_tagger("phobert", "{out}")`.
""",
        encoding="utf-8",
    )
    return card


class PhobertTagger:
    """A fine-tuned token-classification model over "_"-joined words, loaded from local files."""

    name = "phobert"

    def __init__(self, tokenizer: Any, model: Any, batch_size: int = 16) -> None:
        self.tokenizer = tokenizer
        self.model = model.eval()
        self.batch_size = batch_size
        self.path: Path | None = None
        self.window = WINDOW
        self.overlap = OVERLAP
        self.figure_decider: Any = None  # kind and metric classifiers saved beside the tagger
        id2label = getattr(model.config, "id2label", None) or dict(enumerate(LABELS))
        self.id2label = {int(k): v for k, v in id2label.items()}

    @classmethod
    def load(cls, source: str | Path) -> PhobertTagger:
        """From a local dir or a hub name already in the local cache (no network at run time)."""
        from transformers import AutoModelForTokenClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # loading reports go nowhere: stdout carries the JSON
        path = Path(source)
        if path.exists() and not (path / "config.json").is_file():
            raise ModelMissing(f"no PhoBERT weights in {path}: {PHOBERT_HINT}")
        hub_name = re.fullmatch(r"[\w.-]+/[\w.-]+", str(source)) is not None
        if not path.exists() and not hub_name:
            raise ModelMissing(f"no PhoBERT model at {source}: {PHOBERT_HINT}")
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
            model = AutoModelForTokenClassification.from_pretrained(
                str(source), local_files_only=True)
        except (OSError, ValueError):
            raise ModelMissing(f"cannot load PhoBERT model {source}: {PHOBERT_HINT}") from None
        tagger = cls(tokenizer, model)
        tagger.path = Path(str(source))  # the pipeline stamps its extractor version with it
        if path.exists():
            from nlp.taggers.phobert_figures import PhobertFigureDecider

            tagger.figure_decider = PhobertFigureDecider.load(path)
        return tagger

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        import torch

        all_windows = [w for i, words in enumerate(sentences)
                       for w in windows(self.tokenizer, i, words, self.window, self.overlap)]
        out = [["O"] * len(words) for words in sentences]
        margin = [[-1] * len(words) for words in sentences]  # best distance to a window edge
        pad = self.tokenizer.pad_token_id
        for b in range(0, len(all_windows), self.batch_size):
            batch = all_windows[b:b + self.batch_size]
            width = max(len(w.input_ids) for w in batch)
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, w in enumerate(batch):
                ids[r, :len(w.input_ids)] = torch.tensor(w.input_ids)
                mask[r, :len(w.input_ids)] = 1
            with torch.no_grad():
                predicted = self.model(input_ids=ids, attention_mask=mask).logits.argmax(-1)
            for r, w in enumerate(batch):
                n = len(w.first_pieces)
                for k, pos in enumerate(w.first_pieces):
                    word = w.first_word + k
                    edge = min(k, n - 1 - k)
                    if edge > margin[w.sentence][word]:
                        margin[w.sentence][word] = edge
                        out[w.sentence][word] = self.id2label.get(int(predicted[r, pos]), "O")
        return out
