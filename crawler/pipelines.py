"""parse → check: an `ArticlePage` becomes a `ParsedArticle`, or is refused with a reason.

A refused page is not stored, is counted (unionnews/refused/<reason>), and leaves its site's
crawl incomplete, so the next crawl fetches it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.extract import UndecodablePage, decode_html, extract_article, is_complete
from crawler.items import ArticlePage, ParsedArticle
from crawler.state import CrawlState
from unionnews_core.registry import get_site


class ExtractPipeline:
    """Parse with the registry's selectors (or the fallback) and keep the crawl's date range."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def _refuse(self, item: ArticlePage, reason: str, detail: str) -> DropItem:
        self.crawler.stats.inc_value(f"unionnews/refused/{reason}")
        CrawlState.of(self.crawler).page_refused(item.site)
        return DropItem(f"refused ({detail}): {item.fetched_from}")

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        site = get_site(item.site)
        if not is_complete(item.body):
            raise self._refuse(item, "incomplete", "page cut short")
        try:
            html_text = decode_html(item.body, item.content_type)
        except UndecodablePage as exc:
            raise self._refuse(item, "undecodable", str(exc)) from None
        parsed = extract_article(html_text, site, item.url)
        if parsed.problem:
            raise self._refuse(item, "bad_date", parsed.problem)
        if not parsed.title or not parsed.paragraphs:
            raise self._refuse(item, "empty", "no article text")
        when = datetime.fromisoformat(parsed.published) if parsed.published else None
        if when and not self.crawler.spider.in_window(when):
            self.crawler.stats.inc_value("unionnews/outside_dates")
            raise DropItem(f"published {parsed.published}, outside the date range: {item.url}")
        return ParsedArticle(
            site=site.key, url=item.url, federation=site.federation, title=parsed.title,
            lead=parsed.lead, body=parsed.body, published=parsed.published,
            author=parsed.author, category=parsed.category, tags=parsed.tags,
            html=html_text, extraction_path=parsed.extraction_path, layout=parsed.layout,
        )
