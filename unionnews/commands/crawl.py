"""`unionnews crawl SITE|all`: crawl union articles of one site (or all) into the store."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click


def _day(value: str | None, name: str) -> date | None:
    from unionnews.errors import UsageFailure

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageFailure(f"{name} must be a date like 2024-07-19, not {value!r}") from None


def _setting_value(name: str, raw: str, default: Any) -> Any:
    """`raw` read as the type of the setting's default; ValueError when it is not one."""
    if isinstance(default, bool):
        folded = raw.strip().lower()
        if folded not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(f"{name} takes true or false")
        return folded in ("true", "1", "yes")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        value = float(raw)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{name} takes a finite number")
        return value
    if isinstance(default, dict | list):
        value = json.loads(raw)
        if not isinstance(value, type(default)):
            raise ValueError(f"{name} takes a JSON {type(default).__name__}")
        return value
    return raw


def parse_settings(pairs: tuple[str, ...], settings: Any) -> dict[str, Any]:
    """--set NAME=VALUE pairs checked against the settings Scrapy and the crawler define."""
    from unionnews.errors import UsageFailure

    out = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise UsageFailure(f"--set takes NAME=VALUE, not {pair!r}")
        if name not in settings:
            raise UsageFailure(f"--set {name}: no such setting (see crawler/settings.py)")
        default = settings[name]
        try:
            value = _setting_value(name, raw, default)
        except ValueError as exc:
            kind = type(default).__name__
            raise UsageFailure(f"--set {name}={raw!r}: not a valid {kind} ({exc})") from None
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise UsageFailure(f"--set {name}={raw!r}: must not be negative")
        out[name] = value
    return out


def check_base_url(base_url: str | None, site: str) -> None:
    from unionnews.errors import UsageFailure

    if base_url is None:
        return
    parts = urlsplit(base_url.replace("{key}", "key"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageFailure(f"--base-url must be an http(s) URL, not {base_url!r}")
    if (site == "all" or "," in site) and "{key}" not in base_url:
        raise UsageFailure("--base-url for several sites needs {key} where the site key goes")


def check_frontier(frontier: str | None) -> None:
    from unionnews.errors import UsageFailure

    if frontier is None:
        return
    parts = urlsplit(frontier)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise UsageFailure(f"--frontier must be redis://HOST:PORT/DB, not {frontier!r}")


def use_frontier(settings: Any, frontier: str) -> None:
    """Crawl over the shared frontier: scrapy-redis' scheduler and duplicate filter, and
    articles onto the Redis queue instead of into a store."""
    import uuid

    from unionnews.crawl_queue import connect, join_run
    from unionnews.errors import UsageFailure

    member = uuid.uuid4().hex
    try:
        client = connect(frontier)
        join_run(client, settings, member)
        client.close()
    except Exception as exc:  # redis' ConnectionError and friends: one line
        raise UsageFailure(f"cannot reach the frontier {frontier}: {exc}") from None
    settings.set("UNIONNEWS_FRONTIER_MEMBER", member, priority="cmdline")
    settings.set("UNIONNEWS_CRAWL_STATE", False, priority="cmdline")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["unionnews.crawl_queue.FrontierMember"] = 600
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="cmdline")
    settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="cmdline")
    settings.set("REDIS_URL", frontier, priority="cmdline")
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    order = pipelines.pop("unionnews.crawl_store.StorePipeline")
    pipelines[settings.get("UNIONNEWS_QUEUE_PIPELINE")] = order
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")


@click.command("crawl")
@click.argument("site")
@click.option("--since", help="First publication day to keep (YYYY-MM-DD).")
@click.option("--until", help="Last publication day to keep (YYYY-MM-DD).")
@click.option("--max-articles", type=click.IntRange(min=1),
              help="Stop after storing N articles (Scrapy's CLOSESPIDER_ITEMCOUNT).")
@click.option("--db", "db_path", default="data/unionnews.db", show_default=True,
              help="SQLite store.")
@click.option("--base-url", help="Fetch from a mirror instead of the site; {key} = site key, "
              "e.g. http://127.0.0.1:8765/{key}.")
@click.option("--set", "set_pairs", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting (crawler/settings.py), e.g. DOWNLOAD_DELAY=2.")
@click.option("--frontier", metavar="redis://HOST:PORT/DB",
              help="Share the request queue and duplicate filter with other crawl processes in "
              "Redis; articles are queued there for `unionnews ingest` instead of stored.")
@click.option("--processes", "processes_raw", default="1", show_default=True, metavar="N",
              help="Split the sites over N Scrapy processes (one core each, at most one per "
              "site) writing into the same store (unionnews.crawl_processes).")
# Set by a split crawl for each of its processes (unionnews/crawl_processes.py), not by hand.
@click.option("--part", hidden=True)
@click.option("--stats-json", hidden=True)
def crawl(site: str, since: str | None, until: str | None, max_articles: int | None,
          db_path: str, base_url: str | None, set_pairs: tuple[str, ...],
          frontier: str | None, processes_raw: str, part: str | None,
          stats_json: str | None) -> None:
    """Crawl SITE (a registry key, several joined by commas, or `all`) into the store:
    politely (robots.txt, AutoThrottle), incrementally (known articles are never fetched
    again) and resumably. Exits 1 with a one-line reason when nothing could be fetched."""
    from crawler.summary import summary
    from unionnews.crawl_processes import crawl_in_processes, parse_processes
    from unionnews.errors import UsageFailure
    from unionnews.store import StoreError, open_store
    from unionnews_core.registry import site_keys

    processes = parse_processes(processes_raw)
    unknown = [key for key in site.split(",") if key not in site_keys()]
    if site != "all" and unknown:
        raise UsageFailure(f"unknown site {unknown[0]!r}; known: all, {', '.join(site_keys())}")
    # A site is crawled by one process: never more processes than sites.
    processes = min(processes, len(site_keys() if site == "all" else set(site.split(","))))
    if processes > 1 and frontier:
        raise UsageFailure("--processes splits the sites over processes on one store; on a "
                           "--frontier start the crawls yourself, each on every site")
    if processes > 1 and max_articles:
        raise UsageFailure("--max-articles counts in one process: use it with --processes 1")
    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and first > last:
        raise UsageFailure(f"--since {first} is after --until {last}")
    check_base_url(base_url, site)
    check_frontier(frontier)

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    overrides = parse_settings(set_pairs, settings)
    if not frontier:  # on a frontier the crawl never opens the store: `ingest` does
        try:
            open_store(db_path).close()
        except StoreError as exc:
            raise UsageFailure(str(exc)) from None
        if not os.access(Path(db_path), os.R_OK | os.W_OK):
            raise UsageFailure(f"cannot read and write store {db_path}")

    if processes > 1:
        split = crawl_in_processes(site, processes, db_path=db_path, since=since, until=until,
                                   base_url=base_url, set_pairs=set_pairs)
        click.echo(split.line, err=True)
        if split.failed:
            raise SystemExit(1)
        return

    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    if part:
        settings.set("UNIONNEWS_PROGRESS_LABEL", part, priority="cmdline")
    settings.set("UNIONNEWS_DB", db_path, priority="cmdline")
    if base_url:
        settings.set("UNIONNEWS_BASE_URL", base_url, priority="cmdline")
    if max_articles:
        settings.set("CLOSESPIDER_ITEMCOUNT", max_articles, priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    if frontier:
        use_frontier(settings, frontier)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("union")
    process.crawl(crawler, site=site, since=since, until=until)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats_json:  # one process of a split crawl: the parent sums the stats and says it all
        Path(stats_json).write_text(json.dumps(stats, default=str), encoding="utf-8")
    destination = f"queued on {frontier}" if frontier else f"store {db_path}"
    line, failed = summary(part or site, stats, destination)
    if not part:
        click.echo(line, err=True)
    if failed:
        raise SystemExit(1)
