"""The one way callers build an article's `ArticleContext` (extract-text, extract, the crawl).

The registry tells a known site's federation and province; a site key ("laodongthudo") or a
domain ("laodongthudo.vn", "https://laodongthudo.vn/…") is accepted. A field that cannot be
parsed (a bad date, a site the registry does not know) is reported through `warn` and left
out, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from nlp.context import ArticleContext


def _parse_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def build_context(
    published: Any = None, site: str | None = None, *, title: str | None = None,
    lead: str | None = None, url: str | None = None, dateline: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> ArticleContext:
    """An article's context from what a caller knows; unknown or bad fields are dropped."""
    from unionnews_core.registry import (
        RegistryError,
        bare_host,
        get_site,
        site_for_domain,
        site_keys,
    )

    say = warn or (lambda _message: None)
    try:
        when = _parse_date(published)
    except ValueError:
        say(f"ignored publication date {published!r}: not YYYY-MM-DD")
        when = None
    domain = federation = province = None
    if site and site.strip():
        try:
            key = site.strip()
            known = get_site(key) if key in site_keys() else site_for_domain(key)
        except RegistryError as exc:
            say(f"site registry unreadable ({exc}); no regional context")
            known = None
        if known is not None:
            domain = known.hosts[0]
            federation, province = known.federation, known.province
        else:
            domain = bare_host(site)
            say(f"site {site!r} is not in the registry: no regional context")
    if url and not domain:
        domain = bare_host(url)
    return ArticleContext(published=when, site=domain, federation=federation,
                          province=province, title=title, lead=lead, dateline=dateline,
                          url=url)


def extract_article(
    text: str, published: Any = None, site: str | None = None, *, tagger: Any = None,
    title: str | None = None, lead: str | None = None, url: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Any:
    """The pipeline on one article, its context built as every caller builds it."""
    from nlp.pipeline import extract

    context = build_context(published, site, title=title, lead=lead, url=url, warn=warn)
    return extract(text, context, tagger)
