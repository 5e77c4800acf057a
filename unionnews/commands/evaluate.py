"""`unionnews evaluate` (scores against gold) and `unionnews calibrate` (the score model)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from unionnews.errors import UsageFailure

GROUPINGS = ("site", "region", "set")


def _gold(split: str | None, data_path: str | None) -> list[dict]:
    from corpus.build import CorpusError, load_gold

    try:
        records = load_gold(split, Path(data_path) if data_path else None)
    except (OSError, CorpusError, json.JSONDecodeError, KeyError) as exc:
        raise UsageFailure(f"cannot read gold data: {exc}") from None
    if not records:
        raise UsageFailure("no gold records to evaluate")
    return records


def _say(message: str) -> None:
    click.echo(message, err=True)


@click.command("evaluate")
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default="dev",
              show_default=True, help="gold split (cross-validation uses every split)")
@click.option("--data", "data_path", type=click.Path(dir_okay=False),
              help="a gold JSONL file instead of a split")
@click.option("--cross-validate-by", "by", type=click.Choice(GROUPINGS),
              help="hold out each site, region or annotation set in turn; train on the rest")
@click.option("--backend", type=click.Choice(["crf", "phobert", "rules"]), default="crf",
              show_default=True)
@click.option("--model", "model_dir", help="tagger model directory or file")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              help="write the full report (with every error) as JSON here")
@click.option("--curve", "curve_path", type=click.Path(dir_okay=False),
              help="draw the precision–coverage curve to this PNG")
@click.option("--errors", "show_errors", is_flag=True, help="list each error on stderr")
@click.option("--decisions", type=click.Choice(["learned", "rules"]), default="learned",
              show_default=True,
              help="with --cross-validate-by: kind and metric from models fit per fold, or "
                   "from the rules alone (to compare the two)")
def evaluate(split: str, data_path: str | None, by: str | None, backend: str,
             model_dir: str | None, fmt: str, out_path: str | None, curve_path: str | None,
             show_errors: bool, decisions: str) -> None:
    """Precision, recall, fully right records, calibration and publish precision against
    gold annotations; held out by source with --cross-validate-by."""
    from tqdm import tqdm

    from nlp import evaluate as ev
    from nlp.pipeline import get_tagger
    from unionnews.context import build_context

    records = _gold(None if split == "all" or by else split, data_path)
    if by:
        if model_dir or backend == "phobert":
            raise UsageFailure("cross-validation trains its own crf tagger per fold: use "
                               "--backend crf or rules")
        try:
            rep = ev.cross_validate(records, by, backend, build_context, progress=_say,
                                    learned_decisions=decisions == "learned")
        except ValueError as exc:
            raise UsageFailure(str(exc)) from None
        rep.pop("predictions")
        text = ev.format_cross_validation(rep)
        pooled = rep["pooled"]
    else:
        try:
            tagger = get_tagger(backend, model_dir, strict=model_dir is not None or
                                backend == "phobert")
        except Exception as exc:
            raise UsageFailure(f"{backend} model not available: {exc}") from None
        rep = ev.evaluate_records(records, tagger, build_context,
                                  progress=lambda r: tqdm(r, desc="evaluate", file=sys.stderr))
        text = ev.format_report(rep)
        pooled = rep
    errors = pooled.get("errors", [])
    if fmt == "json":
        click.echo(json.dumps({k: v for k, v in rep.items() if k != "errors"},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(text)
    if show_errors:
        for e in errors:
            click.echo(json.dumps(e, ensure_ascii=False), err=True)
    if out_path:
        Path(out_path).write_text(json.dumps(rep, ensure_ascii=False, indent=2),
                                  encoding="utf-8")
    if curve_path:
        title = f"held out by {by}" if by else f"{split} split ({backend})"
        ev.plot_precision_coverage(pooled, curve_path, title)


@click.command("calibrate")
@click.option("--by", type=click.Choice(GROUPINGS), default="set", show_default=True,
              help="the held-out groups the score is fit on")
@click.option("--backend", type=click.Choice(["crf", "rules"]), default="crf",
              show_default=True)
@click.option("--splits", default="train,dev", show_default=True,
              help="gold splits to fit on; the test split (with the blind sets) stays out")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="where to write the score model (default models/score.json)")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="also write the held-out report the model was fit on (JSON)")
def calibrate(by: str, backend: str, splits: str, out_path: Path | None,
              report_path: Path | None) -> None:
    """Fit the record score on held-out predictions (cross-validated by set) and choose the
    publish threshold; writes models/score.json."""
    from nlp import evaluate as ev
    from nlp.score import DEFAULT_SCORE_MODEL
    from unionnews.context import build_context

    chosen = [s.strip() for s in splits.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in ("train", "dev", "test")]
    if unknown or not chosen:
        raise UsageFailure(f"--splits takes train, dev and test, got {splits!r}")
    records = [r for split in chosen for r in _gold(split, None)]
    try:
        cv = ev.cross_validate(records, by, backend, build_context, progress=_say)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None
    model = ev.fit_final_score_model(cv)
    if model is None:
        raise UsageFailure("the held-out predictions are all right or all wrong: no score "
                           "model can be fit")
    target = out_path or DEFAULT_SCORE_MODEL
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = model.to_json()
    payload["trained_on"]["splits"] = chosen
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    if report_path:
        kept = {k: v for k, v in cv.items() if k != "predictions"}
        kept["pooled"] = {k: v for k, v in cv["pooled"].items() if k != "errors"}
        report_path.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
    _say(f"calibrate: {len(cv['predictions'])} held-out records, publish threshold "
         f"{model.threshold:.4f}; wrote {target}")
