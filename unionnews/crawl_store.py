"""The crawl's store pipeline: parsed articles into the SQLite store (unionnews.store).

It belongs to the application, not to the crawler package: crawler/settings.py names it in
ITEM_PIPELINES, so the crawler never imports this layer. It owns its connection — opened in
`open_spider` from the UNIONNEWS_DB setting, closed in `close_spider` — and fills the crawl's
set of known URLs (crawler.known.KnownUrls) from the store.

Articles are committed in batches (UNIONNEWS_STORE_BATCH_ITEMS articles, or what came in the
last UNIONNEWS_STORE_BATCH_SECONDS, and at close): a commit per article was most of the
store's cost. Each article is still written whole or not at all (a savepoint of the batch),
and a crawl killed before a commit only loses articles its crawl state never marked done:
the state says "complete" after the pipeline closed, so the next crawl fetches them again.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.asyncio import create_looping_call

from crawler.items import ParsedArticle
from crawler.known import KnownUrls, max_articles_reached
from unionnews.store import Article, known_urls, open_store, retry_busy, store_article


class StorePipeline:
    """Store once per canonical URL; near-duplicates across sites are linked by the store."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("UNIONNEWS_DB")
        self.batch_items = max(1, crawler.settings.getint("UNIONNEWS_STORE_BATCH_ITEMS", 1))
        self.batch_seconds = crawler.settings.getfloat("UNIONNEWS_STORE_BATCH_SECONDS", 1.0)
        self.pending = 0
        self.flusher: Any = None
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.db = open_store(self.db_path)
        KnownUrls.of(self.crawler).update(known_urls(self.db))
        if self.batch_items > 1 and self.batch_seconds > 0:
            # A slow crawl still commits what it stored within batch_seconds, and the write
            # lock is left to other crawls on the store at least that often.
            self.flusher = create_looping_call(self.commit)
            self.flusher.start(self.batch_seconds, now=False)

    def commit(self) -> None:
        if self.db is not None and self.db.conn.in_transaction:
            self.db.conn.execute("COMMIT")
        self.pending = 0

    def close_spider(self, spider: Any = None) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        if self.db is not None:
            self.commit()
            self.db.close()
            self.db = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ParsedArticle):
            return item
        stats = self.crawler.stats
        if max_articles_reached(self.crawler):
            raise DropItem("--max-articles reached")
        article = Article(
            url=item.url, site=item.site, federation=item.federation, title=item.title,
            lead=item.lead, body=item.body, published=item.published, author=item.author,
            category=item.category, tags=item.tags, raw_html=item.html.encode("utf-8"),
            extraction_path=item.extraction_path,
        )
        if self.batch_items > 1 and not self.db.conn.in_transaction:
            # The write lock from the batch's start: no other crawl writes between this batch's
            # reads and its writes (the store's own rule for one article).
            retry_busy(lambda: self.db.conn.execute("BEGIN IMMEDIATE"))
        stored = store_article(self.db, article)
        self.pending += 1
        if self.pending >= self.batch_items:
            self.commit()
        KnownUrls.of(self.crawler).add(item.url)
        if not stored.inserted:
            raise DropItem(f"already stored: {item.url}")
        stats.inc_value("unionnews/stored")
        if stored.linked:
            stats.inc_value("unionnews/duplicates_linked")
        return item
