"""`unionnews promises BODY`: every target a body set beside the results that answer it.

    unionnews promises "LĐLĐ quận Thanh Xuân"
    unionnews promises laodongthudo --term 2023-2028 --format html --out hanoi_promises.html
    unionnews promises "lien doan lao dong thanh pho ha noi" --metric members_new --format json
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from nlp.model import METRICS
from unionnews.errors import UsageFailure
from unionnews.store import DEFAULT_DB

TABLE_COLUMNS = ("period", "metric", "target", "result", "completion", "status", "flag")


def _term(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    found = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", value)
    if not found or int(found[1]) > int(found[2]):
        raise UsageFailure(f"--term takes two years like 2023-2028, not {value!r}")
    return int(found[1]), int(found[2])


@click.command("promises")
@click.argument("body")
@click.option("--term", help="Only targets inside this term, e.g. 2023-2028.")
@click.option("--metric", type=click.Choice(METRICS), default=None)
@click.option("--include-check", is_flag=True,
              help="Count figures still to be checked by an editor (status check) too.")
@click.option("--max-completion", type=click.FloatRange(min=1.0), default=None,
              help="Completion ratio above which a pairing is flagged, not shown "
                   "(default 5, i.e. 500 %).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "html"]),
              default="table", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write here instead of standard output.")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
def promises(body: str, term: str | None, metric: str | None, include_check: bool,
             max_completion: float | None, fmt: str, out: Path | None, db_path: Path) -> None:
    """Targets of BODY (a canonical name, accents optional, or a site key) with the results
    that answer them, a status (đạt, vượt, chưa đạt, đang thực hiện, không có số liệu) and
    the completion. In JSON `completion` is a ratio: 1.0 = 100 %."""
    from unionnews.output import as_csv, as_json, as_table
    from unionnews.promises import (
        MAX_PLAUSIBLE_COMPLETION,
        PROMISE_COLUMNS,
        promise_row,
        promises_for,
        promises_html,
    )
    from unionnews.readonly import open_readonly
    from unionnews.timeline import UnknownFederation, resolve_federation

    span = _term(term)
    db = open_readonly(db_path)
    try:
        body_id, name = resolve_federation(db, body)
    except UnknownFederation as exc:
        raise UsageFailure(str(exc)) from None
    found = promises_for(db, body_id, metric=metric, term=span, include_check=include_check,
                         max_completion=max_completion or MAX_PLAUSIBLE_COMPLETION)
    db.close()
    if fmt == "json":
        text = as_json({"body": name, "term": term, "include_check": include_check,
                        "promises": [p.to_json() for p in found]})
    elif fmt == "html":
        text = promises_html(found, name)
    elif fmt == "csv":
        text = as_csv([promise_row(p) for p in found], PROMISE_COLUMNS)
    else:
        text = as_table([promise_row(p) for p in found], TABLE_COLUMNS)
    if out is None:
        click.echo(text, nl=False)
    else:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageFailure(f"cannot write {out}: {exc.strerror}") from None
        click.echo(f"promises: wrote {out}", err=True)
    hint = "" if include_check else " (publish figures only; --include-check for all)"
    click.echo(f"promises: {name}: {len(found)} target(s){hint}", err=True)
