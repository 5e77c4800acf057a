"""`unionnews timeline`: a federation's targets and results over time.

    unionnews timeline "Liên đoàn Lao động thành phố Hà Nội" --metric members_new
    unionnews timeline laodongthudo --format html --out hanoi.html
    unionnews timeline "lien doan lao dong thanh pho ha noi" --format png --out hanoi.png
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nlp.model import METRICS
from unionnews.commands.search import open_existing_store
from unionnews.errors import UsageFailure
from unionnews.store import DEFAULT_DB

FORMATS = ("csv", "json", "timelinejs", "html", "png", "svg")


@click.command("timeline")
@click.argument("federation")
@click.option("--metric", type=click.Choice(METRICS), default=None)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write here instead of standard output (required for png).")
@click.option("--include-check", is_flag=True,
              help="Chart and pair figures an editor has still to check (always listed).")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
def timeline(federation: str, metric: str | None, fmt: str, out: Path | None,
             include_check: bool, db_path: Path) -> None:
    """Every figure of FEDERATION (a canonical name, accents optional, or a registry site key)
    and of the bodies under it, each body its own series, targets beside results. Charts are
    small multiples, one per metric, of the federation's own confirmed figures."""
    from unionnews.output import as_csv, as_json
    from unionnews.timeline import (
        COLUMNS,
        UnknownFederation,
        any_invented,
        html_page,
        render_chart,
        resolve_federation,
        timeline_rows,
        timelinejs,
    )

    if fmt == "png" and out is None:
        raise UsageFailure("--format png needs --out FILE")
    db = open_existing_store(db_path)
    try:
        federation_id, name = resolve_federation(db, federation)
    except UnknownFederation as exc:
        raise UsageFailure(str(exc)) from None
    rows = timeline_rows(db, federation_id, metric, include_check)
    click.echo(f"timeline: {name}: {len(rows)} figure(s)", err=True)
    if fmt in ("png", "svg"):
        data = render_chart(rows, name, fmt, metric, include_check)
    elif fmt == "html":
        data = html_page(rows, name, metric, include_check).encode("utf-8")
    elif fmt == "timelinejs":
        data = as_json(timelinejs(rows, name)).encode("utf-8")
    elif fmt == "json":
        data = as_json({"federation": name, "invented_data": any_invented(rows),
                        "rows": rows}).encode("utf-8")
    else:
        data = as_csv(rows, COLUMNS).encode("utf-8")
    db.close()
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise UsageFailure(f"cannot write {out}: {exc.strerror}") from None
    click.echo(f"timeline: wrote {out}", err=True)
