"""Crawl benchmark against a large replica (every registry site, 120 articles each: over 5,000
article pages on 43 sites), politeness off. Reports:

- steady-state pages per second: requests served between the 10th and the 90th percentile of
  the first crawl, over the time between them (process start-up and the tail excluded);
- peak memory (max RSS) of the crawl process;
- article requests in a re-crawl / article requests in the first crawl (target 0);
- where the time goes: a cProfile run of the same crawl, grouped into parsing, extraction,
  SQLite and the rest (Scrapy, Twisted, HTTP).

The replica is served with persistent HTTP/1.1 connections, as real sites serve (`--http10`:
the tests' HTTP/1.0 server, a new connection and server thread per request).

    .venv/bin/python bench/bench_crawl.py [--per-site 120] [--no-profile] [--http10]
"""

from __future__ import annotations

import argparse
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.replica import serve  # noqa: E402

# Politeness off, the loopback delay of crawler/settings.py (DOWNLOAD_SLOTS) included.
FAST = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
        "--set", "DOWNLOAD_SLOTS={}",
        "--set", "CONCURRENT_REQUESTS=32", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
        "--set", "DOWNLOAD_TIMEOUT=2", "--set", "UNIONNEWS_PROGRESS_INTERVAL=3600"]
# Functions whose cumulative time is reported, by the stage they stand for.
STAGES = {
    "parsing (listings, layouts, selectors, decoding)": [
        ("crawler/extract.py", "extract_article"), ("crawler/extract.py", "decode_html"),
        ("crawler/spiders/union.py", "parse_listing"), ("crawler/spiders/union.py",
                                                        "parse_sitemap")],
    "extraction fallback (trafilatura, htmldate)": [
        ("crawler/extract.py", "_trafilatura"), ("crawler/extract.py", "_htmldate")],
    "SQLite store (insert, near-duplicate search)": [
        ("unionnews/store.py", "store_article"), ("unionnews/crawl_store.py", "open_spider"),
        ("unionnews/crawl_store.py", "commit")],
}


def crawl_command(db: Path, base: str) -> list[str]:
    return ["-m", "unionnews.cli", "crawl", "all", "--db", str(db), "--base-url",
            base + "/{key}", *FAST]


def crawl(db: Path, base: str, profile: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one crawl process."""
    prefix = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(prefix + crawl_command(db, base), cwd=REPO, check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, cpu


def steady_rate(times: list[float]) -> float:
    """Requests per second between the 10th and the 90th percentile request."""
    low, high = int(len(times) * 0.1), int(len(times) * 0.9)
    return (high - low) / max(times[high] - times[low], 1e-9)


def stage_times(profile: Path) -> tuple[float, dict[str, float], list[str]]:
    stats = pstats.Stats(str(profile))
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in entries.values())
    out = {}
    for stage, functions in STAGES.items():
        out[stage] = sum(
            ct for (path, _, name), (_, _, _, ct, _) in entries.items()
            if any(path.endswith(f) and name == n for f, n in functions)
        )
    top = sorted(entries.items(), key=lambda item: -item[1][2])[:8]
    lines = [f"{tt:7.2f}s self  {Path(path).name}:{name}"
             for (path, _, name), (_, _, tt, _, _) in top]
    return total, out, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-site", type=int, default=120)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--http10", action="store_true",
                        help="serve HTTP/1.0, one connection per request")
    args = parser.parse_args()
    server, base = serve(0, timeout_sleep=0.2, per_site=args.per_site,
                         keep_alive=not args.http10)
    articles = {f"/{a.site}{a.path}".rstrip("/") for a in server.replica.articles}
    sites = {a.site for a in server.replica.articles}

    def article_hits(requests: list[str]) -> int:
        return sum(p.split("?")[0].rstrip("/") in articles for p in requests)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        first_s, first_cpu = crawl(db, base)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        first, first_times = list(server.requests), list(server.times)
        again_s, _ = crawl(db, base)
        again = server.requests[len(first):]
        profile_report = None
        if not args.no_profile:
            profile = Path(tmp) / "crawl.prof"
            crawl(Path(tmp) / "profiled.db", base, profile)
            profile_report = stage_times(profile)
    server.shutdown()
    print(f"replica     : {len(articles)} article pages on {len(sites)} sites "
          f"({args.per_site} generated per site), served over "
          f"{'HTTP/1.0, a connection per request' if args.http10 else 'keep-alive HTTP/1.1'}")
    print(f"first crawl : {len(first)} requests ({article_hits(first)} article) in "
          f"{first_s:.1f}s wall incl. start-up; steady state {steady_rate(first_times):.0f} "
          f"pages/s (target >= 300)")
    # CPU time does not depend on what else the machine runs, unlike the wall-clock rate.
    print(f"crawl CPU   : {first_cpu:.1f}s for {len(first)} pages = "
          f"{len(first) / first_cpu:.0f} pages per CPU-second of the crawl process")
    print(f"peak memory : {peak_mb:.0f} MB max RSS of the crawl process")
    print(f"re-crawl    : {len(again)} requests ({article_hits(again)} article) in "
          f"{again_s:.1f}s")
    ratio = article_hits(again) / max(article_hits(first), 1)
    print(f"article requests re-crawl / first crawl = {ratio:.3f} (target 0)")
    if profile_report:
        total, stages, top = profile_report
        print(f"profile (cProfile, one more first crawl, {total:.1f}s in the crawl process):")
        rest = total
        for stage, seconds in stages.items():
            print(f"  {seconds:7.2f}s {100 * seconds / total:5.1f}%  {stage}")
            rest -= seconds
        print(f"  {rest:7.2f}s {100 * rest / total:5.1f}%  the rest (Scrapy, Twisted, HTTP, "
              "start-up)")
        print("  most self time:")
        for line in top:
            print("    " + line)


if __name__ == "__main__":
    main()
