"""Crawl benchmark against the replica, politeness off: pages per second of a first crawl, and
the ratio of article requests in a re-crawl to those in the first crawl (target 0).

    .venv/bin/python bench/bench_crawl.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.replica import serve  # noqa: E402

FAST = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "--set", "DOWNLOAD_TIMEOUT=1",
        "--set", "UNIONNEWS_PROGRESS_INTERVAL=3600"]


def crawl(db: Path, base: str) -> float:
    cmd = [sys.executable, "-c", "from unionnews.cli import main; main()", "crawl", "all",
           "--db", str(db), "--base-url", base + "/{key}", *FAST]
    started = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    return time.perf_counter() - started


def main() -> None:
    server, base = serve(0, timeout_sleep=1.5)
    articles = {f"/{a.site}{a.path}".rstrip("/") for a in server.replica.articles}

    def article_hits(requests: list[str]) -> int:
        return sum(p.split("?")[0].rstrip("/") in articles for p in requests)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        first_s = crawl(db, base)
        first = list(server.requests)
        again_s = crawl(db, base)
        again = server.requests[len(first):]
    server.shutdown()
    # Wall time includes the process start (Python + Scrapy import) and the deliberate
    # 1.5 s timeout fault, so pages/s is a floor for the crawl loop itself.
    print(f"first crawl : {len(first)} requests ({article_hits(first)} article) in "
          f"{first_s:.2f}s = {len(first) / first_s:.1f} pages/s")
    print(f"re-crawl    : {len(again)} requests ({article_hits(again)} article) in "
          f"{again_s:.2f}s = {len(again) / again_s:.1f} pages/s")
    ratio = article_hits(again) / max(article_hits(first), 1)
    print(f"article requests re-crawl / first crawl = {ratio:.3f} (target 0)")
    print(f"all requests re-crawl / first crawl = {len(again) / len(first):.3f}")


if __name__ == "__main__":
    main()
