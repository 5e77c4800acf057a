"""Extraction throughput, side by side in one process on the same texts.

Runs bare underthesea word segmentation, underthesea's own `ner`, and this pipeline (rules,
and with the CRF tagger when its model is present) over the seed articles and the gold
corpus' texts; prints characters per second for each and the ratios. Target: the pipeline
at ≥ 50 % of bare word segmentation's throughput.

    .venv/bin/python bench/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_texts() -> list[tuple[str, str | None, str | None]]:
    from corpus.build import load_gold

    texts = [(p.read_text(encoding="utf-8"), None, None)
             for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    seen = {t for t, _, _ in texts}
    for rec in load_gold():
        if rec["text"] not in seen:
            texts.append((rec["text"], rec.get("published"), rec.get("site")))
            seen.add(rec["text"])
    return texts


def timed(fn, texts, repeat: int) -> float:
    for text, *_ in texts[:2]:  # warm up: load models and caches outside the clock
        fn(text)
    start = time.perf_counter()
    for _ in range(repeat):
        for text, *_ in texts:
            fn(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from underthesea import ner, word_tokenize

    from nlp.pipeline import extract, get_tagger

    texts = load_texts()
    chars = sum(len(t) for t, _, _ in texts) * args.repeat
    runs: list[tuple[str, float]] = []
    runs.append(("underthesea word_tokenize", timed(word_tokenize, texts, args.repeat)))
    runs.append(("underthesea ner", timed(ner, texts, args.repeat)))
    runs.append(("pipeline (rules)", timed(lambda t: extract(t, "2024-07-01"), texts,
                                             args.repeat)))
    crf = get_tagger("crf")
    if crf is not None:
        runs.append(("pipeline (rules + crf)",
                     timed(lambda t: extract(t, "2024-07-01", tagger=crf), texts, args.repeat)))
    base = chars / runs[0][1]
    print(f"{len(texts)} texts, {chars // args.repeat} characters, repeated {args.repeat}x")
    print(f"{'':28}{'chars/s':>12}{'vs word_tokenize':>18}")
    for name, seconds in runs:
        rate = chars / seconds
        print(f"{name:28}{rate:12,.0f}{rate / base:17.0%}")
    pipe = chars / runs[2][1]
    print(f"\npipeline (rules) / underthesea ner: {pipe / (chars / runs[1][1]):.1f}x")
    print("target: pipeline >= 50% of word_tokenize:",
          "met" if pipe / base >= 0.5 else "NOT met")


if __name__ == "__main__":
    main()
