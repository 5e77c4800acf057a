"""Progress on stderr while crawling (pages, articles stored, errors) and a summary at the end."""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler


class Progress:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("UNIONNEWS_PROGRESS_INTERVAL", 2.0)
        self.label = crawler.settings.get("UNIONNEWS_PROGRESS_LABEL", "crawl")
        self.last = 0.0
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        ext = cls(crawler)
        crawler.signals.connect(ext.tick, signal=signals.response_received)
        crawler.signals.connect(ext.tick, signal=signals.item_scraped)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def counts(self) -> dict[str, int]:
        stats = self.crawler.stats
        return {
            "pages": stats.get_value("response_received_count", 0),
            "stored": stats.get_value("unionnews/stored", 0),
            "duplicates linked": stats.get_value("unionnews/duplicates_linked", 0),
            "known skipped": stats.get_value("unionnews/known_skipped", 0),
            "errors": stats.get_value("unionnews/errors", 0),
        }

    def line(self) -> str:
        return " · ".join(f"{name} {value}" for name, value in self.counts().items())

    def tick(self, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            print(f"{self.label}: {self.line()}", file=sys.stderr, flush=True)

    def closed(self, spider: Any, reason: str) -> None:
        if self.crawler.stats.get_value("unionnews/argument_error"):
            return  # nothing was crawled: the spider's one-line error says all there is
        seconds = time.monotonic() - self.started
        print(f"{self.label} done ({reason}, {seconds:.1f}s): {self.line()}", file=sys.stderr,
              flush=True)
