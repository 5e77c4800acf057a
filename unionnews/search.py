"""Search the store: full text that ignores accents, tone-mark placement, đ and case.

Both indexes hold folded text (unionnews.folding.fold); a user query is folded the same way and
every word quoted, so "thoa uoc" finds "thỏa ước" and "thoả ước", and a query such as
`"NEAR(x -y*` is searched as the words it contains instead of raising a syntax error.
Newest rows come first: FTS5 walks its index in rowid order, so a LIMIT stops early.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from unionnews.folding import fts_query
from unionnews.store import find_organisations

INDICATOR_COLUMNS = (
    "id", "org", "metric", "kind", "value", "target_value", "unit", "qualifier",
    "period_from", "period_to", "recurring", "text", "sentence", "score", "url", "title",
    "site", "published", "article_id", "status", "review_state",
)


class UnknownOrganisation(ValueError):
    """--org names no organisation in the store."""


@dataclass
class Filters:
    org: str | None = None
    metric: str | None = None
    kind: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    site: str | None = None
    limit: int = 100


def _organisation_clause(db: sqlite_utils.Database, column: str, org: str) -> tuple[str, list]:
    ids = find_organisations(db, org)
    if not ids:
        raise UnknownOrganisation(f"no organisation matches {org!r}")
    return f"{column} in ({','.join('?' * len(ids))})", ids


def search_indicators(
    db: sqlite_utils.Database, query: str | None, filters: Filters | None = None
) -> list[dict[str, Any]]:
    """Indicators whose sentence, organisation or metric hold every word of `query` (all of
    them when `query` is empty), narrowed by `filters`, newest first."""
    filters = filters or Filters()
    where: list[str] = []
    params: list[Any] = []
    match = fts_query(query)
    if query and query.strip() and match is None:
        return []  # only punctuation: nothing can match it literally
    if match:
        where.append("indicators_fts match ?")
        params.append(match)
    if filters.org:
        clause, ids = _organisation_clause(db, "i.organisation_id", filters.org)
        where.append(clause)
        params += ids
    for column, value in (("i.metric", filters.metric), ("i.kind", filters.kind),
                          ("i.site", filters.site)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    # A figure belongs to a year range when its period overlaps it.
    if filters.year_from is not None:
        where.append("i.period_to >= ?")
        params.append(filters.year_from)
    if filters.year_to is not None:
        where.append("i.period_from <= ?")
        params.append(filters.year_to)
    columns = ", ".join(f"i.{c}" for c in INDICATOR_COLUMNS)
    # Figures as editors left them (the `figures` view applies reviews, drops rejections).
    # With words, the index drives: CROSS JOIN keeps FTS5 as the outer loop, walking its
    # matches newest first, so the LIMIT stops the scan early even for common words.
    source = "indicators_fts f cross join figures i on i.id = f.rowid" if match else "figures i"
    sql = (
        f"select {columns} from {source}"
        + (" where " + " and ".join(where) if where else "")
        + (" order by f.rowid desc" if match else " order by i.id desc")
        + " limit ?"
    )
    cursor = db.execute(sql, [*params, filters.limit])
    return [dict(zip(INDICATOR_COLUMNS, row, strict=True)) for row in cursor]


ARTICLE_COLUMNS = ("id", "url", "site", "federation", "title", "lead", "published")


def search_articles(
    db: sqlite_utils.Database, query: str | None, filters: Filters | None = None
) -> list[dict[str, Any]]:
    """Articles whose title, lead or body hold every word of `query`, newest first.

    `filters.org` keeps articles that mention the organisation; years are publication years.
    """
    filters = filters or Filters()
    where: list[str] = []
    params: list[Any] = []
    match = fts_query(query)
    if query and query.strip() and match is None:
        return []
    if match:
        where.append("a.id in (select rowid from articles_fts where articles_fts match ?)")
        params.append(match)
    if filters.org:
        clause, ids = _organisation_clause(db, "m.organisation_id", filters.org)
        where.append(f"a.id in (select m.article_id from org_mentions m where {clause})")
        params += ids
    if filters.site:
        where.append("a.site = ?")
        params.append(filters.site)
    if filters.year_from is not None:
        where.append("a.published >= ?")
        params.append(f"{filters.year_from:04d}")
    if filters.year_to is not None:
        where.append("a.published < ?")
        params.append(f"{filters.year_to + 1:04d}")
    sql = (
        f"select {', '.join('a.' + c for c in ARTICLE_COLUMNS)} from articles a"
        + (" where " + " and ".join(where) if where else "")
        + " order by a.published desc, a.id desc limit ?"
    )
    cursor = db.execute(sql, [*params, filters.limit])
    return [dict(zip(ARTICLE_COLUMNS, row, strict=True)) for row in cursor]
