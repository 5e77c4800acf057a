"""`unionnews review` and `unionnews export-gold`: the editors' review desk.

    unionnews review --queue                       # check figures, most important first
    unionnews review 42                            # show figure 42
    unionnews review 42 --ok --by "Lan"            # right as extracted
    unionnews review 42 --reject --by "Lan"        # not a figure, or wrong beyond repair
    unionnews review 42 --set value=18000 --set period=2023-2028 --by "Lan"
    unionnews export-gold --out reviewed.jsonl     # for `unionnews train --train-file`
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import click

from unionnews.errors import UsageFailure
from unionnews.store import DEFAULT_DB

QUEUE_COLUMNS = ("id", "period", "kind", "metric", "value", "unit", "org", "score", "sentence")


def _reviewer(by: str | None) -> str:
    if by:
        return by
    try:
        return os.environ.get("UNIONNEWS_EDITOR") or getpass.getuser()
    except Exception:  # no login name (a container): the editor must say who they are
        raise UsageFailure("say who reviews with --by NAME (or set UNIONNEWS_EDITOR)") from None


def _open_for_writing(db_path: Path):
    from unionnews.store import StoreError, open_store

    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise UsageFailure(f"no store at {db_path} (crawl and extract first, or pass --db)")
    try:
        return open_store(db_path)
    except StoreError as exc:
        raise UsageFailure(str(exc)) from None


@click.command("review")
@click.argument("figure_id", type=int, required=False)
@click.option("--ok", "verdict", flag_value="ok", help="The figure is right as extracted.")
@click.option("--reject", "verdict", flag_value="rejected",
              help="The figure is wrong (or no figure): it counts nowhere.")
@click.option("--set", "corrections", multiple=True, metavar="FIELD=VALUE",
              help="Correct a field: value, kind, metric, org, period (2024, 2023-2028, "
                   "2023-2028/annual), unit, qualifier. Repeatable.")
@click.option("--by", help="Who reviews (default: $UNIONNEWS_EDITOR or the login name).")
@click.option("--queue", is_flag=True, help="List the check figures awaiting review.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
def review(figure_id: int | None, verdict: str | None, corrections: tuple[str, ...],
           by: str | None, queue: bool, limit: int, fmt: str, db_path: Path) -> None:
    """Show, accept, reject or correct figure FIGURE_ID; or list the review queue. A review
    survives `extract --reprocess` and overrides the model everywhere."""
    from unionnews.labels import format_period
    from unionnews.output import as_csv, as_json, as_table
    from unionnews.readonly import open_readonly
    from unionnews.review import (
        RECORD_COLUMNS,
        ReviewError,
        figure_record,
        parse_correction,
        record_review,
        review_queue,
    )

    if queue:
        if figure_id is not None or verdict or corrections:
            raise UsageFailure("--queue lists figures; give no FIGURE_ID, --ok, --reject, --set")
        rows = review_queue(open_readonly(db_path), limit)
        if fmt == "json":
            click.echo(as_json(rows), nl=False)
        elif fmt == "csv":
            click.echo(as_csv(rows, RECORD_COLUMNS), nl=False)
        else:
            for row in rows:
                row["period"] = format_period(row["period_from"], row["period_to"])
            click.echo(as_table(rows, QUEUE_COLUMNS), nl=False)
        click.echo(f"review: {len(rows)} figure(s) to check", err=True)
        return
    if figure_id is None:
        raise UsageFailure("give a FIGURE_ID, or --queue")
    if verdict and corrections:
        raise UsageFailure("--ok and --reject take no --set; --set alone records a correction")
    fields: dict = {}
    try:
        for pair in corrections:
            name, sep, value = pair.partition("=")
            if not sep:
                raise UsageFailure(f"--set takes FIELD=VALUE, not {pair!r}")
            fields.update(parse_correction(name.strip(), value))
        if verdict or fields:
            db = _open_for_writing(db_path)
            record_review(db, figure_id, verdict or "corrected", _reviewer(by), fields)
        else:
            db = open_readonly(db_path)
        record = figure_record(db, figure_id)
    except ReviewError as exc:
        raise UsageFailure(str(exc)) from None
    if fmt == "json":
        click.echo(as_json(record), nl=False)
        return
    review_note = record.pop("review")
    lines = [f"{name:>11}: {'' if value is None else value}" for name, value in record.items()]
    if review_note:
        lines.append(f"{'review':>11}: " + ", ".join(f"{k}={v}" for k, v in review_note.items()))
    click.echo("\n".join(lines))


@click.command("export-gold")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="JSONL file to write (default: standard output).")
@click.option("--partial", is_flag=True,
              help="Also articles only partly reviewed (their other figures are the model's).")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
def export_gold(out: Path | None, partial: bool, db_path: Path) -> None:
    """Write reviewed articles as gold corpus records, which `unionnews train --train-file`
    accepts: the newsroom's corrections teach the next model."""
    import json

    from unionnews.readonly import open_readonly
    from unionnews.review import export_gold as build

    records = build(open_readonly(db_path), partial)
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    if out is None:
        sys.stdout.write(data)
    else:
        try:
            out.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageFailure(f"cannot write {out}: {exc.strerror}") from None
    where = "" if out is None else f" to {out}"
    click.echo(f"export-gold: {len(records)} reviewed article(s){where}", err=True)
