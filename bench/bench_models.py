"""Benchmark the organisation taggers side by side (CPU): dev scores, speed and memory.

    .venv/bin/python bench/bench_models.py

- Quality on the dev split: seqeval F1 over words, and exact character-span F1 of ORG
  mentions for the shipped CRF and for underthesea's own `ner` (its B-ORG/I-ORG spans), both
  scored against the same gold spans.
- Speed: articles per second over the dev texts, tagging only (sentences already segmented),
  and segmentation + tagging.
- Memory: peak resident memory of a fresh process that loads the backend and tags the dev
  words (segmented beforehand by the parent), and its growth over the process's start.
Backends: rules (null tagger), crf (shipped model), phobert-tiny (hidden 32, trained a few
steps here) and phobert-base-shape (random weights with PhoBERT-base dimensions: speed only).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _segment_dev() -> tuple[list[dict], list]:
    from corpus.build import load_gold
    from nlp.taggers.data import labelled_sentences

    records = load_gold("dev")
    return records, labelled_sentences(records)


def char_spans(sentences: list, labels: list[list[str]]) -> set[tuple[str, int, int]]:
    from nlp.taggers import entity_spans

    out = set()
    for s, seq in zip(sentences, labels, strict=True):
        for a, b, _ in entity_spans(seq):
            out.add((s.record_id, s.spans[a][0], s.spans[b - 1][1]))
    return out


def span_prf(gold: set, pred: set) -> tuple[float, float, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def underthesea_labels(sentences: list) -> list[list[str]]:
    """underthesea `ner` on each sentence's words, its ORG labels projected onto our words."""
    from underthesea import ner

    out = []
    for s in sentences:
        text = " ".join(s.words)
        # Offsets of our words in `text`, and of underthesea's words found in order.
        ours, pos = [], 0
        for w in s.words:
            ours.append((pos, pos + len(w)))
            pos += len(w) + 1
        spans, cursor = [], 0
        for item in ner(text):
            word, label = item[0], item[-1]
            at = text.find(word, cursor)
            if at < 0:
                continue
            cursor = at + len(word)
            if label.endswith("ORG"):
                spans.append((label, at, cursor))
        labels = ["O"] * len(s.words)
        entity: list[tuple[int, int]] = []
        for label, a, b in spans:
            if label.startswith("B-") or not entity:
                entity.append((a, b))
            else:
                entity[-1] = (entity[-1][0], b)
        from nlp.taggers.data import bio_labels

        labels = bio_labels(ours, entity)
        out.append(labels)
    return out


def _peak_rss_kb() -> int:
    """This process's peak RSS: VmHWM, because ru_maxrss survives exec from a big parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(backend: str, words_file: str, model: str | None) -> None:
    """Run in a subprocess: load `backend`, tag the dev words, print peak RSS and timings."""
    data = json.loads(Path(words_file).read_text(encoding="utf-8"))
    words = data["words"]
    base_rss = _peak_rss_kb()
    t0 = time.perf_counter()
    if backend == "underthesea-ner":
        from types import SimpleNamespace

        underthesea_labels([SimpleNamespace(words=w) for w in words])
    else:
        from nlp.taggers import load_tagger

        kind = "phobert" if backend.startswith("phobert") else backend
        tagger = load_tagger(kind, model)
        tagger.tag(words)
    seconds = time.perf_counter() - t0
    peak = _peak_rss_kb()
    print(json.dumps({"seconds": seconds, "articles": data["articles"],
                      "peak_mb": peak / 1024, "start_mb": base_rss / 1024}))


def _run_child(backend: str, words_file: Path, model: str | None) -> dict:
    cmd = [sys.executable, __file__, "--child", backend, str(words_file)]
    cmd += [model] if model else []
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _build_phobert_models(work: Path) -> dict[str, str]:
    from tiny_phobert import build_tiny_phobert, corpus_words
    from transformers import RobertaConfig, RobertaForTokenClassification
    from transformers.utils import logging as hf_logging

    from corpus.build import load_gold
    from nlp.taggers import LABELS
    from nlp.taggers.phobert import train_phobert

    hf_logging.set_verbosity_error()
    train, dev = load_gold("train"), load_gold("dev")
    base = build_tiny_phobert(corpus_words(train), work / "tiny-base")
    train_phobert(base, work / "tiny", train, dev, max_steps=60, learning_rate=3e-3,
                  batch_size=16, patience=1000)
    # PhoBERT-base dimensions (12 layers, 768 hidden, 64001 BPE ids) with random weights:
    # the speed and memory a user of the real fine-tuned model should expect on this CPU.
    config = RobertaConfig(
        vocab_size=64001, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
        intermediate_size=3072, max_position_embeddings=258, type_vocab_size=1, pad_token_id=1,
        num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    big = work / "base-shape"
    RobertaForTokenClassification(config).save_pretrained(str(big))
    for name in ("vocab.txt", "bpe.codes", "tokenizer_config.json", "special_tokens_map.json"):
        if (work / "tiny" / name).is_file():
            (big / name).write_bytes((work / "tiny" / name).read_bytes())
    return {"phobert-tiny": str(work / "tiny"), "phobert-base-shape": str(big)}


def main() -> None:
    from seqeval.metrics import f1_score

    from nlp.normalise import normalise
    from nlp.segment import segment
    from nlp.taggers import load_tagger

    records, sentences = _segment_dev()
    gold_labels = [s.labels for s in sentences]
    gold_spans = {(r["id"], o["start"], o["end"]) for r in records for o in r["organisations"]}
    print(f"dev: {len(records)} articles, {len(sentences)} sentences, "
          f"{len(gold_spans)} ORG mentions")

    t0 = time.perf_counter()
    for r in records:
        segment(normalise(r["text"]).text)
    seg_s = time.perf_counter() - t0
    print(f"segmentation alone (normalise + underthesea): {len(records) / seg_s:.1f} articles/s")

    crf = load_tagger("crf")
    crf_labels = crf.tag([s.words for s in sentences])
    ut_labels = underthesea_labels(sentences)
    print("\nquality on dev (ORG)         seqeval-F1  span-P  span-R  span-F1")
    for name, labels in (("crf (shipped)", crf_labels), ("underthesea ner", ut_labels)):
        p, r, f = span_prf(gold_spans, char_spans(sentences, labels))
        print(f"  {name:26s} {f1_score(gold_labels, labels):10.3f} {p:7.3f} {r:7.3f} {f:8.3f}")

    with tempfile.TemporaryDirectory() as tmp:
        models: dict[str, str | None] = {"rules": None, "crf": None}
        models.update(_build_phobert_models(Path(tmp)))
        words_file = Path(tmp) / "dev-words.json"
        words_file.write_text(json.dumps({"articles": len(records),
                                          "words": [s.words for s in sentences]}))
        print("\nspeed and memory (CPU, tagging pre-segmented words; fresh process each)")
        print("  backend               articles/s  seg+tag art/s  peak RSS MB  (+ over start)")
        for backend, model in [*models.items(), ("underthesea-ner", None)]:
            res = _run_child(backend, words_file, model)
            rate = res["articles"] / res["seconds"] if res["seconds"] else float("inf")
            both = res["articles"] / (res["seconds"] + seg_s)
            extra = res["peak_mb"] - res["start_mb"]
            print(f"  {backend:20s} {rate:11.1f} {both:14.1f} {res['peak_mb']:12.0f}  "
                  f"(+{extra:.0f})")
    size = Path(crf.path).stat().st_size
    print(f"\nshipped CRF model: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        main()
