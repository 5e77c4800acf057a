"""A crawl over a shared Redis frontier: articles go to a Redis queue, one writer stores them.

With `unionnews crawl --frontier redis://HOST:PORT/DB` the crawl processes (on one machine or
several) share scrapy-redis' request queue and duplicate filter, and none of them opens the
store: `QueuePipeline` (named in ITEM_PIPELINES in place of the store pipeline) pushes each
parsed article onto a Redis list, and `unionnews ingest` (`drain`) stores them — the store
file has one writer. The URLs stored are kept in a Redis set too, so crawl processes without
the store still skip known articles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import ParsedArticle
from crawler.known import KnownUrls, max_articles_reached

# Redis keys of the frontier database (the scheduler's own keys are in crawler/settings.py).
ARTICLES_KEY = "unionnews:articles"  # parsed articles, JSON, oldest first
INGESTING_KEY = "unionnews:articles:ingesting"  # the one article `drain` is storing
KNOWN_KEY = "unionnews:known"  # canonical URLs queued or stored: never requested again
MEMBER_KEY = "unionnews:crawler:"  # + a process id: one key per live crawl process
RUN_LOCK = "unionnews:run-lock"


def connect(url: str) -> Any:
    """A Redis client for `url`, checked with a PING (raises redis' ConnectionError)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    client.ping()
    return client


class QueuePipeline:
    """Push parsed articles onto the frontier's article queue instead of storing them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.url = crawler.settings.get("REDIS_URL")
        self.redis: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QueuePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.redis = connect(self.url)
        KnownUrls.of(self.crawler).update(
            url.decode("utf-8") for url in self.redis.sscan_iter(KNOWN_KEY, count=10_000))

    def close_spider(self, spider: Any = None) -> None:
        if self.redis is not None:
            self.redis.close()
            self.redis = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ParsedArticle):
            return item
        stats = self.crawler.stats
        if max_articles_reached(self.crawler):
            raise DropItem("--max-articles reached")
        if item.url in KnownUrls.of(self.crawler):
            raise DropItem(f"already stored: {item.url}")
        with self.redis.pipeline(transaction=True) as both:  # queued and known, or neither
            both.rpush(ARTICLES_KEY, json.dumps(asdict(item), ensure_ascii=False))
            both.sadd(KNOWN_KEY, item.url)
            both.execute()
        KnownUrls.of(self.crawler).add(item.url)
        # Counted as stored: the article is safe in the queue, and `ingest` stores it.
        stats.inc_value("unionnews/stored")
        return item


def join_run(client: Any, settings: Any, member: str) -> bool:
    """Register this crawl process on the frontier; True when it starts a new run.

    A run is over when no crawl process is live and no request is queued: then its duplicate
    filter is cleared, so listings are walked again (articles already queued or stored stay
    known and are not requested). Requests a killed process had taken are found again this
    way. Otherwise the process joins the run and shares its queue and filter."""
    queue = settings.get("SCHEDULER_QUEUE_KEY") % {"spider": "union"}
    seen = settings.get("SCHEDULER_DUPEFILTER_KEY") % {"spider": "union"}
    with client.lock(RUN_LOCK, timeout=30, blocking_timeout=30):
        live = next(client.scan_iter(MEMBER_KEY + "*", count=1000), None)
        new_run = live is None and not client.exists(queue)
        if new_run:
            client.delete(seen)
        client.set(MEMBER_KEY + member, 1, ex=settings.getint("UNIONNEWS_FRONTIER_MEMBER_TTL"))
    return new_run


class FrontierMember:
    """Extension: keeps this process's key on the frontier alive while it crawls."""

    def __init__(self, crawler: Crawler) -> None:
        self.url = crawler.settings.get("REDIS_URL")
        self.member = crawler.settings.get("UNIONNEWS_FRONTIER_MEMBER")
        self.ttl = crawler.settings.getint("UNIONNEWS_FRONTIER_MEMBER_TTL")
        self.redis: Any = None
        self.renew: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierMember:
        from scrapy import signals

        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider: Any) -> None:
        from twisted.internet.task import LoopingCall

        self.redis = connect(self.url)
        self.renew = LoopingCall(self.redis.set, MEMBER_KEY + self.member, 1, ex=self.ttl)
        self.renew.start(self.ttl / 3)

    def closed(self, spider: Any, reason: str) -> None:
        if self.renew is not None and self.renew.running:
            self.renew.stop()
        if self.redis is not None:
            self.redis.delete(MEMBER_KEY + self.member)
            self.redis.close()


def article_from_json(raw: bytes) -> Any:
    from unionnews.store import Article

    item = json.loads(raw)
    return Article(
        url=item["url"], site=item["site"], federation=item["federation"],
        title=item["title"], lead=item["lead"], body=item["body"],
        published=item["published"], author=item["author"], category=item["category"],
        tags=item["tags"], raw_html=item["html"].encode("utf-8"),
        extraction_path=item["extraction_path"],
    )


def drain(client: Any, db: Any, progress: Callable[[int, int], None] | None = None,
          wait_s: float = 0.0) -> tuple[int, int]:
    """Store every queued article; returns (stored, already in the store).

    Each article moves to INGESTING_KEY before it is stored and leaves it after (a reliable
    queue): killed half-way, the next `drain` stores that article first, and the store's
    unique URLs keep it once. With `wait_s` it waits that long for more articles before it
    stops (crawls still running)."""
    from unionnews.store import upsert_article

    stored = known = 0
    while True:
        raw = client.lindex(INGESTING_KEY, 0)
        if raw is None:
            raw = (client.blmove(ARTICLES_KEY, INGESTING_KEY, wait_s, "LEFT", "RIGHT")
                   if wait_s else client.lmove(ARTICLES_KEY, INGESTING_KEY, "LEFT", "RIGHT"))
        if raw is None:
            return stored, known
        article = article_from_json(raw)
        _, inserted = upsert_article(db, article)
        client.lrem(INGESTING_KEY, 1, raw)
        stored += inserted
        known += not inserted
        if progress:
            progress(stored, client.llen(ARTICLES_KEY))
