"""What the spider hands to the pipelines: a fetched article page, not yet parsed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ArticlePage:
    site: str
    url: str  # canonical URL (https://<site domain>/...)
    fetched_from: str  # the URL actually fetched (origin or mirror)
    body: bytes
    content_type: str | None = None
