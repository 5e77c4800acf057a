"""Crawl state beside the store: whether the last crawl of a site ran to its end.

Listing pages are walked only until known articles are reached — but only when the previous crawl
of the site completed: it finished, every listing page answered, and no article page was
refused. Otherwise the next crawl walks every listing page again (skipping known articles) and
asks again for the listing pages that failed, so nothing behind a failed page is lost.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler


def state_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.crawlstate.json")


def load_state(db_path: str | Path) -> dict[str, dict]:
    try:
        return json.loads(state_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_state(db_path: str | Path, updates: dict[str, dict]) -> None:
    """Merge `updates` (site → entry) into the state file, atomically.

    Each writer uses its own temporary file, so crawls running side by side never write into
    one another's, and the file on disk is always a whole file."""
    path = state_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The lock makes read-merge-write one step, so no crawl's entry is overwritten with the
    # stale copy another crawl read before it.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = {**load_state(db_path), **updates}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(state, fh, ensure_ascii=False, indent=1)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class CrawlState:
    """Extension: reads the state when the spider opens, writes it when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("UNIONNEWS_DB")
        self.enabled = crawler.settings.getbool("UNIONNEWS_CRAWL_STATE")
        self.previous: dict[str, dict] = {}
        self.failed: dict[str, set[str]] = {}
        self.refused: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    @staticmethod
    def of(crawler: Crawler) -> CrawlState:
        for extension in crawler.extensions.middlewares:
            if isinstance(extension, CrawlState):
                return extension
        raise LookupError("crawler.state.CrawlState is not enabled in EXTENSIONS")

    def _since(self, spider: Any) -> str | None:
        return spider.since.isoformat() if spider.since else None

    def opened(self, spider: Any) -> None:
        self.since = self._since(spider)
        if not self.enabled:
            return
        state = load_state(self.db_path)
        self.previous = {key: state.get(key, {}) for key in spider.site_keys}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        save_state(self.db_path, {
            key: {**self.previous[key], "complete": False, "since": self.since, "at": now}
            for key in spider.site_keys
        })

    def may_stop_at_known(self, site: str) -> bool:
        """True when the last crawl of `site` completed and reached at least as far back."""
        entry = self.previous.get(site) or {}
        if not entry.get("complete"):
            return False
        previous = entry.get("since")
        return previous is None or (self.since is not None and previous <= self.since)

    def listings_to_retry(self, site: str) -> list[str]:
        return list((self.previous.get(site) or {}).get("failed_listings", []))

    def listing_failed(self, site: str, url: str) -> None:
        self.failed.setdefault(site, set()).add(url)

    def page_refused(self, site: str) -> None:
        self.refused[site] = self.refused.get(site, 0) + 1

    def closed(self, spider: Any, reason: str) -> None:
        if not self.enabled:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        updates = {}
        for key in spider.site_keys:
            failed = sorted(self.failed.get(key, ()))
            complete = reason == "finished" and not failed and not self.refused.get(key)
            updates[key] = {"complete": complete, "since": self.since, "at": now,
                            "failed_listings": failed}
        save_state(self.db_path, updates)
