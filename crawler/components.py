"""What the crawler's middlewares and pipelines share."""

from __future__ import annotations

from scrapy.crawler import Crawler


class CrawlerBound:
    """A Scrapy component built by `from_crawler`, keeping the crawler for its settings/stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)
