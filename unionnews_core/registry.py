"""The site registry: typed view of unionnews_core/sites.yaml, the one list of sites we crawl.

Other stages use it for context: `site_for_domain("www.laodongthudo.vn").federation` names the
federation a page speaks for, `.province` its province (None for the national confederation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

VERIFIED_VALUES = ("known-fact", "modelled")
SELECTOR_FIELDS = ("title", "lead", "body", "date", "time", "author", "category", "tags")
# Host prefixes that serve the same site (mobile, AMP, www).
HOST_ALIASES = ("www.", "m.", "amp.", "mobile.")


class RegistryError(ValueError):
    """sites.yaml is malformed, or a site key is unknown."""


@dataclass(frozen=True)
class Selector:
    css: str
    verified: str
    attr: str | None = None


@dataclass(frozen=True)
class UrlPattern:
    pattern: str
    verified: str

    def matches(self, path: str) -> bool:
        return re.search(self.pattern, path) is not None


@dataclass(frozen=True)
class StartPage:
    path: str
    verified: str


@dataclass(frozen=True)
class Feed:
    path: str
    verified: str
    use: bool = False


@dataclass(frozen=True)
class Listing:
    item: tuple[Selector, ...]
    link: tuple[Selector, ...]
    date: tuple[Selector, ...]
    next: tuple[Selector, ...]


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    domains: tuple[str, ...]
    domain_verified: bool
    federation: str
    province: str | None
    level: str
    start_pages: tuple[StartPage, ...]
    article_url: UrlPattern
    listing: Listing
    selectors: dict[str, tuple[Selector, ...]]
    date_formats: tuple[str, ...]
    sitemap: Feed | None = None
    rss: Feed | None = None
    ignore_url: tuple[UrlPattern, ...] = ()
    pagination: UrlPattern | None = None
    drop_css: tuple[str, ...] = ()
    drop_headings: tuple[str, ...] = ()
    lead_prefixes: tuple[str, ...] = ()
    timezone: str = "+07:00"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def origin(self) -> str:
        """The canonical origin of the site: stored URLs start with it."""
        return f"https://{self.domains[0]}"

    def is_article_path(self, path: str) -> bool:
        if any(p.matches(path) for p in self.ignore_url):
            return False
        return self.article_url.matches(path)

    def owns_host(self, host: str) -> bool:
        return bare_host(host) in self.domains


def bare_host(host: str) -> str:
    """`WWW.M.laodongthudo.vn:443` → `laodongthudo.vn` (lower case, no port, no alias prefix)."""
    host = host.lower().strip().rstrip(".")
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.split(":", 1)[0]
    changed = True
    while changed:
        changed = False
        for prefix in HOST_ALIASES:
            if host.startswith(prefix) and host.count(".") > 1:
                host, changed = host[len(prefix):], True
    return host


def _selectors(raw: Any, where: str) -> tuple[Selector, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        raw = [raw]
    out = []
    for entry in raw:
        verified = entry.get("verified")
        if verified not in VERIFIED_VALUES:
            raise RegistryError(f"{where}: verified must be one of {VERIFIED_VALUES}")
        out.append(Selector(css=entry["css"], verified=verified, attr=entry.get("attr")))
    return tuple(out)


def _pattern(raw: dict[str, Any], where: str) -> UrlPattern:
    if raw.get("verified") not in VERIFIED_VALUES:
        raise RegistryError(f"{where}: verified must be one of {VERIFIED_VALUES}")
    re.compile(raw["pattern"])
    return UrlPattern(pattern=raw["pattern"], verified=raw["verified"])


def _feed(raw: dict[str, Any] | None) -> Feed | None:
    if not raw:
        return None
    return Feed(path=raw["path"], verified=raw["verified"], use=bool(raw.get("use", False)))


def _site(raw: dict[str, Any], defaults: dict[str, Any]) -> Site:
    key = raw["key"]
    listing = raw["listing"]
    drop_css = list(defaults.get("drop_css", []))
    drop_css += [d["css"] if isinstance(d, dict) else d for d in raw.get("drop_css", [])]
    return Site(
        key=key,
        name=raw["name"],
        domains=tuple(bare_host(d) for d in raw["domains"]),
        domain_verified=bool(raw.get("domain_verified", False)),
        federation=raw["federation"],
        province=raw.get("province"),
        level=raw.get("level", "province"),
        start_pages=tuple(
            StartPage(path=p["path"], verified=p["verified"]) for p in raw["start_pages"]
        ),
        article_url=_pattern(raw["article_url"], f"{key}.article_url"),
        ignore_url=tuple(
            _pattern(p, f"{key}.ignore_url") for p in raw.get("ignore_url") or []
        ),
        pagination=_pattern(raw["pagination"], f"{key}.pagination")
        if raw.get("pagination") else None,
        listing=Listing(
            item=_selectors(listing.get("item"), f"{key}.listing.item"),
            link=_selectors(listing.get("link"), f"{key}.listing.link"),
            date=_selectors(listing.get("date"), f"{key}.listing.date"),
            next=_selectors(listing.get("next"), f"{key}.listing.next"),
        ),
        selectors={
            name: _selectors(raw["selectors"].get(name), f"{key}.selectors.{name}")
            for name in SELECTOR_FIELDS
        },
        date_formats=tuple(raw.get("date_formats") or ("%d/%m/%Y",)),
        sitemap=_feed(raw.get("sitemap")),
        rss=_feed(raw.get("rss")),
        drop_css=tuple(drop_css),
        drop_headings=tuple(defaults.get("drop_headings", [])),
        lead_prefixes=tuple(raw.get("lead_prefixes") or ()),
        timezone=defaults.get("timezone", "+07:00"),
    )


@cache
def load_registry() -> list[Site]:
    """All sites in the registry, in file order."""
    text = resources.files("unionnews_core").joinpath("sites.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    defaults = data.get("defaults", {})
    try:
        sites = [_site(raw, defaults) for raw in data["sites"]]
    except KeyError as exc:
        raise RegistryError(f"sites.yaml: missing field {exc}") from exc
    keys = [s.key for s in sites]
    if len(set(keys)) != len(keys):
        raise RegistryError("sites.yaml: duplicate site keys")
    return sites


def site_keys() -> list[str]:
    return [s.key for s in load_registry()]


def get_site(key: str) -> Site:
    for site in load_registry():
        if site.key == key:
            return site
    raise RegistryError(f"unknown site {key!r} (known: {', '.join(site_keys())})")


def site_for_domain(domain: str) -> Site | None:
    """The site serving `domain` (a host or URL; www./m. variants and ports accepted)."""
    host = bare_host(domain)
    for site in load_registry():
        if host in site.domains:
            return site
    return None


def federation_for_domain(domain: str) -> str | None:
    site = site_for_domain(domain)
    return site.federation if site else None
