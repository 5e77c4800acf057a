"""Crawl benchmark of several processes on one Redis frontier, politeness off.

    .venv/bin/python bench/bench_frontier.py --processes 1,2 [--per-site 40]

Each count of crawl processes crawls a fresh large replica (`--per-site` articles per site)
over one Redis frontier (a redis-server started on a loopback port), then `unionnews ingest`
stores what they queued: pages per second against one process, and article requests beyond
what one process makes (duplicates across processes, target 0). The single-process benchmark
is bench/bench_crawl.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.replica import serve  # noqa: E402

FAST = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
        "--set", "DOWNLOAD_SLOTS={}",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "--set", "DOWNLOAD_TIMEOUT=1",
        "--set", "UNIONNEWS_PROGRESS_INTERVAL=3600"]


def frontier_crawls(processes: int, per_site: int, url: str, tmp: Path) -> tuple:
    """(seconds, requests, article hits, stored) of `processes` crawls on one frontier."""
    from collections import Counter

    server, base = serve(0, timeout_sleep=1.5, per_site=per_site)
    cmd = [sys.executable, "-m", "unionnews.cli", "crawl", "all", "--base-url", base + "/{key}",
           "--frontier", url, "--db", str(tmp / "unused.db"), *FAST]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    crawls = [subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL) for _ in range(processes)]
    if any(crawl.wait() for crawl in crawls):
        raise SystemExit("a crawl failed")
    seconds = time.perf_counter() - started
    db = tmp / f"frontier-{processes}.db"
    subprocess.run([sys.executable, "-m", "unionnews.cli", "ingest", "--frontier", url,
                    "--db", str(db)], cwd=REPO, env=env, check=True, capture_output=True)
    articles = {f"/{a.site}{a.path}".rstrip("/") for a in server.replica.articles}
    hits = Counter(p.split("?")[0].rstrip("/") for p in server.requests)
    server.shutdown()
    server.server_close()
    conn = sqlite3.connect(db)
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    return (seconds, len(server.requests), Counter({p: hits[p] for p in articles}), stored,
            len(articles))


def bench_processes(counts: list[int], per_site: int) -> None:
    import shutil
    import socket

    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise SystemExit("redis-server is not installed (apt-get install -y redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    redis = subprocess.Popen([redis_server, "--port", str(port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    print(f"large replica: {per_site} articles per site; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; politeness off")
    print(f"{'processes':>10}{'pages':>8}{'seconds':>9}{'pages/s':>9}{'vs 1':>7}"
          f"{'stored':>8}{'articles':>10}{'duplicate article requests':>28}")
    try:
        base_rate = base_hits = None
        for number, processes in enumerate(counts):
            with tempfile.TemporaryDirectory() as tmp:
                seconds, pages, hits, stored, articles = frontier_crawls(
                    processes, per_site, f"redis://127.0.0.1:{port}/{number}", Path(tmp))
            rate = pages / seconds
            base_rate, base_hits = base_rate or rate, base_hits or hits
            # The replica's faulty pages are asked for again by design: duplicates are requests
            # beyond what one process makes.
            extra = sum(max(0, n - base_hits[p]) for p, n in hits.items())
            print(f"{processes:>10}{pages:>8}{seconds:>9.1f}{rate:>9.1f}{rate / base_rate:>6.2f}x"
                  f"{stored:>8}{articles:>10}{extra:>28}")
    finally:
        redis.terminate()
        redis.wait()
    print("(wall time includes each process's start: Python + Scrapy import)")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="1,2",
                        help="crawl process counts on one Redis frontier, e.g. 1,2")
    parser.add_argument("--per-site", type=int, default=40, help="replica articles per site")
    args = parser.parse_args()
    bench_processes([int(n) for n in args.processes.split(",")], args.per_site)


if __name__ == "__main__":
    main()
