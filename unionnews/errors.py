"""Errors every command shares (kept apart from cli.py so command modules never import it)."""

from __future__ import annotations

import click


class UsageFailure(click.ClickException):
    """A one-line error for bad input: printed without a traceback, exit code 2."""

    exit_code = 2
