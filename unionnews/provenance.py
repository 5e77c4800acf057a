"""Which stored articles are invented: the bundled replica's articles written for testing.

The replica (crawler/replica) serves three real seed articles and 120 written for it; a crawl
of it stores them under the real sites' canonical URLs. Every page that shows their figures
says so, and never links them to the real domains, where they do not exist.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

INVENTED_NOTE = (
    "Dữ liệu giả lập: các bài và số liệu này được viết cho bản sao ngoại tuyến để thử "
    "phần mềm, không phải tin thật. / Invented data: written for the offline replica."
)


@lru_cache(maxsize=1)
def _invented_paths() -> frozenset[tuple[str, str]]:
    try:
        from crawler.replica.pages import replica_articles

        articles = replica_articles()
    except Exception:  # without the replica nothing can come from it
        return frozenset()
    return frozenset((a.site, a.path) for a in articles if a.origin == "written-for-replica")


def is_invented(site: str | None, url: str | None) -> bool:
    """Whether the article at `url` (stored from registry site `site`) is a written one."""
    if not site or not url:
        return False
    return (site, urlsplit(url).path) in _invented_paths()


def count_invented(db) -> int:
    """How many stored articles are the replica's written ones."""
    return sum(is_invented(site, url) for site, url in db.execute("select site, url from articles"))
