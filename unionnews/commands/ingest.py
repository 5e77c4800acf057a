"""`unionnews ingest`: store the articles crawl processes queued on a Redis frontier."""

from __future__ import annotations

import time

import click


@click.command("ingest")
@click.option("--frontier", required=True, metavar="redis://HOST:PORT/DB",
              help="the Redis frontier the crawls were given")
@click.option("--db", "db_path", default="data/unionnews.db", show_default=True,
              help="SQLite store")
@click.option("--wait", "wait_s", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="seconds to wait for more articles before stopping (crawls still running)")
def ingest(frontier: str, db_path: str, wait_s: float) -> None:
    """Store the queued articles (the store's only writer); killed, it is run again."""
    from unionnews.commands.crawl import check_frontier
    from unionnews.crawl_queue import connect, drain
    from unionnews.errors import UsageFailure
    from unionnews.store import StoreError, open_store

    check_frontier(frontier)
    try:
        client = connect(frontier)
    except Exception as exc:  # redis' ConnectionError and friends: one line
        raise UsageFailure(f"cannot reach the frontier {frontier}: {exc}") from None
    try:
        db = open_store(db_path)
    except StoreError as exc:
        raise UsageFailure(str(exc)) from None
    started = last = time.monotonic()

    def progress(stored: int, waiting: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 2:
            last = now
            rate = stored / (now - started)
            click.echo(f"ingest: stored {stored} ({rate:.1f} articles/s) · queued {waiting}",
                       err=True)

    stored, known = drain(client, db, progress, wait_s)
    db.close()
    click.echo(f"ingest: {stored} articles stored, {known} already in the store · {db_path}",
               err=True)
