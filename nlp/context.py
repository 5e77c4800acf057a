"""What the pipeline knows about an article besides its text: `ArticleContext`.

Callers build it (one function, `unionnews.context.build_context`, for the crawler's store,
`extract` and `extract-text` alike) and the pipeline only reads it, so the pipeline never
imports the site registry. Where the site does not say the article's place, the pipeline
infers it from the title, the lead, the dateline and the URL (`inferred_province`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ArticleContext:
    published: date | None = None
    site: str | None = None  # the site's domain
    federation: str | None = None  # canonical name of the federation the site speaks for
    province: str | None = None  # the site's province or city, from the registry
    title: str | None = None
    lead: str | None = None
    dateline: str | None = None  # "TP.HCM – ", "Hải Phòng 10/01/2025": the place line
    url: str | None = None


@lru_cache(maxsize=1024)  # every article without a registry province spells every province
def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def inferred_province(context: ArticleContext, provinces: frozenset[str],
                      find_in_text) -> str | None:
    """The article's province when the site gives none: named in the title, the dateline or
    the lead (in that order), else spelled in the URL's slug ("…-quang-ninh-….html") or in a
    provincial portal's host name ("sogtvt.langson.gov.vn")."""
    if context.province:
        return context.province
    for part in (context.title, context.dateline, context.lead):
        if part:
            found = find_in_text(part)
            if found:
                return found
    if context.url or context.site:
        slug = "-" + _ascii_slug((context.url or "").rsplit("/", 1)[-1]) + "-"
        labels = set()
        for where in (context.url, context.site):
            if where:
                host = urlsplit(where if "//" in where else "//" + where).hostname
                labels |= set((host or "").split("."))
        # the longest name first, so "ha-noi" never stands in for "ha-nam"'s neighbours
        by_length = sorted(provinces, key=lambda n: (-len(n), n))
        for name in by_length:
            bare = _ascii_slug(name).replace("-", "")
            if len(bare) >= 5 and any(label == bare or label.startswith(bare) or
                                      label.endswith(bare) or
                                      label.startswith("bao" + bare) for label in labels):
                # a provincial portal or paper: "sogtvt.langson.gov.vn", "baophutho.vn",
                # "baodienbienphu.com.vn" (named after the province's city); the host is the
                # site's own place, before a place its story's slug names
                return name
        for name in by_length:
            if len(name) > 4 and f"-{_ascii_slug(name)}-" in slug:
                return name
    return None
