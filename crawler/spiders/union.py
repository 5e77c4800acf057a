"""`union`: one spider for every site of the registry.

    scrapy crawl union -a site=laodongthudo [-a since=2024-01-01] [-a until=2024-12-31]
        [-s UNIONNEWS_DB=PATH] [-s UNIONNEWS_BASE_URL=http://127.0.0.1:8765/{key}]
        [-s CLOSESPIDER_ITEMCOUNT=N]
    scrapy crawl union -a site=haiphong,nghean    (several sites: one part of a split crawl)

Start pages, and the sitemaps and RSS feeds the registry says to use, give article links;
listing pages are followed page by page until articles older than `since`, or (after a
completed crawl) only known articles, are reached. The spider only yields requests and pages:
the store, the known URLs and the crawl state belong to the pipeline and the extensions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from parsel import Selector
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.extract import UndecodablePage, decode_html, listing_entries, next_page, tz_of
from crawler.items import ArticlePage
from crawler.known import KnownUrls
from crawler.state import CrawlState
from crawler.urls import Route
from unionnews_core.registry import RegistryError, get_site, load_registry


class UsageError(ValueError):
    """A spider argument the spider cannot work with; the message is one line."""


def parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} must be a date like 2024-07-19, not {value!r}") from None


class UnionSpider(scrapy.Spider):
    name = "union"

    def __init__(self, site: str = "all", since: str | None = None, until: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # A bad argument is reported in one line when the crawl starts, and nothing is crawled:
        # raised here, Scrapy would print a traceback for what is only a typing mistake.
        self.argument_error: str | None = None
        try:
            sites = (load_registry() if site == "all"
                     else [get_site(key) for key in dict.fromkeys(site.split(","))])
            self.since, self.until = parse_day(since, "since"), parse_day(until, "until")
        except (RegistryError, UsageError) as exc:
            self.argument_error = str(exc).split(" (known:")[0]
            sites, self.since, self.until = [], None, None
        self.site_keys = [s.key for s in sites]
        zone = tz_of(load_registry()[0])
        self.since_dt = datetime.combine(self.since, time.min, zone) if self.since else None
        self.until_dt = (
            datetime.combine(self.until + timedelta(days=1), time.min, zone)
            if self.until else None
        )

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> UnionSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        base_url = settings.get("UNIONNEWS_BASE_URL")
        spider.routes = {k: Route.for_site(get_site(k), base_url) for k in spider.site_keys}
        spider.max_links = settings.getint("UNIONNEWS_MAX_LINKS_PER_PAGE")
        spider.max_listing_pages = settings.getint("UNIONNEWS_MAX_LISTING_PAGES")
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
        state = CrawlState.of(self.crawler)
        stats = self.crawler.stats
        if self.argument_error:
            self.logger.error("%s; nothing crawled", self.argument_error)
            stats.set_value("unionnews/argument_error", self.argument_error)
            return
        for route in self.routes.values():
            site = route.site
            for url in state.listings_to_retry(site.key):
                yield self._request(route, url, "listing", self.parse_listing, page_no=1)
            for feed, callback in ((site.sitemap, self.parse_sitemap),
                                   (site.rss, self.parse_feed)):
                if feed and feed.use:
                    stats.inc_value("unionnews/start_pages")
                    yield self._request(route, feed.path, "feed", callback, start=True)
            for page in site.start_pages:
                stats.inc_value("unionnews/start_pages")
                yield self._request(route, page.path, "listing", self.parse_listing,
                                    start=True, page_no=1)

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
        known_urls = KnownUrls.of(self.crawler)
        if len(links) > self.max_links:
            self.crawler.stats.inc_value("unionnews/cut/links", len(links) - self.max_links)
            links = links[: self.max_links]
        requests, known, older = [], 0, 0
        for url, shown in links:
            canonical = route.canonical(url)
            if canonical is None or not route.is_article(url):
                continue
            if shown is not None and not self.in_window(shown):
                older += bool(self.since_dt and shown < self.since_dt)
                continue
            if canonical in known_urls:
                known += 1
                continue
            requests.append(self._request(route, url, "article", self.parse_article))
        return requests, known, older

    def _decode(self, response: Response) -> str | None:
        try:
            return decode_html(response.body, _content_type(response))
        except UndecodablePage as exc:
            self.crawler.stats.inc_value("unionnews/refused/undecodable")
            self.logger.warning("refused %s: %s", response.url, exc)
            return None

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("unionnews/pages")
        route = self.routes[response.meta["route"]]
        text = self._decode(response)
        if text is None:
            CrawlState.of(self.crawler).listing_failed(route.site.key, response.url)
            return
        sel = Selector(text=text)
        links = [(response.urljoin(h), d) for h, d in listing_entries(sel, route.site)]
        requests, known, older = self._article_requests(route, links)
        yield from requests
        nxt = next_page(sel, route.site)
        if older:  # listings run newest first: the rest is older still
            self.crawler.stats.inc_value("unionnews/listing_stopped_older")
            return
        key = route.site.key
        if known and not requests and CrawlState.of(self.crawler).may_stop_at_known(key):
            self.crawler.stats.inc_value("unionnews/listing_stopped_known")
            return
        if not nxt:
            return
        page_no = response.meta.get("page_no", 1) + 1
        if page_no > self.max_listing_pages:
            self.crawler.stats.inc_value("unionnews/cut/listing_pages")
            return
        yield self._request(route, response.urljoin(nxt), "listing", self.parse_listing,
                            page_no=page_no)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("unionnews/pages")
        route = self.routes[response.meta["route"]]
        sel = Selector(text=response.body.decode("utf-8", "replace"), type="xml")
        sel.remove_namespaces()
        for loc in sel.xpath("//sitemap/loc/text()").getall()[: self.max_links]:
            yield self._request(route, loc.strip(), "feed", self.parse_sitemap)
        links = []
        for node in sel.xpath("//url"):
            loc = (node.xpath("loc/text()").get() or "").strip()
            if loc:
                links.append((loc, _iso_datetime(node.xpath("lastmod/text()").get())))
        yield from self._article_requests(route, links)[0]

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS 2.0 or Atom feed: item links with their publication dates."""
        self.crawler.stats.inc_value("unionnews/pages")
        route = self.routes[response.meta["route"]]
        sel = Selector(text=response.body.decode("utf-8", "replace"), type="xml")
        sel.remove_namespaces()
        links = []
        for item in sel.xpath("//item"):
            link = (item.xpath("link/text()").get() or "").strip()
            if link:
                links.append((link, _rfc822_datetime(item.xpath("pubDate/text()").get())))
        for entry in sel.xpath("//entry"):
            link = (entry.xpath("link/@href").get() or "").strip()
            if link:
                links.append((link, _iso_datetime(entry.xpath("published/text()").get())))
        yield from self._article_requests(route, links)[0]

    def parse_article(self, response: Response) -> Iterator[ArticlePage]:
        self.crawler.stats.inc_value("unionnews/pages")
        route = self.routes[response.meta["route"]]
        canonical = route.canonical(response.url)
        if canonical is None or not route.is_article(response.url):
            return  # redirected off article pages
        yield ArticlePage(
            site=route.site.key, url=canonical, fetched_from=response.url, body=response.body,
            content_type=_content_type(response),
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        stats = self.crawler.stats
        message = failure.getErrorMessage()
        if request.meta.get("start"):
            stats.inc_value("unionnews/start_failed")
        if "max size" in message or "DOWNLOAD_MAXSIZE" in message:
            stats.inc_value("unionnews/cut/oversized")
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # Not fetched on purpose (robots.txt, off the site, already stored): not a failure
            # to retry, but a start page that never went out still counts as failed.
            if "robots.txt" in message:
                stats.inc_value("unionnews/robots_forbidden")
            return
        if request.meta.get("kind") == "listing":
            CrawlState.of(self.crawler).listing_failed(request.meta["route"], request.url)
        stats.inc_value("unionnews/errors")
        self.logger.warning("failed: %s (%s)", request.url, message.splitlines()[0][:200])


def _iso_datetime(value: str | None) -> datetime | None:
    try:
        shown = datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None
    return shown if shown and shown.tzinfo else None


def _rfc822_datetime(value: str | None) -> datetime | None:
    try:
        shown = parsedate_to_datetime(value.strip()) if value else None
    except (TypeError, ValueError):
        return None
    return shown if shown and shown.tzinfo else None


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None
