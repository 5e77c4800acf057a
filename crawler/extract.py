"""Parse a fetched page with the registry's selectors (fallback: trafilatura + htmldate).

Pure functions from bytes/text to small dataclasses; no Scrapy, no store. A page is parsed
with one layout of its site (see unionnews_core.registry), never a mix of two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from parsel import Selector

from unionnews_core.registry import Layout, Site
from unionnews_core.registry import Selector as SiteSelector

CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
DATE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}/\d{1,2}/\d{4}(?:\s*[-,]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?"
)
# What a page that is not markup at all (bytes decoded with the wrong codec) lacks.
MARKUP_RE = re.compile(r"<(?:!doctype|html|head|body|meta|div|p|title)\b", re.I)
TIME_RE = re.compile(r"(\d{1,2})[:h](\d{2})")
BLOCKS_XPATH = (
    ".//*[self::p or self::h2 or self::h3 or self::h4 or self::h5 or self::li or "
    "self::blockquote or self::pre][not(ancestor::p or ancestor::li or ancestor::blockquote)]"
)


@dataclass
class Extracted:
    title: str | None
    lead: str | None
    paragraphs: list[str]
    published: str | None  # ISO 8601 in the site's zone
    author: str | None
    category: str | None
    tags: list[str] = field(default_factory=list)
    extraction_path: str = "selectors"
    layout: str = ""
    problem: str | None = None  # why the page must not be stored (e.g. an impossible date)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def clean_text(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


class UndecodablePage(ValueError):
    """No charset turns the page's bytes into markup."""


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page whose declared charset may be wrong (UTF-8 pages labelled Windows-1258 and
    the reverse are common on older Vietnamese sites): valid UTF-8 wins, then the declaration,
    then Windows-1258. A decoding that yields no markup (a wrong "utf-16" label turns every
    byte pair into one CJK character) is not taken. Tone marks that Windows-1258 keeps apart
    are composed (NFC)."""
    declared = []
    for source in (content_type.encode() if content_type else b"", body[:2048]):
        match = CHARSET_RE.search(source)
        if match:
            declared.append(match.group(1).decode("ascii", "ignore").lower())
    for encoding in ["utf-8", *declared, "cp1258"]:
        try:
            text = body.decode(_codec(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        if MARKUP_RE.search(text[:4096]):
            return unicodedata.normalize("NFC", text)
    raise UndecodablePage("no charset gives markup")


def is_complete(body: bytes) -> bool:
    """Whether the page ends as an HTML document does: a page cut short with a matching
    Content-Length passes the download but lacks its closing tags."""
    tail = body[-2048:].lower()
    return b"</html" in tail or b"</body" in tail


def _codec(name: str) -> str:
    return {"windows-1258": "cp1258", "x-cp1258": "cp1258"}.get(name, name)


def tz_of(site: Site) -> timezone:
    sign = -1 if site.timezone.startswith("-") else 1
    hours, minutes = site.timezone.lstrip("+-").split(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def parse_datetime(text: str | None, site: Site, time_text: str | None = None) -> datetime | None:
    """A publication date shown in any of the site's forms → aware datetime in the site's zone.

    Weekdays ("Thứ tư, 22/03/2023"), category prefixes ("Hoạt động 05/12/2025 13:15") and
    ISO attributes are all accepted; a separate time element is merged in."""
    if not text:
        return None
    match = DATE_RE.search(text)
    if not match:
        return None
    raw = match.group(0)
    zone = tz_of(site)
    value: datetime | None = None
    if "T" in raw:
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            value = None
    else:
        raw = re.sub(r"\s*[-,]\s*", " ", raw.replace("h", ":"))
        for fmt in (*site.date_formats, "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
            try:
                value = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if value is None:
        return None
    if time_text and value.hour == 0 and value.minute == 0:
        tmatch = TIME_RE.search(time_text)
        if tmatch:
            value = value.replace(hour=int(tmatch.group(1)), minute=int(tmatch.group(2)))
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def impossible_date(text: str | None) -> str | None:
    """The shown date when it names no real day ("31/02/2024"), else None."""
    match = DATE_RE.search(text or "")
    shown = match and re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", match.group(0))
    if not shown:
        return None
    day, month, year = (int(x) for x in shown.groups())
    try:
        datetime(year, month, day)
    except ValueError:
        return match.group(0)
    return None


def _texts(sel: Selector, selectors: Iterable[SiteSelector]) -> list[str]:
    """Texts of the first selector that matches anything non-empty."""
    for selector in selectors:
        found = sel.css(selector.css)
        if selector.attr:
            values = [clean_text(v) for v in found.xpath(f"@{selector.attr}").getall()]
        else:
            values = [clean_text(" ".join(el.css("::text").getall())) for el in found]
        values = [v for v in values if v]
        if values:
            return values
    return []


def first_text(sel: Selector, selectors: Iterable[SiteSelector]) -> str | None:
    values = _texts(sel, selectors)
    return values[0] if values else None


def _remove(element: Selector) -> None:
    """Remove an element but keep its tail text (lxml would drop it with the element)."""
    node = element.root
    parent = node.getparent()
    if parent is None:
        return
    if node.tail and node.tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _is_heading(text: str, headings: Iterable[str]) -> bool:
    folded = text.rstrip(" :").casefold()
    return any(folded == h.casefold() for h in headings)


def body_paragraphs(container: Selector, site: Site, layout: Layout) -> list[str]:
    """Paragraphs of a body container, boilerplate removed, stopping at a related-news box."""
    # Each list is one CSS union, one query per page rather than one per selector (some twenty
    # a page). Removing a set of elements in document order leaves the same text as removing
    # them selector by selector: an element inside a removed one goes with it either way.
    if layout.drop_css:
        for element in container.css(", ".join(layout.drop_css)):
            _remove(element)
    # Fields with their own selectors (author, tags, dates) are not body text.
    fields = [selector.css for name in ("author", "tags", "date", "time", "title", "lead")
              for selector in layout.selectors[name]]
    if fields:
        for element in container.css(", ".join(fields)):
            if element.root is not container.root:
                _remove(element)
    blocks = container.xpath(BLOCKS_XPATH)
    if blocks:
        texts = [clean_text(" ".join(b.css("::text").getall())) for b in blocks]
    else:  # text separated by <br> only
        raw = "\n".join(container.xpath(".//text()").getall())
        texts = [clean_text(line) for line in raw.split("\n")]
    paragraphs = []
    for text in texts:
        if not text:
            continue
        if _is_heading(text, site.drop_headings):
            break
        paragraphs.append(text)
    return paragraphs


def strip_lead_prefix(lead: str | None, site: Site) -> str | None:
    if not lead:
        return lead
    for prefix in site.lead_prefixes:
        if lead.startswith(prefix):
            return lead[len(prefix):].strip() or None
    return lead


def _trailing_author(paragraphs: list[str]) -> str | None:
    """A byline standing alone after the body: a few words, no sentence punctuation."""
    if len(paragraphs) < 2:
        return None
    last = paragraphs[-1]
    words = last.split()
    if 1 <= len(words) <= 4 and not re.search(r"[.:;!?,\d\"“”]", last):
        if all(w[0].isupper() for w in words):
            paragraphs.pop()
            return last
    return None


def _choose_layout(sel: Selector, site: Site) -> Layout | None:
    """The layout to parse a page with: the first whose title and body both match, preferring
    one whose dates cover the page's date; else the first whose title matches."""
    matching = [layout for layout in site.layouts if first_text(sel, layout.selectors["title"])]
    full = [layout for layout in matching
            if any(sel.css(s.css) for s in layout.selectors["body"])]
    for layout in full:
        shown = parse_datetime(first_text(sel, layout.selectors["date"]), site)
        if shown is None or layout.covers(shown.date()):
            return layout
    if full:
        return full[0]
    return matching[0] if matching else None


def extract_article(html_text: str, site: Site, url: str | None = None) -> Extracted:
    """Fields of an article page, all from one layout; trafilatura when no body is found."""
    sel = Selector(text=html_text)
    layout = _choose_layout(sel, site)
    if layout is None:
        layout = site.layouts[0]
    sels = layout.selectors
    title = first_text(sel, sels["title"])
    lead = strip_lead_prefix(first_text(sel, sels["lead"]), site)
    date_text, time_text = first_text(sel, sels["date"]), first_text(sel, sels["time"])
    problem = None
    if impossible_date(date_text):
        problem = f"impossible date {impossible_date(date_text)!r}"
    published_dt = parse_datetime(date_text, site, time_text)
    author = first_text(sel, sels["author"])
    category = first_text(sel, sels["category"])
    tags = _texts(sel, sels["tags"])
    paragraphs: list[str] = []
    for selector in sels["body"]:
        containers = sel.css(selector.css)
        if containers:
            paragraphs = body_paragraphs(containers[0], site, layout)
            if paragraphs:
                break
    path = "selectors"
    if not paragraphs:
        path = "trafilatura"
        fallback = _trafilatura(html_text, url)
        title = title or fallback.get("title")
        paragraphs = [p for p in fallback.get("paragraphs", []) if p not in (lead, title)]
        author = author or fallback.get("author")
        if published_dt is None and fallback.get("date") and not problem:
            published_dt = parse_datetime(fallback["date"], site)
    if published_dt is None and not problem:
        published_dt = parse_datetime(_htmldate(html_text), site)
    if author is None:
        author = _trailing_author(paragraphs)
    if lead and paragraphs and paragraphs[0] == lead:
        paragraphs = paragraphs[1:]
    return Extracted(
        title=title, lead=lead, paragraphs=paragraphs,
        published=published_dt.isoformat() if published_dt else None,
        author=author, category=category, tags=tags, extraction_path=path,
        layout=layout.family, problem=problem,
    )


def _trafilatura(html_text: str, url: str | None) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html_text, url=url, with_metadata=True, include_comments=False, include_tables=False,
    )
    if doc is None:
        return {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    return {
        "paragraphs": [clean_text(line) for line in text.split("\n") if clean_text(line)],
        "title": clean_text(data.get("title")) or None,
        "author": clean_text(data.get("author")) or None,
        "date": data.get("date"),
    }


def _htmldate(html_text: str) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html_text, extensive_search=False, original_date=True,
                         outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception:  # htmldate raises on odd markup; no date is the honest answer
        return None


def listing_entries(sel: Selector, site: Site) -> list[tuple[str, datetime | None]]:
    """(href, date shown in the listing or None) for each article teaser of a listing page,
    read with the first layout whose listing markup the page has."""
    for layout in site.layouts:
        entries: list[tuple[str, datetime | None]] = []
        for item_selector in layout.listing.item:
            for item in sel.css(item_selector.css):
                hrefs = _hrefs(item, layout.listing.link)
                if hrefs:
                    shown = parse_datetime(first_text(item, layout.listing.date), site)
                    entries.append((hrefs[0], shown))
            if entries:
                return entries
    for layout in site.layouts:
        hrefs = _hrefs(sel, layout.listing.link)
        if hrefs:
            return [(href, None) for href in hrefs]
    return []


def _hrefs(sel: Selector, selectors: Iterable[SiteSelector]) -> list[str]:
    for selector in selectors:
        values = sel.css(selector.css).xpath(f"@{selector.attr or 'href'}").getall()
        if values:
            return [v.strip() for v in values]
    return []


def next_page(sel: Selector, site: Site) -> str | None:
    for layout in site.layouts:
        hrefs = _hrefs(sel, layout.listing.next)
        if hrefs:
            return hrefs[0]
    return None
