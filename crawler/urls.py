"""URL canonicalisation and routing: one canonical URL per article, whatever link led to it.

A `Route` ties a registry site to the base it is fetched from: its own origin, or a mirror
(`--base-url`, e.g. the replica or an archive). Stored URLs are always canonical
(`https://<first domain><path>`), so a crawl of the mirror and one of the origin agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from unionnews_core.registry import Site, bare_host

# Query parameters that only track a visit: dropped from canonical URLs.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "zarsrc", "zalo_source", "_ga", "_gl", "ref",
    "mc_cid", "mc_eid", "igshid", "gidzl", "vnp_source",
})
TRACKING_PREFIXES = ("utm_",)
PATHS_KEPT = 4096  # URLs whose site path each Route remembers


def clean_query(query: str) -> str:
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlencode(sorted(pairs))


def clean_path(path: str) -> str:
    path = path or "/"
    while "//" in path:
        path = path.replace("//", "/")
    if len(path) > 1:
        path = path.rstrip("/")
    return path


@dataclass(frozen=True)
class Route:
    site: Site
    base: str  # fetch base without trailing slash, e.g. https://laodongthudo.vn
    # site_path of URLs met lately: the spider, two middlewares and the article callback each
    # ask for the same URL's canonical form.
    _paths: dict[str, str | None] = field(default_factory=dict, init=False, repr=False,
                                          compare=False, hash=False)

    @classmethod
    def for_site(cls, site: Site, base_url: str | None = None) -> Route:
        base = base_url.format(key=site.key) if base_url else site.origin
        return cls(site=site, base=base.rstrip("/"))

    def site_path(self, url: str) -> str | None:
        """Path (+ query) of `url` on this site, or None if the URL is not the site's."""
        try:
            return self._paths[url]
        except KeyError:
            pass
        if len(self._paths) >= PATHS_KEPT:
            self._paths.clear()
        path = self._paths[url] = self._site_path(url)
        return path

    def _site_path(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        base = urlsplit(self.base)
        mirror_host = (base.hostname or "", base.port)
        if (parts.hostname or "", parts.port) == mirror_host and (
            parts.path == base.path or parts.path.startswith(base.path.rstrip("/") + "/")
        ):
            path = parts.path[len(base.path.rstrip("/")):]
        elif self.site.owns_host(parts.hostname or ""):
            path = parts.path
        else:
            return None
        path = clean_path(path)
        query = clean_query(parts.query)
        return f"{path}?{query}" if query else path

    def canonical(self, url: str) -> str | None:
        path = self.site_path(url)
        return None if path is None else self.site.origin + path

    def fetch_url(self, canonical_or_path: str) -> str:
        parts = urlsplit(canonical_or_path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.base + path

    def is_article(self, url: str) -> bool:
        path = self.site_path(url)
        return path is not None and self.site.is_article_path(path)


def canonical_url(url: str, site: Site | None = None) -> str:
    """Canonical form of a URL on its real site: https, bare host, no tracking, no trailing /."""
    parts = urlsplit(url)
    host = bare_host(parts.hostname or "")
    if site is not None and host in site.domains:
        host = site.domains[0]
    query = clean_query(parts.query)
    return urlunsplit(("https", host, clean_path(parts.path), query, ""))
