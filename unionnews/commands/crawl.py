"""`unionnews crawl SITE|all`: crawl union articles of one site (or all) into the store."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click


def _day(value: str | None, name: str) -> date | None:
    from unionnews.errors import UsageFailure

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageFailure(f"{name} must be a date like 2024-07-19, not {value!r}") from None


def _settings_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    from unionnews.errors import UsageFailure

    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageFailure(f"--set takes NAME=VALUE, not {pair!r}")
        out[name] = value
    return out


@click.command("crawl")
@click.argument("site")
@click.option("--since", help="First publication day to keep (YYYY-MM-DD).")
@click.option("--until", help="Last publication day to keep (YYYY-MM-DD).")
@click.option("--max-articles", type=click.IntRange(min=1), help="Stop after storing N articles.")
@click.option("--db", "db_path", default="data/unionnews.db", show_default=True,
              help="SQLite store.")
@click.option("--base-url", help="Fetch from a mirror instead of the site; {key} = site key, "
              "e.g. http://127.0.0.1:8765/{key}.")
@click.option("--set", "set_pairs", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting (crawler/settings.py), e.g. DOWNLOAD_DELAY=2.")
def crawl(site: str, since: str | None, until: str | None, max_articles: int | None,
          db_path: str, base_url: str | None, set_pairs: tuple[str, ...]) -> None:
    """Crawl SITE (a registry key, or `all`) into the store: politely (robots.txt,
    AutoThrottle), incrementally (known articles are never fetched again) and resumably."""
    from unionnews.errors import UsageFailure
    from unionnews.store import StoreError, open_store
    from unionnews_core.registry import site_keys

    if site != "all" and site not in site_keys():
        raise UsageFailure(f"unknown site {site!r}; known: all, {', '.join(site_keys())}")
    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and first > last:
        raise UsageFailure(f"--since {first} is after --until {last}")
    if base_url and site == "all" and "{key}" not in base_url:
        raise UsageFailure("--base-url for `all` needs {key} where the site key goes")
    overrides = _settings_pairs(set_pairs)
    try:
        open_store(db_path).close()
    except StoreError as exc:
        raise UsageFailure(str(exc)) from None
    if not os.access(Path(db_path), os.R_OK | os.W_OK):
        raise UsageFailure(f"cannot read and write store {db_path}")

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("union")
    process.crawl(crawler, site=site, since=since, until=until, max_articles=max_articles,
                  db=db_path, base_url=base_url)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    click.echo(
        f"summary: site {site} · pages {stats.get('response_received_count', 0)}"
        f" · stored {stats.get('unionnews/stored', 0)}"
        f" · duplicates linked {stats.get('unionnews/duplicates_linked', 0)}"
        f" · known skipped {stats.get('unionnews/known_skipped', 0)}"
        f" · errors {stats.get('unionnews/errors', 0)}"
        f" · finished: {stats.get('finish_reason', 'unknown')} · store {db_path}",
        err=True,
    )
