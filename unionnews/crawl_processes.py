"""One crawl split over several Scrapy processes: `unionnews crawl all --processes N`.

A Scrapy crawl runs in one process, on one core (Twisted's reactor, the spider, the
pipelines), so a crawl that parses faster than one core allows is split the way Scrapy's
documentation says to distribute a big crawl: partition what is to be crawled and run one
crawl per part. The parts are the registry's sites (`split_sites`: balanced by their
discovery entries, deterministic), and each part is an ordinary `unionnews crawl a,b,c`
process (the spider takes a list of sites, `scrapy crawl union -a site=a,b,c`) writing into
the same store:

- the store takes concurrent writers: each article is written under SQLite's write lock from
  the near-duplicate lookup to its last row (unionnews.store), so the store holds the same
  articles and the same near-duplicate links whichever process stores a story first;
- the crawl state is per site and each site is in exactly one part, so each process writes
  only its own sites' entries (crawler.state merges them under a lock);
- each process shows its progress on stderr under its own label; at the end one summary line
  is given for the whole crawl, with the verdict of crawler.summary over the processes'
  stats added up (it fails only when no process fetched anything), naming any process that
  failed or died;
- Ctrl-C (SIGINT or SIGTERM to this process) is passed to every process: the first stops
  them gracefully (each marks its sites incomplete, so the next crawl walks them again), a
  second stops them at once. The processes run in their own process groups, so a terminal's
  Ctrl-C reaches them once, through this process, never twice.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.summary import failure, summary
from unionnews.errors import UsageFailure
from unionnews_core.registry import get_site


def parse_processes(value: str | int) -> int:
    """The --processes value as a count of processes; a UsageFailure (one line) otherwise."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or str(value).strip() != str(number):
        raise UsageFailure(f"--processes takes a whole number of at least 1, not {value!r}")
    return number


def site_weight(key: str) -> int:
    """What the registry says of a site's crawl work: its discovery entries (start pages, and
    the sitemap and feed it uses), each the head of a listing or a list of articles."""
    site = get_site(key)
    return len(site.start_pages) + sum(bool(f and f.use) for f in (site.sitemap, site.rss))


def split_sites(keys: Sequence[str], processes: int) -> list[list[str]]:
    """`keys` in at most `processes` parts of about equal weight (site_weight), each in
    registry order; the same keys always give the same parts.

    Heaviest site first, each to the lightest part so far (ties: the part with fewer sites,
    then the first); with equal weights that is a deal, one site to each part in turn."""
    count = max(1, min(processes, len(keys)))
    order = {key: n for n, key in enumerate(keys)}
    parts: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for key in sorted(keys, key=lambda k: (-site_weight(k), order[k])):
        lightest = min(range(count), key=lambda n: (loads[n], len(parts[n]), n))
        parts[lightest].append(key)
        loads[lightest] += site_weight(key)
    return [sorted(part, key=order.__getitem__) for part in parts]


def add_stats(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The stats of several crawls as one: counts added up, finish reasons listed once each."""
    total: dict[str, Any] = {}
    for stats in parts:
        for name, value in stats.items():
            if isinstance(value, int) and not isinstance(value, bool):
                total[name] = total.get(name, 0) + value
    reasons = [str(s["finish_reason"]) for s in parts if s.get("finish_reason")]
    if reasons:
        total["finish_reason"] = ", ".join(dict.fromkeys(reasons))
    return total


@dataclass
class Part:
    """One crawl process of a split crawl, and what it reported."""

    label: str
    sites: list[str]
    returncode: int | None = None
    stats: dict[str, Any] | None = None

    def failure(self) -> str | None:
        """Why this process failed, in a few words; None when it did not."""
        if self.stats is None and self.returncode is None:
            return f"{self.label} ({len(self.sites)} sites) not started: interrupted"
        if self.stats is None:
            how = (f"killed by signal {-self.returncode}" if (self.returncode or 0) < 0
                   else f"exit {self.returncode}")
            return f"{self.label} ({len(self.sites)} sites) died, {how}"
        why = failure(self.stats)
        return None if why is None else f"{self.label} ({len(self.sites)} sites) failed: {why}"


@dataclass
class SplitCrawl:
    """A finished split crawl: the one summary line, whether it failed, and its parts."""

    line: str
    failed: bool
    parts: list[Part]


@contextlib.contextmanager
def _passed_on(children: list[subprocess.Popen], received: list[int]) -> Iterator[None]:
    """SIGINT and SIGTERM, while the block runs, sent on to every child still running (and
    noted in `received`, so no child is started after them)."""

    def pass_on(signum: int, frame: Any) -> None:
        received.append(signum)
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {sig: signal.signal(sig, pass_on) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def crawl_in_processes(
    site: str, processes: int, *, db_path: str, since: str | None = None,
    until: str | None = None, base_url: str | None = None,
    set_pairs: Sequence[str] = (), python: str = sys.executable,
) -> SplitCrawl:
    """Crawl `site` (`all`, a key or keys joined by commas) into the store at `db_path` with
    `processes` Scrapy processes, each a `unionnews crawl` of its part of the sites; the
    arguments are `unionnews crawl`'s (checked by the caller). Waits for every process."""
    from unionnews_core.registry import site_keys

    keys = site_keys() if site == "all" else list(dict.fromkeys(site.split(",")))
    sites = split_sites(keys, processes)
    common = ["--db", db_path, *(["--since", since] if since else []),
              *(["--until", until] if until else []),
              *(["--base-url", base_url] if base_url else [])]
    for pair in set_pairs:
        common += ["--set", pair]
    parts = [Part(f"crawl {n + 1}/{len(sites)}", part) for n, part in enumerate(sites)]
    with tempfile.TemporaryDirectory(prefix="unionnews-crawl-") as tmp:
        children: list[subprocess.Popen] = []
        received: list[int] = []
        with _passed_on(children, received):
            for n, part in enumerate(parts):
                if received:
                    break
                stats_path = Path(tmp) / f"part-{n + 1}.json"
                # Own process group: a terminal's Ctrl-C reaches the child once, through us.
                children.append(subprocess.Popen(
                    [python, "-m", "unionnews.cli", "crawl", ",".join(part.sites), *common,
                     "--part", part.label, "--stats-json", str(stats_path)],
                    process_group=0))
            for part, child in zip(parts, children, strict=False):
                part.returncode = child.wait()
        for n, part in enumerate(parts):
            with contextlib.suppress(OSError, ValueError):
                part.stats = json.loads((Path(tmp) / f"part-{n + 1}.json").read_text())
    reported = [p.stats for p in parts if p.stats is not None]
    line, failed = summary(site, add_stats(reported), f"store {db_path}")
    line += f" · {len(parts)} processes"
    failures = [f for f in (p.failure() for p in parts) if f]
    if failures:
        line += " · " + "; ".join(failures)
    # A process that died took its stats with it: its sites' crawl is unaccounted for.
    return SplitCrawl(line, failed or len(reported) < len(parts), parts)
