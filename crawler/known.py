"""The set of article URLs already stored: one owner, consulted by every component.

The store pipeline fills it when it opens the store and adds each article it stores; the
spider and the downloader middleware ask it before an article is requested.
"""

from __future__ import annotations

from collections.abc import Iterable

from scrapy.crawler import Crawler


class KnownUrls:
    def __init__(self) -> None:
        self._urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownUrls:
        return cls()

    @staticmethod
    def of(crawler: Crawler) -> KnownUrls:
        """The instance this crawler runs (an extension, so Scrapy builds exactly one)."""
        for extension in crawler.extensions.middlewares:
            if isinstance(extension, KnownUrls):
                return extension
        raise LookupError("crawler.known.KnownUrls is not enabled in EXTENSIONS")

    def __contains__(self, url: str) -> bool:
        return url in self._urls

    def __len__(self) -> int:
        return len(self._urls)

    def add(self, url: str) -> None:
        self._urls.add(url)

    def update(self, urls: Iterable[str]) -> None:
        self._urls.update(urls)


def max_articles_reached(crawler: Crawler) -> bool:
    """True once `--max-articles` (CLOSESPIDER_ITEMCOUNT) articles are stored, counting the
    cut: the request not sent, or the parsed article not stored, is refused by the caller."""
    cap = crawler.settings.getint("CLOSESPIDER_ITEMCOUNT")
    if cap and crawler.stats.get_value("unionnews/stored", 0) >= cap:
        crawler.stats.inc_value("unionnews/cut/max_articles")
        return True
    return False
