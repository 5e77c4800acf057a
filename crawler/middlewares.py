"""URL canonicalisation and the known-article filter.

Spider side: every request the spider yields for a site is rewritten to the fetch URL of its
canonical form (tracking parameters, m./www. hosts and trailing slashes gone), and requests
off every site are dropped. Downloader side: an article whose canonical URL is already stored is
never requested — also after a redirect, or when it was stored while the request waited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest

from crawler.components import CrawlerBound


class CanonicalRequestsMiddleware(CrawlerBound):
    def process_spider_output(
        self, response: Any, result: Iterable[Any], spider: Spider | None = None
    ):
        for entry in result:
            yield from self._one(entry, self.crawler.spider)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any], spider: Spider | None = None
    ):
        async for entry in result:
            for out in self._one(entry, self.crawler.spider):
                yield out

    def _one(self, entry: Any, spider: Any) -> Iterable[Any]:
        if not isinstance(entry, Request) or "route" not in entry.meta:
            yield entry
            return
        route = spider.routes[entry.meta["route"]]
        canonical = route.canonical(entry.url)
        if canonical is None:
            spider.crawler.stats.inc_value("unionnews/offsite_dropped")
            return
        entry.meta["canonical"] = canonical
        fetch = route.fetch_url(canonical)
        yield entry if fetch == entry.url else entry.replace(url=fetch)


class SkipKnownArticlesMiddleware(CrawlerBound):
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = self.crawler.spider
        if request.meta.get("kind") != "article":
            return None
        route = spider.routes.get(request.meta.get("route"))
        canonical = route.canonical(request.url) if route else None
        if canonical and canonical in spider.known_urls:
            spider.crawler.stats.inc_value("unionnews/known_skipped")
            raise IgnoreRequest(f"already stored: {canonical}")
        return None
