"""`unionnews serve`: the editors' UI (Datasette) on the store, read-only.

    unionnews serve --db data/unionnews.db --port 8001
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import click

from unionnews.commands.search import open_existing_store
from unionnews.errors import UsageFailure
from unionnews.store import DEFAULT_DB


@click.command("serve")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--immutable", is_flag=True,
              help="Serve a finished snapshot (faster; nothing may write to it meanwhile).")
def serve(db_path: Path, port: int, host: str, immutable: bool) -> None:
    """Browse and search the store in Datasette (facets, full text, canned queries)."""
    from unionnews.organisations import seed_organisations
    from unionnews.serve import datasette_args, metadata

    # Bring the schema up to date and fold the WAL into the file before read-only serving.
    db = open_existing_store(db_path)
    try:
        seed_organisations(db)  # the registry's site keys, for the canned queries
    except Exception as exc:  # a broken registry only costs the site-key shortcut
        click.echo(f"serve: site registry not loaded: {exc}", err=True)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with tempfile.TemporaryDirectory(prefix="unionnews-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata(db_path.stem), ensure_ascii=False),
                                 encoding="utf-8")
        click.echo(f"serve: http://{host}:{port}/{db_path.stem}", err=True)
        try:
            completed = subprocess.run(
                datasette_args(db_path, metadata_path, host, port, immutable), check=False)
        except KeyboardInterrupt:
            return
        except OSError as exc:
            raise UsageFailure(f"cannot start datasette: {exc}") from None
    if completed.returncode not in (0, -2, 130):
        raise UsageFailure(f"datasette exited with status {completed.returncode}")
