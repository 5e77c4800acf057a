"""`unionnews serve`: the editors' UI (Datasette) on the store.

    unionnews serve --db data/unionnews.db --port 8001
    UNIONNEWS_EDITOR_TOKEN=secret unionnews serve      # editors sign in at /-/editor-login

Datasette runs inside this process: stopping the command (Ctrl-C, SIGTERM) stops the server.
The store is never created, migrated or changed by serving it; only an editor's review writes.
"""

from __future__ import annotations

import os
import shlex
import socket
from pathlib import Path

import click

from unionnews.errors import UsageFailure
from unionnews.store import DEFAULT_DB


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageFailure(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@click.command("serve")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="0 picks a free port (the one used is printed).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--immutable", is_flag=True,
              help="Serve a finished snapshot (faster, works in a read-only folder; no "
                   "reviews can be written to it).")
def serve(db_path: Path, port: int, host: str, immutable: bool) -> None:
    """Browse and search the store in Datasette (facets, full text, the promise tracker, the
    review desk for signed-in editors)."""
    import asyncio

    import uvicorn

    from unionnews.readonly import open_readonly, snapshot_is_read_only
    from unionnews.serve import build_datasette

    open_readonly(db_path).close()  # a clear one-line error for a missing or foreign file
    if not immutable and snapshot_is_read_only(db_path):
        click.echo(f"serve: {db_path} cannot be written: serving it as an immutable snapshot",
                   err=True)
        immutable = True
    datasette = build_datasette(db_path, immutable)
    asyncio.run(datasette.invoke_startup())
    sock = _bind(host, port)
    real_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serve: http://{shown}:{real_port}/{db_path.stem} (stop with Ctrl-C)", err=True)
    if immutable:
        click.echo("serve: an immutable snapshot: read-only for everyone", err=True)
    elif os.environ.get("UNIONNEWS_EDITOR_TOKEN"):
        click.echo(f"serve: editors sign in at http://{shown}:{real_port}/-/editor-login",
                   err=True)
    else:
        # A command to paste: it makes a fresh secret for the editors.
        click.echo("serve: read-only for everyone; to let editors write reviews, run:\n"
                   "  UNIONNEWS_EDITOR_TOKEN=$(python3 -c 'import secrets; "
                   "print(secrets.token_urlsafe(16))') unionnews serve --db "
                   f"{shlex.quote(str(db_path))}", err=True)
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
    click.echo(f"serve: stopped; restart with: unionnews serve --db {shlex.quote(str(db_path))}",
               err=True)
