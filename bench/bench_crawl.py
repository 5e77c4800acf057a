"""Crawl benchmark against a large replica (every registry site, 120 articles each: over 5,000
article pages on 43 sites), politeness off, with one crawl process and with several
(`unionnews crawl all --processes N`), run alternately (1, 2, 1, 2 by default) against one
replica whose faults are renewed before each run. Reports, per run:

- steady-state pages per second: requests served between the 10th and the 90th percentile of
  the crawl, over the time between them (process start-up and the tail excluded);
- CPU seconds of the crawl (every process of it) and pages per CPU-second;
- peak memory: the max RSS of the largest process of the crawl;
- the CPU seconds the rest of the machine used meanwhile ("others": on a shared machine,
  other jobs hold cores the crawl's processes would use);

then the median of each process count and their ratio, the article requests of a re-crawl /
those of the first crawl (target 0) for each process count, the load average before and
after, and where the time goes: a cProfile run of one single-process crawl, grouped into
parsing, extraction, SQLite and the rest (Scrapy, Twisted, HTTP).

The replica is served with persistent HTTP/1.1 connections, as real sites serve (`--http10`:
the tests' HTTP/1.0 server, a new connection and server thread per request), from this
process: its CPU time is not in the crawl's.

    .venv/bin/python bench/bench_crawl.py [--per-site 120] [--runs 1,2,1,2] [--no-profile]
        [--http10]
"""

from __future__ import annotations

import argparse
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


def crawl_command(db: Path, base: str, processes: int = 1) -> list[str]:
    return ["-m", "unionnews.cli", "crawl", "all", "--db", str(db), "--base-url",
            base + "/{key}", "--processes", str(processes), *FAST]


@dataclass
class Run:
    """One crawl: wall and CPU seconds (all its processes), peak RSS of its largest process,
    and the CPU seconds the rest of the machine used meanwhile (other jobs)."""

    wall: float
    cpu: float
    max_rss_mb: float
    others_cpu: float


def machine_cpu() -> float:
    """CPU seconds every core of the machine has been busy (/proc/stat: all but idle, iowait)."""
    with open("/proc/stat") as fh:
        ticks = [int(n) for n in fh.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds of this process: the replica server's threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def crawl(db: Path, base: str, profile: Path | None = None, processes: int = 1) -> Run:
    prefix = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else [])
    busy, server = machine_cpu(), own_cpu()
    started = time.perf_counter()
    child = subprocess.Popen(prefix + crawl_command(db, base, processes), cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stderr is not None
    stderr = child.stderr.read()
    # wait4: this crawl's own usage, its processes' included (the command waits for them);
    # ru_maxrss is then the largest of those processes.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"crawl failed ({child.returncode}):\n{stderr.decode()[-2000:]}")
    wall, cpu = time.perf_counter() - started, usage.ru_utime + usage.ru_stime
    others = machine_cpu() - busy - (own_cpu() - server) - cpu
    return Run(wall, cpu, usage.ru_maxrss / 1024, max(0.0, others))


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
    parser.add_argument("--runs", default="1,2,1,2",
                        help="process counts of the first crawls, in the order run")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--http10", action="store_true",
                        help="serve HTTP/1.0, one connection per request")
    args = parser.parse_args()
    runs = [int(n) for n in args.runs.split(",")]
    print(f"# bench/bench_crawl.py, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores; load average (1, 5, 15 min) before: "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    server, base = serve(0, timeout_sleep=0.2, per_site=args.per_site,
                         keep_alive=not args.http10)
    articles = {f"/{a.site}{a.path}".rstrip("/") for a in server.replica.articles}
    sites = {a.site for a in server.replica.articles}

    def article_hits(requests: list[str]) -> int:
        return sum(p.split("?")[0].rstrip("/") in articles for p in requests)

    print(f"replica     : {len(articles)} article pages on {len(sites)} sites "
          f"({args.per_site} generated per site), served over "
          f"{'HTTP/1.0, a connection per request' if args.http10 else 'keep-alive HTTP/1.1'}")
    print("first crawls, one after another, each into a new store, the replica's faults "
          "renewed:")
    print(f"{'run':>5}{'processes':>10}{'requests':>9}{'article':>8}{'wall s':>8}"
          f"{'steady pages/s':>15}{'CPU s':>7}{'pages/CPU-s':>12}{'peak RSS MB':>12}"
          f"{'load 1-min':>11}{'others CPU s':>13}")
    steady: dict[int, list[float]] = {}
    per_cpu: dict[int, list[float]] = {}
    rss: dict[int, list[float]] = {}
    recrawl: dict[int, tuple[int, int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number, processes in enumerate(runs, 1):
            with server.lock:
                server.hits.clear()  # every run meets the replica's faults
            mark = len(server.requests)
            db = Path(tmp) / f"run{number}.db"
            run = crawl(db, base, processes=processes)
            requests, times = server.requests[mark:], server.times[mark:]
            rate = steady_rate(times)
            steady.setdefault(processes, []).append(rate)
            per_cpu.setdefault(processes, []).append(len(requests) / run.cpu)
            rss.setdefault(processes, []).append(run.max_rss_mb)
            print(f"{number:>5}{processes:>10}{len(requests):>9}{article_hits(requests):>8}"
                  f"{run.wall:>8.1f}{rate:>15.0f}{run.cpu:>7.1f}{len(requests) / run.cpu:>12.0f}"
                  f"{run.max_rss_mb:>12.0f}{os.getloadavg()[0]:>11.2f}{run.others_cpu:>13.1f}",
                  flush=True)
            if processes not in recrawl:  # the same store crawled again, as many processes
                first = article_hits(requests)
                mark = len(server.requests)
                again = crawl(db, base, processes=processes)
                recrawl[processes] = (len(server.requests) - mark,
                                      article_hits(server.requests[mark:]) / max(first, 1),
                                      again.wall)
        profile_report = None
        if not args.no_profile:
            profile = Path(tmp) / "crawl.prof"
            crawl(Path(tmp) / "profiled.db", base, profile)
            profile_report = stage_times(profile)
    server.shutdown()
    print("median of each process count (target >= 300 steady pages/s on 2 cores):")
    base_rate = statistics.median(steady[runs[0]])
    for processes in sorted(steady):
        rate = statistics.median(steady[processes])
        print(f"  {processes} process{'es' if processes > 1 else '  '}: steady "
              f"{rate:.0f} pages/s ({rate / base_rate:.2f}x {runs[0]}), "
              f"{statistics.median(per_cpu[processes]):.0f} pages per CPU-second, "
              f"peak RSS {max(rss[processes]):.0f} MB (largest process)")
    for processes, (requests, ratio, seconds) in sorted(recrawl.items()):
        print(f"re-crawl, {processes} process{'es' if processes > 1 else ''}: {requests} "
              f"requests in {seconds:.1f}s; article requests re-crawl / first crawl = "
              f"{ratio:.3f} (target 0)")
    if profile_report:
        total, stages, top = profile_report
        print(f"profile (cProfile, one more first crawl, 1 process, {total:.1f}s in the crawl "
              "process):")
        rest = total
        for stage, seconds in stages.items():
            print(f"  {seconds:7.2f}s {100 * seconds / total:5.1f}%  {stage}")
            rest -= seconds
        print(f"  {rest:7.2f}s {100 * rest / total:5.1f}%  the rest (Scrapy, Twisted, HTTP, "
              "start-up)")
        print("  most self time:")
        for line in top:
            print("    " + line)
    print("load average (1, 5, 15 min) after: "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
