"""The SQLite store (sqlite-utils): articles, organisations, mentions and indicators.

Small functions over a `sqlite_utils.Database`; the CLI mirrors them. The schema carries a
version in `PRAGMA user_version`, and `open_store` applies any migration still missing, so an
old store opens under a new release without losing rows.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
import weakref
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from nlp.model import Extraction, Indicator, OrgMention
from unionnews import dedupe
from unionnews.folding import fold
from unionnews.organisations import place
from unionnews_core.places import federation_name, places

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
            "duplicate_of": int, "simhash": int,
        },
        pk="id",
        not_null={"url", "site", "title", "body"},
        foreign_keys=[("duplicate_of", "articles", "id")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site", "published"])
    db["articles"].create_index(["content_hash"])


# Schema 2: organisations, their mentions, indicators, the per-article extraction marker and
# the folded full-text indexes. Hand-written DDL for ON DELETE CASCADE and FTS5 options.
_SCHEMA_2 = (
    """create table organisations (
        id integer primary key,
        name text not null unique,
        name_folded text not null,
        level text not null default 'other',
        parent_id integer references organisations(id),
        province text,
        dissolved integer
    )""",
    "create index idx_organisations_name_folded on organisations(name_folded)",
    "create index idx_organisations_parent on organisations(parent_id)",
    "create index idx_organisations_level_province on organisations(level, province)",
    """create table site_federations (
        site_key text primary key,
        organisation_id integer not null references organisations(id)
    )""",
    """create table org_mentions (
        id integer primary key,
        article_id integer not null references articles(id) on delete cascade,
        organisation_id integer references organisations(id),
        text text not null,
        start integer not null,
        "end" integer not null,
        canonical text,
        score real
    )""",
    "create index idx_org_mentions_article on org_mentions(article_id)",
    "create index idx_org_mentions_organisation on org_mentions(organisation_id)",
    """create table indicators (
        id integer primary key,
        article_id integer not null references articles(id) on delete cascade,
        organisation_id integer references organisations(id),
        org text,
        text text not null,
        start integer not null,
        "end" integer not null,
        value real not null,
        target_value real,
        unit text,
        qualifier text,
        kind text not null,
        metric text not null,
        period_from integer,
        period_to integer,
        recurring text,
        sentence text,
        score real,
        extractor_version text
    )""",
    "create index idx_indicators_article on indicators(article_id)",
    # Equality columns only: within an index entry rows stay in rowid order, so "newest first,
    # first page" walks the index backwards and stops early instead of sorting every match.
    "create index idx_indicators_org_metric on indicators(organisation_id, metric)",
    "create index idx_indicators_metric_kind on indicators(metric, kind)",
    "create index idx_indicators_kind on indicators(kind)",
    "create index idx_indicators_period on indicators(period_to, period_from)",
    """create table extractions (
        article_id integer primary key references articles(id) on delete cascade,
        extractor_version text not null,
        extracted_at text not null,
        organisations integer not null,
        indicators integer not null
    )""",
    "create index idx_extractions_version on extractions(extractor_version)",
    # Folded copies (see unionnews.folding): "cong doan" finds "Công đoàn". remove_diacritics 2
    # also catches any mark the folding let through; the rowid is the source row's id.
    """create virtual table articles_fts using fts5(
        title, lead, body, tokenize = 'unicode61 remove_diacritics 2')""",
    """create virtual table indicators_fts using fts5(
        sentence, org, metric, tokenize = 'unicode61 remove_diacritics 2')""",
    # Triggers keep the indexes in step with every writer that opens the store via open_store
    # (which registers unionnews_fold).
    """create trigger articles_fts_insert after insert on articles begin
        insert into articles_fts(rowid, title, lead, body) values (new.id,
            unionnews_fold(new.title), unionnews_fold(new.lead), unionnews_fold(new.body));
    end""",
    """create trigger articles_fts_update after update of title, lead, body on articles begin
        delete from articles_fts where rowid = old.id;
        insert into articles_fts(rowid, title, lead, body) values (new.id,
            unionnews_fold(new.title), unionnews_fold(new.lead), unionnews_fold(new.body));
    end""",
    """create trigger articles_fts_delete after delete on articles begin
        delete from articles_fts where rowid = old.id;
    end""",
    """create trigger indicators_fts_insert after insert on indicators begin
        insert into indicators_fts(rowid, sentence, org, metric) values (new.id,
            unionnews_fold(new.sentence), unionnews_fold(new.org), new.metric);
    end""",
    """create trigger indicators_fts_delete after delete on indicators begin
        delete from indicators_fts where rowid = old.id;
    end""",
    """create view indicator_details as
        select i.id, i.org, i.metric, i.kind, i.value, i.target_value, i.unit, i.qualifier,
            i.period_from, i.period_to, i.period_to as year, i.recurring, i.sentence, i.text,
            i.score, a.site, a.published, a.title, a.url, i.article_id, i.organisation_id,
            i.extractor_version
        from indicators i join articles a on a.id = i.article_id""",
    """insert into articles_fts(rowid, title, lead, body)
        select id, unionnews_fold(title), unionnews_fold(lead), unionnews_fold(body)
        from articles""",
)


def _migration_2(db: sqlite_utils.Database) -> None:
    if not db.conn.in_transaction:
        db.execute("begin")  # DDL too: the whole migration lands or none of it
    for statement in _SCHEMA_2:
        db.execute(statement)
    # The spec's fixed top of the tree: the confederation and the 63 + 34 federations.
    from unionnews.organisations import hierarchy_seed

    for row in hierarchy_seed():
        ensure_organisation(db, row["name"], level=row["level"], parent=row["parent"],
                            province=row["province"], dissolved=row["dissolved"],
                            link_successor=False)  # schema 5's column; it links them


# Schema 3: the figure's publish/check status and the spec's optional fields (section 6), and
# the editors' reviews, keyed by a figure's stable identity (article URL, offsets, text) so
# that they survive `extract --reprocess`. A review is applied to the figure's row itself
# (unionnews.review: the row holds what editors decided, `reviews.model` what the model said),
# so every index keeps serving the filters; `figures` is every reader's view of the figures
# less the rejected ones, `figure_records` the same with the rejected ones and who reviewed.
_SCHEMA_3 = (
    "alter table indicators add column status text not null default 'check'",
    "alter table indicators add column range_max real",
    "alter table indicators add column per text",
    'alter table indicators add column "change" text',
    "alter table indicators add column base_value real",
    "alter table indicators add column review_state text",
    """create table reviews (
        id integer primary key,
        article_url text not null,
        start integer not null,
        "end" integer not null,
        text text not null,
        state text not null check (state in ('ok', 'rejected', 'corrected')),
        corrections text not null default '{}',
        model text,
        reviewer text not null,
        reviewed_at text not null,
        unique (article_url, start, "end", text)
    )""",
    # A correction may change the organisation or the metric, which the index searches.
    """create trigger indicators_fts_update after update of org, metric on indicators begin
        delete from indicators_fts where rowid = old.id;
        insert into indicators_fts(rowid, sentence, org, metric) values (new.id,
            unionnews_fold(new.sentence), unionnews_fold(new.org), new.metric);
    end""",
    """create view figure_records as
        select i.id, i.article_id, i.organisation_id, i.org, i.metric, i.kind, i.value,
            i.target_value, i.range_max, i.base_value, i.unit, i.per, i."change",
            i.qualifier, i.period_from, i.period_to, i.recurring, i.text, i.start, i."end",
            i.sentence, i.score, i.status, i.review_state, r.reviewer, r.reviewed_at,
            r.corrections, a.site, a.published, a.title, a.url, i.extractor_version
        from indicators i join articles a on a.id = i.article_id
        left join reviews r on r.article_url = a.url and r.start = i.start
            and r."end" = i."end" and r.text = i.text""",
    """create view figures as
        select * from figure_records where review_state is null or review_state != 'rejected'""",
    "drop view indicator_details",
    # What an editor reads first comes first: the figure, whose, when, how sure, where.
    """create view indicator_details as
        select id, value, kind, metric, org, period_to as year, status, sentence, published,
            site, url, unit, qualifier, per, text, period_from, period_to, recurring,
            target_value, score, review_state, title, article_id, organisation_id,
            extractor_version
        from figures""",
)


def _migration_3(db: sqlite_utils.Database) -> None:
    if not db.conn.in_transaction:
        db.execute("begin")
    for statement in _SCHEMA_3:
        db.execute(statement)


def _migration_4(db: sqlite_utils.Database) -> None:
    """The simhash band index (unionnews.dedupe.band_keys), filled for the stored articles."""
    db.execute(
        """create table simhash_bands (
            key integer not null,
            article_id integer not null references articles(id) on delete cascade,
            simhash integer not null,
            primary key (key, article_id)
        ) without rowid""")
    db.execute("create index idx_simhash_bands_article on simhash_bands(article_id)")
    rows = db.execute("select id, simhash from articles where simhash is not null").fetchall()
    db.conn.executemany("insert into simhash_bands (key, article_id, simhash) values (?, ?, ?)",
                        [(key, article_id, fingerprint) for article_id, fingerprint in rows
                         for key in dedupe.band_keys(fingerprint)])


def _migration_5(db: sqlite_utils.Database) -> None:
    """A provincial federation merged away on 1 July 2025 links to the federation of the
    province it was merged into (unionnews_core's `merged_2025`), for the stored rows."""
    db.execute("alter table organisations add column"
               " successor_id integer references organisations(id)")
    db.execute("create index idx_organisations_successor on organisations(successor_id)")
    rows = db.execute("select id, level, province from organisations").fetchall()
    for organisation_id, level, province in rows:
        _link_successor(db, organisation_id, level, province)


# Append-only: position + 1 is the schema version that migration produces.
MIGRATIONS = [_migration_1, _migration_2, _migration_3, _migration_4, _migration_5]
SCHEMA_VERSION = len(MIGRATIONS)


# SQLite's page cache per connection, in KiB (see open_store).
CACHE_KIB = 128 * 1024

# How long a writer waits for another process's write lock, and how often it retries a write
# that SQLite refused as busy anyway (a read snapshot cannot be upgraded once another process
# wrote: SQLITE_BUSY_SNAPSHOT is returned at once, without waiting).
BUSY_TIMEOUT_S = 30.0
WRITE_ATTEMPTS = 8


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def retry_busy(write: Any) -> Any:
    """Run `write()` again (after a short, growing pause) while SQLite says the store is busy."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return write()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)
    raise AssertionError("unreachable")


def _migrate(db: sqlite_utils.Database) -> None:
    """Bring the schema to SCHEMA_VERSION in ONE transaction with the version number.

    The write lock is taken first (BEGIN IMMEDIATE), so of several processes creating one store
    the first creates it and the others, once they get the lock, find it done. A process
    killed half-way leaves the store as it was: SQLite rolls the transaction back."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            MIGRATIONS[number](db)
        conn.execute(f"PRAGMA user_version={max(version, SCHEMA_VERSION)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def open_store(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (creating if needed) the store at `path`, in WAL mode, migrated to SCHEMA_VERSION."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S))
        db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        retry_busy(lambda: db.execute("PRAGMA journal_mode=WAL"))
        # In WAL mode NORMAL never corrupts the store; a commit may be lost only to a power
        # cut, and the crawl state makes the next crawl fetch it again. FULL syncs every
        # article's commit to disk, which made SQLite the crawl's largest cost.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        # Every insert reads one page of the band index per band (25, at random places): at
        # SQLite's default 2 MiB cache those pages were read from the file again each time
        # once the store held ~10,000 articles (38 reads per insert at 100,000), and inserts
        # slowed with the store. The cache holds the band index of ~200,000 articles (about
        # 0.55 KiB each); memory is taken only as pages are read.
        db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        db.conn.create_function("unionnews_fold", 1, fold, deterministic=True)
        db.conn.create_function("unionnews_hamming", 2, dedupe.hamming, deterministic=True)
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except Exception as exc:  # sqlite3 and OS errors alike become one line
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {path} has schema {version}, newer than this release")
    if version < SCHEMA_VERSION:
        try:
            retry_busy(lambda: _migrate(db))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
    return db


def known_urls(db: sqlite_utils.Database, site: str | None = None) -> set[str]:
    sql, params = "select url from articles", []
    if site:
        sql, params = sql + " where site = ?", [site]
    return {row[0] for row in db.execute(sql, params)}


@dataclass(frozen=True)
class Stored:
    id: int
    inserted: bool  # False: the URL was stored already
    linked: bool  # a copy of a stored story, or the new primary copy of stored ones


def upsert_article(db: sqlite_utils.Database, article: Article) -> tuple[int, bool]:
    """Store an article once per canonical URL; returns (id, inserted)."""
    stored = store_article(db, article)
    return stored.id, stored.inserted


def store_article(db: sqlite_utils.Database, article: Article) -> Stored:
    """Store an article once per canonical URL.

    A copy of a stored story (same text, or the same story lightly edited: see
    unionnews.dedupe) is linked to the copy that is primary whatever the crawl order: the
    earliest published, then the smallest URL."""
    record: dict[str, Any] = asdict(article)
    record["tags"] = "|".join(article.tags)
    record["raw_html"] = zlib.compress(article.raw_html) if article.raw_html else None
    text = f"{article.lead or ''}\n{article.body}"
    record["simhash"] = dedupe.simhash(text)
    return retry_busy(lambda: _insert_article(db, record, text))


def _primary_key(published: str | None, url: str) -> tuple[str, str]:
    return (published or "9999", url)


def _insert_article(db: sqlite_utils.Database, record: dict[str, Any], text: str) -> Stored:
    """The article and its rows in one transaction — or, when the caller holds one (the crawl
    commits its articles in batches), in one savepoint of it, so an article is never half
    written whatever becomes of the batch."""
    conn = db.conn
    nested = conn.in_transaction
    # BEGIN IMMEDIATE: read and write under one lock, no stale snapshot. A caller's
    # transaction must hold the write lock already for the same reason.
    begin, commit, rollback = (
        ("SAVEPOINT article", "RELEASE article", "ROLLBACK TO article") if nested
        else ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"))
    conn.execute(begin)
    try:
        row = conn.execute("select id from articles where url = ?", [record["url"]]).fetchone()
        if row:
            conn.execute(commit)
            return Stored(row[0], inserted=False, linked=False)
        twin = conn.execute(
            "select coalesce(duplicate_of, id) from articles where content_hash = ? and url != ?"
            " order by id limit 1",
            [record["content_hash"], record["url"]],
        ).fetchone()
        primary = twin[0] if twin else _near_twin(db, record["simhash"], text)
        new_is_primary = primary is None
        if primary is not None:
            published, url = conn.execute(
                "select published, url from articles where id = ?", [primary]).fetchone()
            new_is_primary = (_primary_key(record["published"], record["url"])
                              < _primary_key(published, url))
        record["duplicate_of"] = None if new_is_primary else primary
        # A plain INSERT (kept prepared by sqlite3's statement cache): sqlite-utils' insert
        # reads the schema three times per row, a third of an article's statements.
        columns = ", ".join(record)
        article_id = int(conn.execute(
            f"insert into articles ({columns}) values ({', '.join(':' + c for c in record)})",
            record).lastrowid)
        conn.executemany(
            "insert into simhash_bands (key, article_id, simhash) values (?, ?, ?)",
            [(key, article_id, record["simhash"]) for key in dedupe.band_keys(record["simhash"])])
        if new_is_primary and primary is not None:
            _demote(db, primary, article_id)
        conn.execute(commit)
    except BaseException:
        if conn.in_transaction:
            conn.execute(rollback)
            if nested:
                conn.execute("RELEASE article")
        raise
    return Stored(article_id, inserted=True, linked=primary is not None)


def _demote(db: sqlite_utils.Database, old: int, new: int) -> None:
    """`new` becomes the primary copy of `old`'s story: the copies point to it, and what was
    extracted from `old` goes (the story's figures are extracted once, from the primary)."""
    db.execute("update articles set duplicate_of = ? where id = ? or duplicate_of = ?",
               [new, old, old])
    for table in ("org_mentions", "indicators", "extractions"):
        db.execute(f"delete from {table} where article_id = ?", [old])


# The stored articles sharing a band with a fingerprint (the parameters: the band keys, then
# the fingerprint) and within MAX_HAMMING of it: read from the band index alone (each band's
# entries lie together; tests/test_store_writers.py checks the query plan). The distance is
# checked inside the query: a band's entries grow with the store (about 700 per insert at
# 100,000 articles), and only the few within reach are returned, de-duplicated and sorted.
BAND_CANDIDATES = (
    "select distinct article_id, simhash from simhash_bands"
    f" where key in ({','.join('?' * dedupe.BANDS)})"
    f" and unionnews_hamming(simhash, ?) <= {dedupe.MAX_HAMMING} order by article_id"
)


def _near_twin(db: sqlite_utils.Database, fingerprint: int, text: str) -> int | None:
    """The primary copy of the stored story this text repeats (syndication), if any: the
    first, by id, of the articles sharing a simhash band that the text nearly duplicates."""
    mine = dedupe.figures(text)
    seen = _STORED_FIGURES.setdefault(db, {})
    # Template-built reports (same wording, other figures) give dozens of close fingerprints,
    # the same ones article after article: a candidate whose figures are known to differ is
    # passed over without reading its text, and the others are read a chunk per statement.
    to_read = []
    for article_id, other in db.execute(BAND_CANDIDATES,
                                        [*dedupe.band_keys(fingerprint), fingerprint]):
        figures = seen.get((article_id, other))
        if figures is None or dedupe.figures_agree(mine, figures):
            to_read.append(article_id)
    if len(seen) > STORED_FIGURES_KEPT:
        seen.clear()
    for start in range(0, len(to_read), NEAR_TWIN_CHUNK):
        chunk = to_read[start:start + NEAR_TWIN_CHUNK]
        rows = db.execute(
            "select id, simhash, duplicate_of, coalesce(lead, '') || char(10) || body"
            f" from articles where id in ({','.join('?' * len(chunk))}) order by id", chunk)
        for article_id, other, duplicate_of, other_text in rows:
            figures = seen[(article_id, other)] = dedupe.figures(other_text)
            if dedupe.is_near_duplicate(text, other_text, mine, figures):
                return duplicate_of or article_id
    return None


NEAR_TWIN_CHUNK = 100
# The figures of stored articles met as candidates, per open store, by (id, fingerprint): an
# article's text never changes once stored. Emptied past this many (a few KB each).
_STORED_FIGURES: weakref.WeakKeyDictionary[Any, dict[tuple[int, int], frozenset[str]]] = (
    weakref.WeakKeyDictionary())
STORED_FIGURES_KEPT = 20_000


def raw_html(db: sqlite_utils.Database, article_id: int) -> bytes | None:
    row = db.execute("select raw_html from articles where id = ?", [article_id]).fetchone()
    return zlib.decompress(row[0]) if row and row[0] else None


# --- organisations ---------------------------------------------------------------------------


def ensure_organisation(
    db: sqlite_utils.Database,
    name: str,
    *,
    level: str | None = None,
    parent: str | None = None,
    province: str | None = None,
    dissolved: int | None = None,
    federation: str | None = None,
    link_successor: bool = True,
) -> int:
    """Id of the organisation with canonical `name`, creating it (and its parents) if needed.

    Without an explicit `level`, level, parent and province are derived from the name and the
    article's `federation` (unionnews.organisations.place). Known rows are not overwritten,
    except that a missing parent or province is filled in. A new row for a provincial
    federation merged away in 2025 links to its successor (`successor_federation`).
    """
    name = " ".join(name.split())
    if level is None:
        found = place(name, federation)
        level, parent = found.level, parent or found.parent
        province = province or found.province
    parent_id = None
    if parent and parent != name:
        parent_id = ensure_organisation(db, parent)
    row = db.execute(
        "select id, parent_id, province from organisations where name = ?", [name]
    ).fetchone()
    if row:
        if (row[1] is None and parent_id) or (row[2] is None and province):
            db.execute(
                "update organisations set parent_id = coalesce(parent_id, ?),"
                " province = coalesce(province, ?) where id = ?",
                [parent_id, province, row[0]],
            )
        return int(row[0])
    cursor = db.execute(
        "insert into organisations (name, name_folded, level, parent_id, province, dissolved)"
        " values (?, ?, ?, ?, ?, ?)",
        [name, fold(name), level, parent_id, province, dissolved],
    )
    organisation_id = int(cursor.lastrowid)
    if link_successor:
        _link_successor(db, organisation_id, level, province)
    return organisation_id


def successor_federation(level: str | None, province: str | None) -> str | None:
    """Canonical name of the federation that took over a provincial federation merged away
    on 1 July 2025 (its province merged into another: unionnews_core's `merged_2025`); None
    for any other body, a federation that still exists included."""
    if level != "federation" or not province:
        return None
    after = places().successor(province)
    return federation_name(after) if after != province else None


def _link_successor(db: sqlite_utils.Database, organisation_id: int, level: str | None,
                    province: str | None) -> None:
    successor = successor_federation(level, province)
    if successor:
        db.execute("update organisations set successor_id = ? where id = ?",
                   [ensure_organisation(db, successor), organisation_id])


def link_site(db: sqlite_utils.Database, site_key: str, federation: str) -> None:
    """Record that registry site `site_key` is published by `federation`."""
    organisation_id = ensure_organisation(db, federation)
    db.execute(
        "insert into site_federations (site_key, organisation_id) values (?, ?)"
        " on conflict(site_key) do update set organisation_id = excluded.organisation_id",
        [site_key, organisation_id],
    )


def find_organisations(db: sqlite_utils.Database, name: str) -> list[int]:
    """Ids of the organisations `name` designates, ignoring accents and case.

    Tried in order: the exact canonical name, a registry site key, then every name that
    contains the words of `name`.
    """
    folded = " ".join(fold(name).split())
    exact = db.execute("select id from organisations where name_folded = ?", [folded])
    ids = [row[0] for row in exact]
    if ids:
        return ids
    site = db.execute(
        "select organisation_id from site_federations where site_key = ?", [name.strip()]
    ).fetchone()
    if site:
        return [site[0]]
    words = [_ABBREVIATIONS.get(word, word) for word in re.findall(r"[^\W_]+", folded)]
    if not words:
        return []
    # Every word (abbreviations expanded) somewhere in the name: "ldld quan thanh xuan".
    clauses = " and ".join(["instr(name_folded, ?) > 0"] * len(words))
    rows = db.execute(f"select id from organisations where {clauses} order by id", words)
    return [row[0] for row in rows]


# Folded short forms of the genre, for finding organisations by what an editor types.
_ABBREVIATIONS = {
    "ldld": "lien doan lao dong", "tld": "tong lien doan", "cd": "cong doan",
    "cdcs": "cong doan co so", "tp": "thanh pho", "kcn": "khu cong nghiep",
}


def descendant_ids(db: sqlite_utils.Database, organisation_ids: list[int]) -> list[int]:
    """The given organisations and every body below them in the hierarchy."""
    if not organisation_ids:
        return []
    marks = ",".join("?" * len(organisation_ids))
    rows = db.execute(
        f"""with recursive tree(id) as (
                select id from organisations where id in ({marks})
                union
                select o.id from organisations o join tree on o.parent_id = tree.id
            ) select id from tree""",
        organisation_ids,
    )
    return [row[0] for row in rows]


# --- extractions -----------------------------------------------------------------------------

_INDICATOR_COLUMNS = (
    "article_id", "organisation_id", "org", "text", "start", "end", "value", "target_value",
    "unit", "qualifier", "kind", "metric", "period_from", "period_to", "recurring", "sentence",
    "score", "extractor_version", "status", "range_max", "per", "change", "base_value",
)
INSERT_INDICATOR = "insert into indicators ({}) values ({})".format(
    ", ".join(f'"{c}"' for c in _INDICATOR_COLUMNS), ", ".join("?" * len(_INDICATOR_COLUMNS))
)


def indicator_row(
    article_id: int, organisation_id: int | None, indicator: Indicator, version: str
) -> tuple[Any, ...]:
    """One `indicators` row, in INSERT_INDICATOR's column order."""
    period = indicator.period
    return (
        article_id, organisation_id, indicator.org, indicator.text, indicator.start,
        indicator.end, float(indicator.value),
        None if indicator.target_value is None else float(indicator.target_value),
        indicator.unit, indicator.qualifier, indicator.kind, indicator.metric,
        period.start if period else None, period.end if period else None,
        period.recurring if period else None, indicator.sentence, indicator.score, version,
        _optional(indicator, "status") or "check", _optional(indicator, "range_max"),
        _optional(indicator, "per"), _optional(indicator, "change"),
        _optional(indicator, "base_value"),
    )


def _optional(indicator: Indicator, name: str) -> Any:
    # The spec's later fields (status, section 6's range_max, per, change, base_value) are
    # stored when the extractor's records carry them; older records simply lack them.
    return getattr(indicator, name, None)


INSERT_INDICATOR_WITH_ID = "insert into indicators (id, {}) values (?, {})".format(
    ", ".join(f'"{c}"' for c in _INDICATOR_COLUMNS), ", ".join("?" * len(_INDICATOR_COLUMNS))
)


def figure_identity(start: int, end: int, text: str) -> tuple[int, int, str]:
    """What identifies a figure within its article, across re-extraction: its span and text."""
    return (int(start), int(end), text)


def _previous_ids(db: sqlite_utils.Database, article_id: int) -> dict[tuple[int, int, str], int]:
    rows = db.execute(
        'select start, "end", text, id from indicators where article_id = ?', [article_id]
    )
    return {figure_identity(start, end, text): row_id for start, end, text, row_id in rows}


def save_extraction(db: sqlite_utils.Database, article_id: int, extraction: Extraction) -> None:
    """Replace article `article_id`'s mentions and indicators with `extraction`, atomically.

    Saving the same extraction twice leaves one copy; a figure with the same span and text as
    before keeps its id. Organisations named by canonical name
    are created on the way, placed in the hierarchy with the article's federation as context.
    """
    article = db.execute(
        "select federation, site from articles where id = ?", [article_id]
    ).fetchone()
    if article is None:
        raise StoreError(f"no article with id {article_id}")
    federation, site = article
    version = extraction.extractor_version
    with db.conn:  # one short transaction: readers (WAL) see the old rows or the new, never half
        if federation and site:
            # Lets timelines and the UI take a site key for the federation it speaks for.
            db.execute(
                "insert into site_federations (site_key, organisation_id) values (?, ?)"
                " on conflict(site_key) do nothing",
                [site, ensure_organisation(db, federation)],
            )
        previous_ids = _previous_ids(db, article_id)
        db.execute("delete from org_mentions where article_id = ?", [article_id])
        db.execute("delete from indicators where article_id = ?", [article_id])
        ids: dict[str, int] = {}

        def org_id(name: str | None) -> int | None:
            if not name or not name.strip():
                return None
            if name not in ids:
                ids[name] = ensure_organisation(db, name, federation=federation)
            return ids[name]

        db.conn.executemany(
            'insert into org_mentions (article_id, organisation_id, text, start, "end",'
            " canonical, score) values (?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, org_id(m.canonical), m.text, m.start, m.end, m.canonical, m.score)
                for m in extraction.organisations
            ],
        )
        # A figure found again keeps its id, so saved links and the review desk stay valid.
        db.conn.executemany(
            INSERT_INDICATOR_WITH_ID,
            [(previous_ids.pop(figure_identity(i.start, i.end, i.text), None),
              *indicator_row(article_id, org_id(i.org), i, version))
             for i in extraction.indicators],
        )
        from unionnews.review import apply_reviews

        apply_reviews(db, article_id)  # editors' verdicts outlive the model's re-reading
        db.execute(
            "insert into extractions (article_id, extractor_version, extracted_at,"
            " organisations, indicators) values (?, ?, ?, ?, ?)"
            " on conflict(article_id) do update set extractor_version = excluded.extractor_version,"
            " extracted_at = excluded.extracted_at, organisations = excluded.organisations,"
            " indicators = excluded.indicators",
            [article_id, version, datetime.now(UTC).isoformat(timespec="seconds"),
             len(extraction.organisations), len(extraction.indicators)],
        )


def _extraction_query(since: str | None, reprocess: bool,
                      version: str) -> tuple[str, list[Any]]:
    """The `where` clause (and its parameters) of the articles still to extract."""
    sql = " where a.duplicate_of is null"
    params: list[Any] = []
    if not reprocess:
        if version:
            sql += " and (e.article_id is null or e.extractor_version != ?)"
            params.append(version)
        else:
            sql += " and e.article_id is null"
    if since:
        sql += " and a.published >= ?"
        params.append(since)
    return sql, params


_EXTRACTION_FROM = " from articles a left join extractions e on e.article_id = a.id"
_EXTRACTION_COLUMNS = (
    "select a.id, a.url, a.site, a.title, a.lead, a.body, a.published, a.federation"
)


def articles_for_extraction(
    db: sqlite_utils.Database,
    since: str | None = None,
    reprocess: bool = False,
    version: str = "",
) -> list[dict]:
    """Articles still to extract: no extraction yet, or one made by another `version` (all of
    them with `reprocess`), published on or after `since`. Duplicates of another article are
    skipped: their figures are already counted once."""
    return [row for batch in iter_articles_for_extraction(db, since, reprocess, version)
            for row in batch]


def count_articles_for_extraction(
    db: sqlite_utils.Database, since: str | None = None, reprocess: bool = False,
    version: str = "",
) -> int:
    where, params = _extraction_query(since, reprocess, version)
    return db.execute("select count(*)" + _EXTRACTION_FROM + where, params).fetchone()[0]


def iter_articles_for_extraction(
    db: sqlite_utils.Database, since: str | None = None, reprocess: bool = False,
    version: str = "", batch: int = 500,
) -> Iterator[list[dict]]:
    """`articles_for_extraction` in batches of `batch` rows, in id order.

    Each batch is one short query that resumes after the last id seen (no cursor stays open
    across the caller's writes), so a store of any size is walked in bounded memory."""
    where, params = _extraction_query(since, reprocess, version)
    last = 0
    while True:
        cursor = db.execute(
            _EXTRACTION_COLUMNS + _EXTRACTION_FROM + where + " and a.id > ? order by a.id"
            " limit ?", [*params, last, batch])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor]
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def extraction_from_json(data: dict[str, Any]) -> Extraction:
    """An Extraction from its JSON form (the output contract plus extractor_version)."""
    return Extraction(
        organisations=[
            OrgMention(o["text"], int(o["start"]), int(o["end"]), o["canonical"],
                       float(o.get("score", 1.0)))
            for o in data.get("organisations", [])
        ],
        indicators=[_indicator_from_json(i) for i in data.get("indicators", [])],
        extractor_version=data.get("extractor_version", ""),
    )


LATER_FIELDS = ("status", "range_max", "per", "change", "base_value")


def _indicator_from_json(data: dict[str, Any]) -> Indicator:
    indicator = Indicator.from_json(data)
    for name in LATER_FIELDS:
        if data.get(name) is not None and name not in Indicator.__dataclass_fields__:
            setattr(indicator, name, data[name])
    return indicator


def import_records(db: sqlite_utils.Database, records: list[dict[str, Any]]) -> int:
    """Store {"article": {...Article fields}, "extraction": {...}} records; returns how many.

    Used for bundled example data (tests/fixtures) and for extractions made elsewhere.
    """
    for record in records:
        fields = {k: v for k, v in record["article"].items() if k in Article.__dataclass_fields__}
        article_id, _ = upsert_article(db, Article(**fields))
        save_extraction(db, article_id, extraction_from_json(record.get("extraction", {})))
    return len(records)
