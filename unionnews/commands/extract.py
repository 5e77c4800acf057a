"""`unionnews extract-text` (one article → contract JSON) and `unionnews extract` (the store)."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date

import click

MAX_BYTES = 2 * 1024 * 1024  # one news article is far below this; bigger input is not an article


def _fail(message: str) -> click.ClickException:
    from unionnews.errors import UsageFailure

    return UsageFailure(message)


def _read_text(source: str) -> str:
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(f"cannot read {source}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise _fail(f"input is larger than {limit} MB: give one article at a time")
    if b"\x00" in raw:
        raise _fail("input looks binary (NUL bytes); give UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(f"input is not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise _fail("input is empty: nothing to extract")
    return text


def _check_date(value: str | None, option: str = "--published") -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _fail(f"{option} must be YYYY-MM-DD, got {value!r}") from None


def _warn(message: str) -> None:
    click.echo(f"unionnews: {message}", err=True)


def _tagger(backend: str, model: str | None, strict: bool):
    from nlp.pipeline import get_tagger

    try:
        return get_tagger(backend, model, strict=strict)
    except Exception as exc:  # ModelMissing: the message says how to get the weights
        raise _fail(f"{backend} model not available: {exc}") from None


def _spec(components: tuple[str, ...]):
    """The configured pipeline with the CLI's replacements; one line when they are wrong."""
    from nlp.components import ComponentError, configured, parse_replacements

    try:
        spec = configured(parse_replacements(components))
        spec.components()  # load the replacements now, so a bad one fails before any work
    except ComponentError as exc:
        raise _fail(str(exc)) from None
    return spec


_COMPONENT_HELP = ("replace a pipeline component by name with a function of yours "
                   "(NAME=MODULE:FUNCTION; repeatable; names: zones, segment, orgs, figures, "
                   "indicators, repeats, decide, score)")


@click.command("extract-text")
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option("--published", help="publication date YYYY-MM-DD (resolves periods)")
@click.option("--site", help="source site domain (regional context), e.g. laodongthudo.vn")
@click.option("--backend", type=click.Choice(["crf", "phobert", "rules"]), default="crf",
              show_default=True, help="organisation tagger next to the rules")
@click.option("--model", "model_dir", help="tagger model directory or file")
@click.option("--component", "components", multiple=True, metavar="NAME=MODULE:FUNCTION",
              help=_COMPONENT_HELP)
def extract_text(source: str, published: str | None, site: str | None, backend: str,
                 model_dir: str | None, components: tuple[str, ...]) -> None:
    """Extract organisations and indicators from one article's text; JSON on stdout."""
    published = _check_date(published)
    spec = _spec(components)
    text = _read_text(source)
    from nlp.pipeline import extract
    from unionnews.context import build_context

    # An explicitly chosen model must load; the default crf falls back to rules with a warning.
    tagger = _tagger(backend, model_dir, strict=model_dir is not None or backend == "phobert")
    result = extract(text, build_context(published, site, warn=_warn), tagger, spec)
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))


@click.command("extract")
@click.option("--db", "db_path", default="data/unionnews.db", show_default=True,
              help="SQLite store")
@click.option("--since", help="only articles published on or after YYYY-MM-DD")
@click.option("--reprocess", is_flag=True, help="extract again articles already done")
@click.option("--backend", type=click.Choice(["crf", "phobert", "rules"]), default="crf",
              show_default=True)
@click.option("--model", "model_dir", help="tagger model directory or file")
@click.option("--component", "components", multiple=True, metavar="NAME=MODULE:FUNCTION",
              help=_COMPONENT_HELP)
@click.option("--workers", type=click.IntRange(min=1),
              help="worker processes, each loading the models once  [default: the cores]")
def extract_store(db_path: str, since: str | None, reprocess: bool, backend: str,
                  model_dir: str | None, components: tuple[str, ...],
                  workers: int | None) -> None:
    """Run the extractor over stored articles (progress on stderr); re-running adds nothing.
    Killed at any point, it is run again to finish: articles are saved one by one."""
    since = _check_date(since, "--since")
    spec = _spec(components)
    from pathlib import Path

    from tqdm import tqdm

    from nlp.pipeline import extractor_version
    from unionnews import store
    from unionnews.extract_pool import (
        TaggerChoice,
        WorkerDied,
        default_workers,
        extract_articles,
    )

    if not Path(db_path).exists():
        raise _fail(f"no store at {db_path}; crawl first: unionnews crawl all --db "
                    f"{shlex.quote(db_path)}")
    try:
        db = store.open_store(db_path)
    except store.StoreError as exc:
        raise _fail(str(exc)) from None
    # The stored extractions came from a model: never replace them with rules-only ones
    # because the model asked for is missing.
    choice = TaggerChoice(backend, model_dir, model_dir is not None or backend == "phobert")
    tagger = _tagger(backend, model_dir, choice.strict)
    version = extractor_version(tagger, spec)
    total = store.count_articles_for_extraction(db, since, reprocess, version)
    rows = (row for batch in store.iter_articles_for_extraction(db, since, reprocess, version)
            for row in batch)
    done = found = 0
    results = extract_articles(rows, workers=min(workers or default_workers(), max(total, 1)),
                               tagger=tagger, choice=choice, version=version, warn=_warn,
                               spec=spec)
    try:
        for article_id, result in tqdm(results, total=total, desc="extract", unit="article",
                                       file=sys.stderr):
            if result is None:
                continue
            store.save_extraction(db, article_id, result)
            done += 1
            found += len(result.indicators)
    except WorkerDied as exc:
        raise click.ClickException(
            f"{exc}; {done} articles saved — run the command again to do the rest") from None
    click.echo(f"extract: {done} articles, {found} indicators ({version})", err=True)
