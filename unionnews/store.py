"""The SQLite store (sqlite-utils): articles, organisations, mentions and indicators.

Small functions over a `sqlite_utils.Database`; the CLI mirrors them. The schema carries a
version in `PRAGMA user_version`, and `open_store` applies any migration still missing, so an
old store opens under a new release without losing rows.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

DEFAULT_DB = Path("data/unionnews.db")


class StoreError(Exception):
    """The store cannot be opened or written; the message is one line for the user."""


@dataclass
class Article:
    url: str
    site: str
    title: str
    body: str
    federation: str | None = None
    lead: str | None = None
    published: str | None = None  # ISO 8601 with +07:00
    author: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    fetched: str | None = None
    raw_html: bytes | None = None  # uncompressed; the store keeps it zlib-compressed
    extraction_path: str = "selectors"  # or "trafilatura" when the registry's selectors failed
    content_hash: str | None = None

    def __post_init__(self) -> None:
        if self.content_hash is None:
            self.content_hash = content_hash(self.title, self.body)
        if self.fetched is None:
            self.fetched = datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(title: str, body: str) -> str:
    normalised = " ".join(f"{title}\n{body}".split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _migration_1(db: sqlite_utils.Database) -> None:
    db["articles"].create(
        {
            "id": int, "url": str, "site": str, "federation": str, "title": str, "lead": str,
            "body": str, "published": str, "author": str, "category": str, "tags": str,
            "fetched": str, "content_hash": str, "raw_html": bytes, "extraction_path": str,
            "duplicate_of": int,
        },
        pk="id",
        not_null={"url", "site", "title", "body"},
        foreign_keys=[("duplicate_of", "articles", "id")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site", "published"])
    db["articles"].create_index(["content_hash"])


# Append-only: position + 1 is the schema version that migration produces.
MIGRATIONS = [_migration_1]
SCHEMA_VERSION = len(MIGRATIONS)


def open_store(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (creating if needed) the store at `path`, in WAL mode, migrated to SCHEMA_VERSION."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=10000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except Exception as exc:  # sqlite3 and OS errors alike become one line
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {path} has schema {version}, newer than this release")
    for number in range(version, SCHEMA_VERSION):
        with db.conn:
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version={number + 1}")
    return db


def known_urls(db: sqlite_utils.Database, site: str | None = None) -> set[str]:
    sql, params = "select url from articles", []
    if site:
        sql, params = sql + " where site = ?", [site]
    return {row[0] for row in db.execute(sql, params)}


def upsert_article(db: sqlite_utils.Database, article: Article) -> tuple[int, bool]:
    """Store an article once per canonical URL; returns (id, inserted)."""
    row = db.execute("select id from articles where url = ?", [article.url]).fetchone()
    if row:
        return row[0], False
    record: dict[str, Any] = asdict(article)
    record["tags"] = "|".join(article.tags)
    record["raw_html"] = zlib.compress(article.raw_html) if article.raw_html else None
    twin = db.execute(
        "select id from articles where content_hash = ? and url != ? order by id limit 1",
        [article.content_hash, article.url],
    ).fetchone()
    record["duplicate_of"] = twin[0] if twin else None
    with db.conn:
        article_id = db["articles"].insert(record).last_pk
    return int(article_id), True


def raw_html(db: sqlite_utils.Database, article_id: int) -> bytes | None:
    row = db.execute("select raw_html from articles where id = ?", [article_id]).fetchone()
    return zlib.decompress(row[0]) if row and row[0] else None
