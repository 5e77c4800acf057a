"""Opening the store for reading only: search, timeline, promises, review --queue, serve.

A read-only command never creates, migrates or changes a file: an empty or foreign file is
refused with one line, and an old store is left for a writing command to upgrade. A store in a
folder nobody may write to (a published snapshot), or one no writer has open, is opened
immutable, so that no -wal/-shm file is created; while a writer works it is opened mode=ro.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from unionnews.errors import UsageFailure
from unionnews.folding import fold


def snapshot_is_read_only(path: Path) -> bool:
    """True when neither the store nor its folder can be written (a read-only snapshot)."""
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def open_readonly(path: str | Path) -> sqlite_utils.Database:
    """The store at `path`, read-only, or a one-line UsageFailure saying why not."""
    from unionnews.store import SCHEMA_VERSION

    path = Path(path)
    if not path.is_file():
        raise UsageFailure(f"no store at {path} (crawl and extract first, or pass --db)")
    if path.stat().st_size == 0:
        raise UsageFailure(f"{path} is empty, not a unionnews store")
    # With no -wal beside it no writer has the store open, and reading it immutable creates
    # no -wal/-shm files (mode=ro would, and could not remove them).
    idle = not Path(f"{path}-wal").exists()
    mode = "immutable=1" if idle or snapshot_is_read_only(path) else "mode=ro"
    uri = f"file:{quote(str(path.resolve()))}?{mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.create_function("unionnews_fold", 1, fold, deterministic=True)
        conn.execute("PRAGMA busy_timeout=10000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise UsageFailure(f"cannot read store {path}: {exc}") from None
    if version == 0:
        conn.close()
        raise UsageFailure(f"{path} is not a unionnews store")
    if version != SCHEMA_VERSION:
        conn.close()
        upgrade = f"unionnews extract --db {shlex.quote(str(path))}"
        newer = "newer than this release" if version > SCHEMA_VERSION else (
            f"older than this release; upgrade it with: {upgrade}")
        raise UsageFailure(f"store {path} has schema {version}, {newer}")
    return sqlite_utils.Database(conn)
