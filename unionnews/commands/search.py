"""`unionnews search`: find indicators (or articles) in the store, accents optional.

    unionnews search "thoa uoc" --kind target
    unionnews search "" --org "LĐLĐ quận Thanh Xuân" --metric members_new --format csv
    unionnews search "cong doan thu do" --articles --from 2023
"""

from __future__ import annotations

from pathlib import Path

import click

from nlp.model import KINDS, METRICS
from unionnews.errors import UsageFailure
from unionnews.store import DEFAULT_DB


def open_existing_store(path: Path):
    """The store at `path`, read-only, or a one-line usage error when there is none."""
    from unionnews.readonly import open_readonly

    return open_readonly(path)


TABLE_COLUMNS = ("id", "period", "kind", "metric", "value", "unit", "org", "status", "sentence",
                 "url")
ARTICLE_TABLE_COLUMNS = ("published", "site", "title", "url")


@click.command("search")
@click.argument("query")
@click.option("--org", default=None, help="Organisation: canonical name, site key or words of it.")
@click.option("--metric", type=click.Choice(METRICS), default=None)
@click.option("--kind", type=click.Choice(KINDS), default=None)
@click.option("--from", "year_from", type=click.IntRange(1900, 2200), default=None,
              help="First year (figures whose period overlaps the range).")
@click.option("--to", "year_to", type=click.IntRange(1900, 2200), default=None,
              help="Last year.")
@click.option("--site", default=None, help="Registry key of the source site.")
@click.option("--articles", is_flag=True, help="Search articles (title, lead, body) instead.")
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
def search(query: str, org: str | None, metric: str | None, kind: str | None,
           year_from: int | None, year_to: int | None, site: str | None, articles: bool,
           limit: int, fmt: str, db_path: Path) -> None:
    """Search indicators whose sentence, organisation or metric contain every word of QUERY
    ("" for all). Accents, tone-mark placement, đ and case are ignored."""
    from unionnews.output import as_csv, as_json, as_table
    from unionnews.search import (
        ARTICLE_COLUMNS,
        INDICATOR_COLUMNS,
        Filters,
        UnknownOrganisation,
        search_articles,
        search_indicators,
    )

    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageFailure(f"--from {year_from} is after --to {year_to}")
    if articles and (metric or kind):
        raise UsageFailure("--metric and --kind filter indicators, not --articles")
    db = open_existing_store(db_path)
    filters = Filters(org=org, metric=metric, kind=kind, year_from=year_from,
                      year_to=year_to, site=site, limit=limit)
    try:
        rows = (search_articles if articles else search_indicators)(db, query, filters)
    except UnknownOrganisation as exc:
        raise UsageFailure(str(exc)) from None
    columns = ARTICLE_COLUMNS if articles else INDICATOR_COLUMNS
    if fmt == "json":
        click.echo(as_json(rows), nl=False)
    elif fmt == "csv":
        click.echo(as_csv(rows, columns), nl=False)
    else:
        for row in rows:
            if not articles:
                start, end = row["period_from"], row["period_to"]
                row["period"] = f"{start}" if start == end else f"{start}-{end}"
        click.echo(as_table(rows, ARTICLE_TABLE_COLUMNS if articles else TABLE_COLUMNS),
                   nl=False)
    click.echo(f"search: {len(rows)} row(s)", err=True)
