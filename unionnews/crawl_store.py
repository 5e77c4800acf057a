"""The crawl's store pipeline: parsed articles into the SQLite store (unionnews.store).

It belongs to the application, not to the crawler package: crawler/settings.py names it in
ITEM_PIPELINES, so the crawler never imports this layer. It owns its connection — opened in
`open_spider` from the UNIONNEWS_DB setting, closed in `close_spider` — and fills the crawl's
set of known URLs (crawler.known.KnownUrls) from the store.

Articles are stored in batches (UNIONNEWS_STORE_BATCH_ITEMS articles, or what came in the
last UNIONNEWS_STORE_BATCH_SECONDS, and at close): a commit per article was most of the
store's cost. A batch is kept in memory until then and written in one transaction, so the
store's write lock is held only while the batch is written, never while the crawl fetches
and parses: crawls on one store (`unionnews crawl --processes N`) wait for each other only
that long. Each article is still written whole or not at all (a savepoint of the batch),
and a crawl killed before a batch is written only loses articles its crawl state never
marked done: the state says "complete" after the pipeline closed, so the next crawl fetches
them again.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.asyncio import create_looping_call

from crawler.items import ParsedArticle
from crawler.known import KnownUrls, max_articles_reached
from crawler.state import CrawlState
from unionnews.store import Article, known_urls, open_store, retry_busy, store_article

logger = logging.getLogger(__name__)


class StorePipeline:
    """Store once per canonical URL; near-duplicates across sites are linked by the store."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("UNIONNEWS_DB")
        self.batch_items = max(1, crawler.settings.getint("UNIONNEWS_STORE_BATCH_ITEMS", 1))
        if crawler.settings.getint("CLOSESPIDER_ITEMCOUNT"):
            # --max-articles counts stored articles: each is stored at once, so the count is
            # exact when the next request for an article is weighed.
            self.batch_items = 1
        self.batch_seconds = crawler.settings.getfloat("UNIONNEWS_STORE_BATCH_SECONDS", 1.0)
        self.pending: list[Article] = []
        self.flusher: Any = None
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.db = open_store(self.db_path)
        KnownUrls.of(self.crawler).update(known_urls(self.db))
        if self.batch_items > 1 and self.batch_seconds > 0:
            # A slow crawl still stores what it parsed within batch_seconds.
            self.flusher = create_looping_call(self.flush)
            self.flusher.start(self.batch_seconds, now=False)

    def flush(self) -> None:
        """Write the pending articles in one transaction, each in its own savepoint."""
        batch, self.pending = self.pending, []
        if not batch or self.db is None:
            return
        conn = self.db.conn
        # The write lock from the batch's start: no other crawl writes between an article's
        # near-duplicate lookup and its rows (the store's own rule for one article).
        retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            for article in batch:
                self._store(article)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _store(self, article: Article) -> None:
        stats = self.crawler.stats
        try:
            stored = store_article(self.db, article)
        except Exception as exc:  # one article lost to the store: counted, fetched next time
            stats.inc_value("unionnews/errors")
            CrawlState.of(self.crawler).page_refused(article.site)
            logger.warning("not stored: %s (%s)", article.url, str(exc).splitlines()[0][:200])
            return
        if not stored.inserted:  # another crawl on the store stored it meanwhile
            return
        stats.inc_value("unionnews/stored")
        if stored.linked:
            stats.inc_value("unionnews/duplicates_linked")

    def close_spider(self, spider: Any = None) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        if self.db is not None:
            self.flush()
            self.db.close()
            self.db = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ParsedArticle):
            return item
        if max_articles_reached(self.crawler):
            raise DropItem("--max-articles reached")
        known = KnownUrls.of(self.crawler)
        if item.url in known:  # stored, or waiting in this batch
            raise DropItem(f"already stored: {item.url}")
        known.add(item.url)
        self.pending.append(Article(
            url=item.url, site=item.site, federation=item.federation, title=item.title,
            lead=item.lead, body=item.body, published=item.published, author=item.author,
            category=item.category, tags=item.tags, raw_html=item.html.encode("utf-8"),
            extraction_path=item.extraction_path,
        ))
        if len(self.pending) >= self.batch_items:
            self.flush()
        return item
