"""The crawl's store pipeline: parsed articles into the SQLite store (unionnews.store).

It belongs to the application, not to the crawler package: crawler/settings.py names it in
ITEM_PIPELINES, so the crawler never imports this layer. It owns its connection — opened in
`open_spider` from the UNIONNEWS_DB setting, closed in `close_spider` — and fills the crawl's
set of known URLs (crawler.known.KnownUrls) from the store.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import ParsedArticle
from crawler.known import KnownUrls
from unionnews.store import Article, known_urls, open_store, upsert_article


class StorePipeline:
    """Store once per canonical URL; near-duplicates across sites are linked by the store."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("UNIONNEWS_DB")
        self.cap = crawler.settings.getint("CLOSESPIDER_ITEMCOUNT")
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.db = open_store(self.db_path)
        KnownUrls.of(self.crawler).update(known_urls(self.db))

    def close_spider(self, spider: Any = None) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ParsedArticle):
            return item
        stats = self.crawler.stats
        if self.cap and stats.get_value("unionnews/stored", 0) >= self.cap:
            stats.inc_value("unionnews/cut/max_articles")
            raise DropItem("--max-articles reached")
        article = Article(
            url=item.url, site=item.site, federation=item.federation, title=item.title,
            lead=item.lead, body=item.body, published=item.published, author=item.author,
            category=item.category, tags=item.tags, raw_html=item.html.encode("utf-8"),
            extraction_path=item.extraction_path,
        )
        article_id, inserted = upsert_article(self.db, article)
        KnownUrls.of(self.crawler).add(item.url)
        if not inserted:
            raise DropItem(f"already stored: {item.url}")
        stats.inc_value("unionnews/stored")
        duplicate = self.db.execute(
            "select duplicate_of from articles where id = ?", [article_id]
        ).fetchone()[0]
        if duplicate:
            stats.inc_value("unionnews/duplicates_linked")
        return item
