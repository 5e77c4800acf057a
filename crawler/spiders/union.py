"""`union`: one spider for every site of the registry.

    scrapy crawl union -a site=laodongthudo [-a since=2024-01-01] [-a until=2024-12-31]
        [-a max_articles=N] [-a db=PATH] [-a base_url=http://127.0.0.1:8765/{key}]

Start pages (and the sitemap, where the registry says to use it) give article links; listing
pages are followed page by page until articles older than --since, or (after a completed
crawl) only known articles, are reached. Article pages go to the pipelines as raw bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import scrapy
from parsel import Selector
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import state
from crawler.extract import decode_html, listing_entries, next_page, tz_of
from crawler.items import ArticlePage
from crawler.urls import Route
from unionnews.store import known_urls, open_store
from unionnews_core.registry import get_site, load_registry


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class UnionSpider(scrapy.Spider):
    name = "union"

    def __init__(
        self, site: str = "all", since: str | None = None, until: str | None = None,
        max_articles: str | int | None = None, db: str | None = None,
        base_url: str | None = None, **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        sites = load_registry() if site == "all" else [get_site(site)]
        self.site_keys = [s.key for s in sites]
        self.since, self.until = parse_day(since), parse_day(until)
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        self.db_arg, self.base_url_arg = db, base_url
        self.stored = 0
        self.capped = False
        zone = tz_of(sites[0])
        self.since_dt = datetime.combine(self.since, time.min, zone) if self.since else None
        self.until_dt = (
            datetime.combine(self.until + timedelta(days=1), time.min, zone)
            if self.until else None
        )

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> UnionSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.db_path = spider.db_arg or settings.get("UNIONNEWS_DB")
        base_url = spider.base_url_arg or settings.get("UNIONNEWS_BASE_URL")
        sites = [get_site(k) for k in spider.site_keys]
        spider.routes = {s.key: Route.for_site(s, base_url) for s in sites}
        spider.store = open_store(spider.db_path)
        spider.known_urls = known_urls(spider.store)
        since = spider.since.isoformat() if spider.since else None
        spider.stop_at_known = {
            k: state.may_stop_at_known(spider.db_path, k, since) for k in spider.site_keys
        }
        state.mark(spider.db_path, spider.site_keys, complete=False, since=since)
        return spider

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        agent = settings.get("USER_AGENT", "")
        if "{contact}" in agent:
            contact = settings.get("UNIONNEWS_CONTACT")
            settings.set("USER_AGENT", agent.format(contact=contact), priority="spider")

    def in_window(self, when: datetime) -> bool:
        if self.since_dt and when < self.since_dt:
            return False
        return not (self.until_dt and when >= self.until_dt)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        for route in self.routes.values():
            site = route.site
            if site.sitemap and site.sitemap.use:
                yield self._request(route, site.sitemap.path, "sitemap", self.parse_sitemap)
            for page in site.start_pages:
                yield self._request(route, page.path, "listing", self.parse_listing)

    def _request(self, route: Route, url_or_path: str, kind: str, callback: Any,
                 **meta: Any) -> scrapy.Request:
        url = url_or_path if "://" in url_or_path else route.base + url_or_path
        return scrapy.Request(
            url, callback=callback, errback=self.on_error,
            meta={"route": route.site.key, "kind": kind, **meta},
        )

    def _article_requests(
        self, route: Route, links: list[tuple[str, datetime | None]]
    ) -> tuple[list[scrapy.Request], int, int]:
        """Requests for new articles in the date range; counts of known and of older links."""
        requests, known, older = [], 0, 0
        for url, shown in links:
            canonical = route.canonical(url)
            if canonical is None or not route.is_article(url):
                continue
            if shown is not None and not self.in_window(shown):
                older += bool(self.since_dt and shown < self.since_dt)
                continue
            if canonical in self.known_urls:
                known += 1
                continue
            requests.append(self._request(route, url, "article", self.parse_article))
        return requests, known, older

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        route = self.routes[response.meta["route"]]
        sel = Selector(text=decode_html(response.body, _content_type(response)))
        links = [(response.urljoin(h), d) for h, d in listing_entries(sel, route.site)]
        requests, known, older = self._article_requests(route, links)
        yield from requests
        nxt = next_page(sel, route.site)
        if older:  # listings run newest first: the rest is older still
            self.crawler.stats.inc_value("unionnews/listing_stopped_older")
            return
        if known and not requests and self.stop_at_known[route.site.key]:
            self.crawler.stats.inc_value("unionnews/listing_stopped_known")
            return
        if nxt:
            yield self._request(route, response.urljoin(nxt), "listing", self.parse_listing)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        route = self.routes[response.meta["route"]]
        sel = Selector(text=response.body.decode("utf-8", "replace"), type="xml")
        sel.remove_namespaces()
        links = []
        for node in sel.xpath("//url"):
            loc = (node.xpath("loc/text()").get() or "").strip()
            lastmod = node.xpath("lastmod/text()").get()
            try:
                shown = datetime.fromisoformat(lastmod.strip()) if lastmod else None
            except ValueError:
                shown = None
            if loc:
                links.append((loc, shown if shown and shown.tzinfo else None))
        yield from self._article_requests(route, links)[0]

    def parse_article(self, response: Response) -> Iterator[ArticlePage]:
        route = self.routes[response.meta["route"]]
        canonical = route.canonical(response.url)
        if canonical is None or not route.is_article(response.url):
            return  # redirected off the site or off article pages
        yield ArticlePage(
            site=route.site.key, url=canonical, fetched_from=response.url, body=response.body,
            content_type=_content_type(response),
        )

    def on_error(self, failure: Failure) -> None:
        from scrapy.exceptions import IgnoreRequest
        from scrapy.spidermiddlewares.httperror import HttpError

        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.crawler.stats.inc_value("unionnews/ignored")
            return
        self.crawler.stats.inc_value("unionnews/errors")
        self.logger.warning("failed: %s (%s)", failure.request.url, failure.getErrorMessage())

    def closed(self, reason: str) -> None:
        complete = reason == "finished" and not self.capped
        since = self.since.isoformat() if self.since else None
        state.mark(self.db_path, self.site_keys, complete=complete, since=since)
        self.store.close()


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None
