"""`unionnews evaluate`: score the extractor on a gold split (P/R/F1 and accuracies)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("evaluate")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="dev",
              show_default=True)
@click.option("--data", "data_path", type=click.Path(dir_okay=False),
              help="a gold JSONL file instead of a split")
@click.option("--backend", type=click.Choice(["crf", "phobert", "rules"]), default="crf",
              show_default=True)
@click.option("--model", "model_dir", help="tagger model directory or file")
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              help="write the full report (with every error) as JSON here")
@click.option("--errors", "show_errors", is_flag=True, help="list each error on stderr")
def evaluate(split: str, data_path: str | None, backend: str, model_dir: str | None,
             out_path: str | None, show_errors: bool) -> None:
    """Precision, recall and F1 of organisations and indicators against gold annotations."""
    from tqdm import tqdm

    from corpus.build import CorpusError, load_gold
    from nlp.evaluate import evaluate_records, format_report
    from nlp.pipeline import get_tagger
    from unionnews.errors import UsageFailure

    try:
        records = load_gold(split, Path(data_path) if data_path else None)
    except (OSError, CorpusError, json.JSONDecodeError, KeyError) as exc:
        raise UsageFailure(f"cannot read gold data: {exc}") from None
    if not records:
        raise UsageFailure("no gold records to evaluate")
    try:
        tagger = get_tagger(backend, model_dir, strict=model_dir is not None)
    except Exception as exc:
        raise UsageFailure(f"{backend} model not available: {exc}") from None
    report = evaluate_records(
        records, tagger, progress=lambda r: tqdm(r, desc="evaluate", file=sys.stderr))
    click.echo(format_report(report))
    if tagger is not None:
        try:
            from nlp.taggers import seqeval_report

            click.echo("\ntagger (seqeval, word level):\n" + seqeval_report(tagger, records))
        except ImportError:
            pass
    if show_errors:
        for e in report["errors"]:
            click.echo(json.dumps(e, ensure_ascii=False), err=True)
    if out_path:
        Path(out_path).write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                  encoding="utf-8")
