"""The verdict on a finished crawl: its one-line summary, and whether it failed.

One function for every way a crawl is run — `unionnews crawl` (unionnews/commands/crawl.py),
`scrapy crawl union` (crawler/commands/crawl.py) and the parent of `unionnews crawl
--processes N`, which gives it the sum of its children's stats — so a crawl that fetched
nothing fails the same way whichever command ran it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def failure(stats: Mapping[str, Any]) -> str | None:
    """Why a crawl failed, in a few words (no page could be fetched, or every start page
    failed); None when it did not."""
    starts = stats.get("unionnews/start_pages", 0)
    start_failed = stats.get("unionnews/start_failed", 0)
    if stats.get("unionnews/pages", 0) and not (starts > 0 and start_failed >= starts):
        return None
    why = (f"all {starts} start pages failed" if starts and start_failed >= starts
           else "no page could be fetched")
    unreachable = stats.get("unionnews/robots_unavailable", 0)
    if unreachable:
        why += f", robots.txt unavailable on {unreachable} host(s)"
    return why


def summary(site: str, stats: Mapping[str, Any], destination: str) -> tuple[str, bool]:
    """The one-line summary of a crawl, and whether the crawl failed: no page could be
    fetched, or every start page failed."""
    pages = stats.get("unionnews/pages", 0)
    refused = {k.rsplit("/", 1)[1]: v for k, v in stats.items()
               if k.startswith("unionnews/refused/")}
    cut = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("unionnews/cut/")}
    parts = [
        f"site {site}", f"pages {pages}", f"stored {stats.get('unionnews/stored', 0)}",
        f"duplicates linked {stats.get('unionnews/duplicates_linked', 0)}",
        f"known skipped {stats.get('unionnews/known_skipped', 0)}",
        f"errors {stats.get('unionnews/errors', 0)}",
    ]
    if refused:
        parts.append("refused " + ", ".join(f"{k} {v}" for k, v in sorted(refused.items())))
    if cut:
        parts.append("cut " + ", ".join(f"{k} {v}" for k, v in sorted(cut.items())))
    if stats.get("unionnews/robots_forbidden"):
        parts.append(f"forbidden by robots.txt {stats['unionnews/robots_forbidden']}")
    parts.append(f"finished: {stats.get('finish_reason', 'unknown')}")
    why = failure(stats)
    if why is not None:
        return "crawl failed: " + why + " · " + " · ".join(parts), True
    return "summary: " + " · ".join(parts) + f" · {destination}", False
