"""Extraction throughput, side by side in one process on the same texts.

Runs bare underthesea word segmentation, underthesea's own `ner`, and this pipeline (rules,
and with the CRF tagger when its model is present) over the seed articles and the gold
corpus' texts; prints characters per second for each and the ratios. Target: the pipeline
at ≥ 50 % of bare word segmentation's throughput.

    .venv/bin/python bench/bench_extract.py [--rounds N] [--ner-texts N]
    .venv/bin/python bench/bench_extract.py --workers 1,2 [--articles N]

With --workers, it measures `unionnews extract`'s pool instead (unionnews.extract_pool, the
same code the command runs) on the same articles for each worker count in one run: articles
per second, wall time with worker start-up included and without it (from the first result),
the ratio to one worker (target >= 1.8x on 2 cores) and each worker's peak memory.
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


def one_pass(fn, texts) -> float:
    start = time.perf_counter()
    for text, *_ in texts:
        fn(text)
    return time.perf_counter() - start


def worker_peak_mib() -> float:
    """Largest peak resident memory of the worker processes ended so far (MiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu_seconds() -> float:
    import resource

    own, workers = (resource.getrusage(who)
                    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def bench_workers(counts: list[int], articles: int) -> None:
    import os
    import resource

    from nlp.pipeline import extractor_version
    from unionnews.extract_pool import TaggerChoice, extract_articles

    texts = load_texts()
    rows = []
    for n in range(articles):
        text, published, site = texts[n % len(texts)]
        title, _, body = text.partition("\n")
        rows.append({"id": n + 1, "title": title, "body": body, "published": published,
                     "site": site, "url": None, "lead": None})
    choice = TaggerChoice("crf", None, False)
    tagger = choice.load()
    version = extractor_version(tagger)
    print(f"{articles} articles ({len(texts)} distinct texts), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'workers':>8}{'articles/s':>12}{'wall s':>9}{'after start':>14}{'vs 1':>7}"
          f"{'CPU ms/article':>16}{'peak MiB/worker':>17}")
    base = None
    for workers in counts:
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        first = None
        for _ in extract_articles(rows, workers=workers, tagger=tagger, choice=choice,
                                  version=version):
            first = first or time.perf_counter()
        ended = time.perf_counter()
        cpu_ms = (_cpu_seconds() - cpu_before) / articles * 1000
        rate = articles / (ended - started)
        steady = (articles - 1) / (ended - first)
        base = base or steady
        peak = (worker_peak_mib() if workers > 1
                else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(f"{workers:>8}{rate:>12.1f}{ended - started:>9.1f}{steady:>11.1f}/s"
              f"{steady / base:>6.2f}x{cpu_ms:>16.1f}{peak:>17.0f}")
    print("(1 worker runs in this process: its peak includes the benchmark's own data; "
          "'after start' counts from the first result, so worker start-up is left out; CPU is "
          "this process and its workers together, start-up included: the same per article "
          "whatever the workers means the pool adds no work, and the ratio is bounded by the "
          "cores the machine can give)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3,
                        help="passes per contender, interleaved; the fastest pass counts")
    parser.add_argument("--ner-texts", type=int, default=0,
                        help="texts for underthesea ner, 0 for all (it is slow: one pass only)")
    parser.add_argument("--workers", help="worker counts to compare, e.g. 1,2")
    parser.add_argument("--articles", type=int, default=600,
                        help="articles per worker count (the corpus texts, repeated)")
    args = parser.parse_args()
    if args.workers:
        bench_workers([int(n) for n in args.workers.split(",")], args.articles)
        return

    from datetime import date

    from underthesea import ner, word_tokenize

    from nlp.context import ArticleContext
    from nlp.pipeline import extract, get_tagger

    context = ArticleContext(published=date(2024, 7, 1))
    texts = load_texts()
    chars = sum(len(t) for t, _, _ in texts)
    contenders = {
        "underthesea word_tokenize": word_tokenize,
        "pipeline (rules)": lambda t: extract(t, context),
    }
    crf = get_tagger("crf")
    if crf is not None:
        contenders["pipeline (rules + crf)"] = lambda t: extract(t, context, crf)
    for fn in contenders.values():  # warm up: models and caches load outside the clock
        for text, *_ in texts[:2]:
            fn(text)
    # Rounds interleave the contenders so that a slow spell of a noisy machine hits them all;
    # each keeps its fastest pass.
    best = {name: float("inf") for name in contenders}
    for _ in range(args.rounds):
        for name, fn in contenders.items():
            best[name] = min(best[name], one_pass(fn, texts))
    rates = {name: chars / seconds for name, seconds in best.items()}
    ner_texts = texts[:args.ner_texts] if args.ner_texts else texts
    ner(ner_texts[0][0])
    rates["underthesea ner"] = sum(len(t) for t, _, _ in ner_texts) / one_pass(ner, ner_texts)

    base = rates["underthesea word_tokenize"]
    print(f"{len(texts)} texts, {chars} characters; fastest of {args.rounds} interleaved passes"
          f" (underthesea ner: one pass over {len(ner_texts)} texts)")
    print(f"{'':28}{'chars/s':>12}{'vs word_tokenize':>18}")
    for name, rate in rates.items():
        print(f"{name:28}{rate:12,.0f}{rate / base:17.0%}")
    print(f"\npipeline (rules) / underthesea ner: "
          f"{rates['pipeline (rules)'] / rates['underthesea ner']:.1f}x")
    for name in ("pipeline (rules)", "pipeline (rules + crf)"):
        if name in rates:
            print(f"target {name} >= 50% of word_tokenize:",
                  "met" if rates[name] / base >= 0.5 else "NOT met")


if __name__ == "__main__":
    main()
