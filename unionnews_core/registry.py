"""The site registry: typed view of sites.yaml (beside this file), the one list of sites.

Every layer reads it: the crawler for URLs and selectors, the extractor for context
(`site_for_domain("www.laodongthudo.vn").federation` names the federation a page speaks for,
`.province` and `.region` where it is), the store for the sites' federations.

Markup is described per *family* (a CMS many papers share) and a site picks its families as
dated *layouts*: the first layout whose title and body selectors match a page parses all of it,
so a title never comes from one layout and a body from another. A site overrides a family's
selector only where it differs. Every selector, pattern, start page and domain says whether it
is known (reported about or seen on the real site) or modelled (a guess to check first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from unionnews_core.places import federation_name, places

VERIFIED_VALUES = ("known-fact", "modelled")
# How a domain is vouched for: seen in stored copies of real pages (with an example URL),
# reported in shared/spec/sites.md, or not confirmed at all.
DOMAIN_STATUSES = ("seen", "reported", "unconfirmed")
SELECTOR_FIELDS = ("title", "lead", "body", "date", "time", "author", "category", "tags")
LISTING_FIELDS = ("item", "link", "date", "next")
LEVELS = ("national", "city", "province", "industry")
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
    form: str | None = None  # the shape of such a URL ({section}, {slug}, {id} …)

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
class Domain:
    host: str
    status: str
    example: str | None = None


@dataclass(frozen=True)
class Listing:
    item: tuple[Selector, ...]
    link: tuple[Selector, ...]
    date: tuple[Selector, ...]
    next: tuple[Selector, ...]


@dataclass(frozen=True)
class Layout:
    """One markup version of a site: a family's selectors (with the site's overrides) and the
    dates it applies between (None: open-ended)."""

    family: str
    valid_from: date | None
    valid_until: date | None
    listing: Listing
    selectors: dict[str, tuple[Selector, ...]] = field(compare=False)
    drop_css: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Predecessor:
    """A federation merged into this site's federation on 1 July 2025."""

    federation: str
    province: str
    until: date


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    domains: tuple[Domain, ...]
    federation: str
    province: str | None
    level: str
    start_pages: tuple[StartPage, ...]
    article_url: UrlPattern
    layouts: tuple[Layout, ...]
    date_formats: tuple[str, ...]
    sitemap: Feed | None = None
    rss: Feed | None = None
    ignore_url: tuple[UrlPattern, ...] = ()
    pagination: UrlPattern | None = None
    drop_headings: tuple[str, ...] = ()
    lead_prefixes: tuple[str, ...] = ()
    predecessors: tuple[Predecessor, ...] = ()
    timezone: str = "+07:00"

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(d.host for d in self.domains)

    @property
    def origin(self) -> str:
        """The canonical origin of the site: stored URLs start with it."""
        return f"https://{self.domains[0].host}"

    @property
    def domain_verified(self) -> bool:
        return self.domains[0].status != "unconfirmed"

    @property
    def region(self) -> str | None:
        return places().region(self.province) if self.province else None

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(layout.family for layout in self.layouts)

    # The newest layout's selectors: what a researcher checks first.
    @property
    def selectors(self) -> dict[str, tuple[Selector, ...]]:
        return self.layouts[0].selectors

    @property
    def listing(self) -> Listing:
        return self.layouts[0].listing

    def is_article_path(self, path: str) -> bool:
        if any(p.matches(path) for p in self.ignore_url):
            return False
        return self.article_url.matches(path)

    def owns_host(self, host: str) -> bool:
        return bare_host(host) in self.hosts

    def verification(self) -> dict[str, int]:
        """How many of this site's facts are known and how many modelled."""
        marks = [s.verified for layout in self.layouts for sels in layout.selectors.values()
                 for s in sels]
        marks += [p.verified for p in self.start_pages] + [self.article_url.verified]
        return {v: marks.count(v) for v in VERIFIED_VALUES}


@dataclass(frozen=True)
class FederationAt:
    """What a federation's name designates on a day: the body of its time and its successor."""

    name: str
    successor: str | None
    dissolved: date | None


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


# --- loading ----------------------------------------------------------------------------------

def _verified(entry: dict[str, Any], where: str, force_modelled: bool = False) -> str:
    verified = entry.get("verified")
    if verified not in VERIFIED_VALUES:
        raise RegistryError(f"{where}: verified must be one of {VERIFIED_VALUES}")
    return "modelled" if force_modelled else verified


def _selectors(raw: Any, where: str, force_modelled: bool = False) -> tuple[Selector, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        raw = [raw]
    return tuple(
        Selector(css=entry["css"], verified=_verified(entry, where, force_modelled),
                 attr=entry.get("attr"))
        for entry in raw
    )


def _pattern(raw: dict[str, Any], where: str, force_modelled: bool = False) -> UrlPattern:
    try:
        re.compile(raw["pattern"])
    except re.error as exc:
        raise RegistryError(f"{where}: bad pattern ({exc})") from None
    return UrlPattern(pattern=raw["pattern"], verified=_verified(raw, where, force_modelled),
                      form=raw.get("form"))


def _feed(raw: dict[str, Any] | None, where: str) -> Feed | None:
    if not raw:
        return None
    return Feed(path=raw["path"], verified=_verified(raw, where), use=bool(raw.get("use")))


def _domain(raw: Any, key: str) -> Domain:
    if isinstance(raw, str):
        raw = {"host": raw, "status": "unconfirmed"}
    status = raw.get("status")
    if status not in DOMAIN_STATUSES:
        raise RegistryError(f"{key}.domains: status must be one of {DOMAIN_STATUSES}")
    if status == "seen" and not raw.get("example"):
        raise RegistryError(f"{key}.domains: a seen domain needs its example URL")
    return Domain(host=bare_host(raw["host"]), status=status, example=raw.get("example"))


def _layout(raw: dict[str, Any], site: dict[str, Any], families: dict[str, Any],
            defaults: dict[str, Any]) -> Layout:
    key = site["key"]
    name = raw["family"]
    if name not in families:
        raise RegistryError(f"{key}: unknown markup family {name!r}")
    family = families[name]
    # A family's "known-fact" marks hold on the sites it was reported on; elsewhere the same
    # markup is a model until someone checks.
    modelled = key not in family.get("known_on", [])
    where = f"{key}.{name}"
    overrides = site.get("overrides", {}).get(name, {})
    selectors = {}
    for part in SELECTOR_FIELDS:
        if part in overrides.get("selectors", {}):
            selectors[part] = _selectors(overrides["selectors"][part], f"{where}.{part}")
        else:
            selectors[part] = _selectors(family["selectors"].get(part), f"{where}.{part}",
                                         modelled)
    listing_raw = {**family["listing"], **overrides.get("listing", {})}
    listing = Listing(**{
        part: _selectors(listing_raw.get(part), f"{where}.listing.{part}",
                         modelled and part not in overrides.get("listing", {}))
        for part in LISTING_FIELDS
    })
    drop = [*defaults.get("drop_css", []), *family.get("drop_css", []),
            *overrides.get("drop_css", [])]
    return Layout(
        family=name, valid_from=raw.get("from"), valid_until=raw.get("until"),
        listing=listing, selectors=selectors,
        drop_css=tuple(d["css"] if isinstance(d, dict) else d for d in drop),
    )


def _site(raw: dict[str, Any], families: dict[str, Any], defaults: dict[str, Any]) -> Site:
    key = raw["key"]
    layouts_raw = raw.get("layouts") or [{"family": raw["family"]}]
    first = families.get(layouts_raw[0]["family"])
    if first is None:
        raise RegistryError(f"{key}: unknown markup family {layouts_raw[0]['family']!r}")
    modelled = key not in first.get("known_on", [])
    province = raw.get("province")
    level = raw.get("level") or ("province" if province else "national")
    if level not in LEVELS:
        raise RegistryError(f"{key}: level must be one of {LEVELS}")
    if province is not None and province not in places().provinces:
        raise RegistryError(f"{key}: unknown province {province!r}")
    federation = raw.get("federation") or (federation_name(province) if province else None)
    if not federation:
        raise RegistryError(f"{key}: a site without a province names its federation")
    merged = places().merged_2025.get(province, ()) if level in ("province", "city") else ()
    until = date.fromordinal(places().merger_day.toordinal() - 1)
    article_url = raw.get("article_url") or first["article_url"]
    pagination = raw.get("pagination") or first.get("pagination")
    start_pages = raw.get("start_pages") or first.get("start_pages") or []
    return Site(
        key=key,
        name=raw["name"],
        domains=tuple(_domain(d, key) for d in raw["domains"]),
        federation=federation,
        province=province,
        level=level,
        start_pages=tuple(
            StartPage(path=p["path"], verified=_verified(
                p, f"{key}.start_pages", modelled and not raw.get("start_pages")))
            for p in start_pages
        ),
        article_url=_pattern(article_url, f"{key}.article_url",
                             modelled and not raw.get("article_url")),
        ignore_url=tuple(_pattern(p, f"{key}.ignore_url") for p in raw.get("ignore_url") or []),
        pagination=_pattern(pagination, f"{key}.pagination",
                            modelled and not raw.get("pagination")) if pagination else None,
        layouts=tuple(_layout(layout, raw, families, defaults) for layout in layouts_raw),
        date_formats=tuple(raw.get("date_formats") or first.get("date_formats")
                           or ("%d/%m/%Y",)),
        sitemap=_feed(raw.get("sitemap"), f"{key}.sitemap"),
        rss=_feed(raw.get("rss"), f"{key}.rss"),
        drop_headings=tuple(defaults.get("drop_headings", [])),
        lead_prefixes=tuple(raw.get("lead_prefixes") or ()),
        predecessors=tuple(
            Predecessor(federation=federation_name(p), province=p, until=until) for p in merged
        ),
        timezone=defaults.get("timezone", "+07:00"),
    )


@cache
def load_registry() -> list[Site]:
    """All sites in the registry, in file order."""
    text = resources.files("unionnews_core").joinpath("sites.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    defaults = data.get("defaults", {})
    try:
        sites = [_site(raw, data["families"], defaults) for raw in data["sites"]]
    except KeyError as exc:
        raise RegistryError(f"sites.yaml: missing field {exc}") from exc
    keys = [s.key for s in sites]
    if len(set(keys)) != len(keys):
        raise RegistryError("sites.yaml: duplicate site keys")
    return sites


@cache
def families() -> dict[str, dict[str, Any]]:
    """The markup families as written in sites.yaml (name → description, selectors …)."""
    text = resources.files("unionnews_core").joinpath("sites.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["families"]


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
        if host in site.hosts:
            return site
    return None


def federation_for_domain(domain: str) -> str | None:
    site = site_for_domain(domain)
    return site.federation if site else None


def federation_on(name: str, day: date | None) -> FederationAt:
    """The federation `name` designates on `day`, from the place list's 2025 merger.

    A federation merged away on 1 July 2025 is itself up to the merger and names its successor;
    after it, the name designates the successor ("LĐLĐ tỉnh Hải Dương" in 2026 is the Hải
    Phòng federation's business)."""
    name = " ".join(name.split())
    known = places()
    until = date.fromordinal(known.merger_day.toordinal() - 1)
    for after, merged in known.merged_2025.items():
        for before in merged:
            if federation_name(before) == name:
                if day is not None and day > until:
                    return FederationAt(federation_name(after), None, None)
                return FederationAt(name, federation_name(after), until)
    return FederationAt(name, None, None)
