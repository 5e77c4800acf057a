"""parse → normalise → store: an `ArticlePage` becomes a row of the store's articles table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawler.components import CrawlerBound
from crawler.extract import decode_html, extract_article
from crawler.items import ArticlePage
from unionnews.store import Article, upsert_article
from unionnews_core.registry import get_site


class ExtractPipeline(CrawlerBound):
    """Parse with the registry's selectors (or the fallback) and keep the crawl's date range."""

    def process_item(self, item: Any, spider: Any = None) -> Article:
        spider = self.crawler.spider
        if not isinstance(item, ArticlePage):
            return item
        site = get_site(item.site)
        html_text = decode_html(item.body, item.content_type)
        parsed = extract_article(html_text, site, item.url)
        if not parsed.title or not parsed.paragraphs:
            self.crawler.stats.inc_value("unionnews/errors")
            self.crawler.stats.inc_value("unionnews/empty_pages")
            raise DropItem(f"no article text at {item.fetched_from}")
        if parsed.published and not spider.in_window(datetime.fromisoformat(parsed.published)):
            self.crawler.stats.inc_value("unionnews/outside_dates")
            raise DropItem(f"published {parsed.published}, outside the date range: {item.url}")
        return Article(
            url=item.url, site=site.key, federation=site.federation, title=parsed.title,
            lead=parsed.lead, body=parsed.body, published=parsed.published,
            author=parsed.author, category=parsed.category, tags=parsed.tags,
            raw_html=html_text.encode("utf-8"), extraction_path=parsed.extraction_path,
        )


class StorePipeline(CrawlerBound):
    """Store once per canonical URL; near-duplicates across sites are linked by the store."""

    def process_item(self, item: Any, spider: Any = None) -> Article:
        spider = self.crawler.spider
        if not isinstance(item, Article):
            return item
        if spider.max_articles is not None and spider.stored >= spider.max_articles:
            raise DropItem("--max-articles reached")
        article_id, inserted = upsert_article(spider.store, item)
        spider.known_urls.add(item.url)
        if not inserted:
            raise DropItem(f"already stored: {item.url}")
        spider.stored += 1
        self.crawler.stats.inc_value("unionnews/stored")
        duplicate = spider.store.execute(
            "select duplicate_of from articles where id = ?", [article_id]
        ).fetchone()[0]
        if duplicate:
            self.crawler.stats.inc_value("unionnews/duplicates_linked")
        if spider.max_articles is not None and spider.stored >= spider.max_articles:
            spider.capped = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))
        return item
