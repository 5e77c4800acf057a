"""Crawl state beside the store: whether the last crawl of a site ran to its end.

Listing pages are walked only until known articles are reached — but only when the previous crawl
completed. After an interrupted crawl (even SIGKILL) the next one walks every listing page again,
skipping known articles, so the pages the killed crawl never reached are not lost.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path


def state_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.crawlstate.json")


def load_state(db_path: str | Path) -> dict[str, dict]:
    try:
        return json.loads(state_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_state(db_path: str | Path, state: dict[str, dict]) -> None:
    path = state_path(db_path)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a kill never leaves half a file


def mark(db_path: str | Path, sites: list[str], complete: bool, since: str | None) -> None:
    state = load_state(db_path)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for key in sites:
        state[key] = {"complete": complete, "since": since, "at": now}
    save_state(db_path, state)


def may_stop_at_known(db_path: str | Path, site: str, since: str | None) -> bool:
    """True when the last crawl of `site` completed and reached at least as far back."""
    entry = load_state(db_path).get(site)
    if not entry or not entry.get("complete"):
        return False
    previous = entry.get("since")
    return previous is None or (since is not None and previous <= since)
