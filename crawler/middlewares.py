"""URL canonicalisation, the on-site rule and the known-article filter.

Spider side: every request the spider yields for a site is rewritten to the fetch URL of its
canonical form (tracking parameters, m./www. hosts and trailing slashes gone), and requests
off every site are dropped. Downloader side: a request off its site — also one a redirect made —
is dropped before anything is fetched from the other host; an article whose canonical URL is
already stored is never requested (also after a redirect, or when it was stored while the
request waited), nor is any article once --max-articles are stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.known import KnownUrls, max_articles_reached


class CrawlerBound:
    """A Scrapy component built by `from_crawler`, keeping the crawler for its settings/stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)


class CanonicalRequestsMiddleware(CrawlerBound):
    def process_spider_output(
        self, response: Any, result: Iterable[Any], spider: Spider | None = None
    ):
        for entry in result:
            yield from self._one(entry)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any], spider: Spider | None = None
    ):
        async for entry in result:
            for out in self._one(entry):
                yield out

    def _one(self, entry: Any) -> Iterable[Any]:
        if not isinstance(entry, Request) or "route" not in entry.meta:
            yield entry
            return
        route = self.crawler.spider.routes[entry.meta["route"]]
        canonical = route.canonical(entry.url)
        if canonical is None:
            self.crawler.stats.inc_value("unionnews/offsite_dropped")
            return
        fetch = route.fetch_url(canonical)
        yield entry if fetch == entry.url else entry.replace(url=fetch)


class OnSiteMiddleware(CrawlerBound):
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        route = self.crawler.spider.routes.get(request.meta.get("route"))
        if route is not None and route.canonical(request.url) is None:
            self.crawler.stats.inc_value("unionnews/offsite_dropped")
            raise IgnoreRequest(f"off the site: {request.url}")
        return None


class SkipKnownArticlesMiddleware(CrawlerBound):
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("kind") != "article":
            return None
        stats = self.crawler.stats
        if max_articles_reached(self.crawler):
            raise IgnoreRequest("--max-articles reached")
        route = self.crawler.spider.routes.get(request.meta.get("route"))
        canonical = route.canonical(request.url) if route else None
        if canonical and canonical in KnownUrls.of(self.crawler):
            stats.inc_value("unionnews/known_skipped")
            raise IgnoreRequest(f"already stored: {canonical}")
        return None
