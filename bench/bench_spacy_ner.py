"""Benchmark spaCy's own NER, trained from scratch here, against the shipped CRF (CPU).

    .venv/bin/python bench/bench_spacy_ner.py [--epochs 20] [--seed 0]

Both models see the same data: the gold train split turned into underthesea words with BIO
labels by `nlp.taggers.data` (the CRF's own training input). spaCy gets those words as Doc
objects built directly (`spacy.blank("xx")`, no tokenizer involved), so the two models tag
exactly the same words. On the dev split it prints, side by side in one run: seqeval ORG F1
(word level), exact character-span P/R/F1, tagging throughput (sentences/s, words already
segmented) and model size on disk.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_models import char_spans, span_prf  # noqa: E402  (same scoring as bench_models)


def train_spacy_ner(train: list, epochs: int, seed: int):  # -> spacy.Language
    """A blank multilingual pipeline with one `ner` pipe, trained on BIO-labelled words."""
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("xx")
    ner = nlp.add_pipe("ner")
    ner.add_label("ORG")
    examples = [
        Example(Doc(nlp.vocab, words=s.words), Doc(nlp.vocab, words=s.words, ents=s.labels))
        for s in train if s.words
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        print(f"  epoch {epoch + 1:2d}/{epochs}  ner loss {losses.get('ner', 0.0):9.1f}",
              file=sys.stderr)
    return nlp


def spacy_labels(nlp, sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels from the trained pipe, run on Docs made from our words (no tokenizer)."""
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=words) for words in sentences)
    for _, pipe in nlp.pipeline:
        docs = pipe.pipe(docs, batch_size=64)
    return [[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
            for doc in docs]


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from seqeval.metrics import f1_score

    from corpus.build import load_gold
    from nlp.taggers import load_tagger
    from nlp.taggers.data import labelled_sentences

    train = labelled_sentences(load_gold("train"))
    records = load_gold("dev")
    dev = labelled_sentences(records)
    words = [s.words for s in dev]
    gold_labels = [s.labels for s in dev]
    gold_spans = {(r["id"], o["start"], o["end"]) for r in records for o in r["organisations"]}
    print(f"train: {len(train)} sentences; dev: {len(records)} articles, {len(dev)} sentences, "
          f"{len(gold_spans)} ORG mentions")

    t0 = time.perf_counter()
    nlp = train_spacy_ner(train, args.epochs, args.seed)
    print(f"spaCy {__import__('spacy').__version__} NER trained in "
          f"{time.perf_counter() - t0:.1f}s ({args.epochs} epochs, seed {args.seed})")

    crf = load_tagger("crf")
    results = {}
    for name, tag in (("crf (shipped)", crf.tag), ("spacy ner", lambda w: spacy_labels(nlp, w))):
        t0 = time.perf_counter()
        labels = tag(words)
        seconds = time.perf_counter() - t0
        results[name] = (labels, len(words) / seconds if seconds else float("inf"))

    with tempfile.TemporaryDirectory() as tmp:
        nlp.to_disk(Path(tmp) / "spacy-ner")
        sizes = {"crf (shipped)": Path(crf.path).stat().st_size,
                 "spacy ner": _dir_size(Path(tmp) / "spacy-ner")}

    print("\ndev (ORG)          seqeval-F1  span-P  span-R  span-F1  sentences/s  size KiB")
    for name, (labels, rate) in results.items():
        p, r, f = span_prf(gold_spans, char_spans(dev, labels))
        print(f"  {name:16s} {f1_score(gold_labels, labels):10.3f} {p:7.3f} {r:7.3f} {f:8.3f}"
              f" {rate:12.0f} {sizes[name] / 1024:9.0f}")


if __name__ == "__main__":
    main()
