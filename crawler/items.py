"""What the spider hands to the pipelines, and what the extract pipeline hands on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticlePage:
    """A fetched article page, not yet parsed."""

    site: str
    url: str  # canonical URL (https://<site domain>/...)
    fetched_from: str  # the URL actually fetched (origin or mirror)
    body: bytes
    content_type: str | None = None


@dataclass
class ParsedArticle:
    """An article page parsed with one layout of its site; what the store pipeline stores."""

    site: str
    url: str
    federation: str
    title: str
    body: str
    lead: str | None
    published: str | None
    author: str | None
    category: str | None
    tags: list[str] = field(default_factory=list)
    html: str = ""
    extraction_path: str = "selectors"
    layout: str = ""
