"""The one command line: `unionnews SUBCOMMAND`. Each subcommand lives in unionnews/commands/.

Command modules import their heavy libraries (torch, scrapy, underthesea) inside the command
body, so `unionnews --help` stays fast.
"""

from __future__ import annotations

import importlib
import sys

import click

from unionnews import __version__
from unionnews.errors import UsageFailure  # noqa: F401  (re-exported for command modules)

# Module path → attribute holding the click command. A command is listed only once it works.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("unionnews.commands.crawl", "crawl"),
    ("unionnews.commands.ingest", "ingest"),
    ("unionnews.commands.train", "train"),
    ("unionnews.commands.search", "search"),
    ("unionnews.commands.timeline", "timeline"),
    ("unionnews.commands.serve", "serve"),
    ("unionnews.commands.extract", "extract_text"),
    ("unionnews.commands.extract", "extract_store"),
    ("unionnews.commands.evaluate", "evaluate"),
    ("unionnews.commands.evaluate", "calibrate"),
    ("unionnews.commands.promises", "promises"),
    ("unionnews.commands.review", "review"),
    ("unionnews.commands.review", "export_gold"),
    ("unionnews.commands.sites", "sites"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unionnews")
def cli() -> None:
    """Crawl Vietnamese trade-union news and extract organisations, targets and results."""


for _module, _attr in COMMANDS:
    cli.add_command(getattr(importlib.import_module(_module), _attr))


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("unionnews: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
