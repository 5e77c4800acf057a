"""`unionnews train`: train an organisation tagger on the gold corpus.

    unionnews train --backend crf                      # regenerates models/org_crf.crfsuite
    unionnews train --backend phobert --base vinai/phobert-base-v2 --out models/phobert-org
"""

from __future__ import annotations

from pathlib import Path

import click

from unionnews.errors import UsageFailure


def _records(path: Path | None, split: str) -> list[dict]:
    from corpus.build import CorpusError, load_gold

    try:
        records = load_gold(split, path=path)
    except FileNotFoundError as exc:
        raise UsageFailure(
            f"no gold {split} data ({exc.filename}): run `python -m corpus.build` first"
        ) from None
    except (CorpusError, ValueError) as exc:
        raise UsageFailure(f"bad gold {split} data: {exc}") from None
    return records


@click.command("train")
@click.option("--backend", type=click.Choice(["crf", "decisions", "phobert"]), default="crf",
              show_default=True,
              help="crf: the organisation tagger; decisions: the learned kind, metric and "
                   "owner of figures; phobert: fine-tune a PhoBERT tagger and its figure "
                   "decisions (kind, metric, owner) from local weights")
@click.option("--base", default="vinai/phobert-base-v2", show_default=True,
              help="PhoBERT: hub name (from the local cache) or local dir of the base weights.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Where to write the model (crf: a file, default models/org_crf.crfsuite; "
                   "phobert: a directory, required).")
@click.option("--epochs", type=float, default=10.0, show_default=True, help="PhoBERT epochs.")
@click.option("--max-steps", type=int, default=-1, help="PhoBERT: stop after N steps (-1: off).")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--learning-rate", type=float, default=5e-5, show_default=True, help="PhoBERT.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="PhoBERT.")
@click.option("--patience", type=int, default=3, show_default=True,
              help="PhoBERT: stop after N evaluations without a better dev F1.")
@click.option("--train-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=None, help="Gold JSONL to train on (default: corpus/gold/train.jsonl).")
@click.option("--dev-file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=None, help="Gold JSONL to select on (default: corpus/gold/dev.jsonl).")
def train(backend: str, base: str, out: Path | None, epochs: float, max_steps: int, seed: int,
          learning_rate: float, batch_size: int, patience: int,
          train_file: Path | None, dev_file: Path | None) -> None:
    """Train the organisation tagger of BACKEND on the gold corpus."""
    from nlp.taggers import DEFAULT_CRF_MODEL, ModelMissing
    from nlp.taggers.data import labelled_sentences

    train_records = _records(train_file, "train")
    if backend == "decisions":
        _train_decisions(train_records, out)
        return
    if backend == "crf":
        from nlp.taggers.crf import train_crf

        target = out or DEFAULT_CRF_MODEL
        click.echo(f"train: segmenting {len(train_records)} records", err=True)
        sentences = labelled_sentences(train_records)
        click.echo(f"train: CRF on {len(sentences)} sentences", err=True)
        try:
            path = train_crf(sentences, target)
        except ValueError as exc:
            raise UsageFailure(str(exc)) from None
        click.echo(f"train: wrote {path}", err=True)
        return

    from nlp.taggers.phobert import train_phobert

    if out is None:
        raise UsageFailure("--out DIR is required for --backend phobert")
    dev_records = _records(dev_file, "dev")
    try:
        metrics = train_phobert(
            base, out, train_records, dev_records,
            epochs=epochs, max_steps=max_steps, seed=seed,
            batch_size=batch_size, learning_rate=learning_rate, patience=patience,
        )
    except (ModelMissing, ValueError) as exc:
        raise UsageFailure(str(exc)) from None
    click.echo(f"train: wrote {out} (dev F1 {metrics.get('f1', 0.0):.3f})", err=True)
    _train_phobert_figures(base, out, train_records, dev_records, epochs, max_steps, seed,
                           batch_size, learning_rate)


def _train_phobert_figures(base: str, out: Path, train_records: list[dict],
                           dev_records: list[dict], epochs: float, max_steps: int, seed: int,
                           batch_size: int, learning_rate: float) -> None:
    """PhoBERT decides figures too: kind and metric classifiers and the owner ranking beside
    the tagger, trained on the figures the rules find that match a gold one (as the shipped
    linear decisions are)."""
    from nlp.evaluate import extract_records, matched_pairs
    from nlp.taggers.phobert_figures import train_figure_decisions
    from unionnews.context import build_context

    def pairs(records: list[dict]) -> list:
        results = extract_records(records, None, build_context, decided=False)
        return [pair for rec, result in zip(records, results, strict=True)
                for pair in matched_pairs(rec, result)]

    train_pairs, dev_pairs = pairs(train_records), pairs(dev_records)
    if not train_pairs or not dev_pairs:
        click.echo("train: no annotated figures in train and dev: no figure classifiers",
                   err=True)
        return
    scores = train_figure_decisions(base, out, train_pairs, dev_pairs, epochs=epochs,
                                    max_steps=max_steps, seed=seed, batch_size=batch_size,
                                    learning_rate=learning_rate)
    click.echo("train: figure classifiers " + ", ".join(
        f"{name} dev accuracy {acc:.3f}" for name, acc in scores.items()), err=True)


def _train_decisions(records: list[dict], out: Path | None) -> None:
    """Kind and metric models over the rules' features of the training figures, each
    figure paired with its gold annotation; written as JSON (models/decisions.json)."""
    import json
    import sys

    from tqdm import tqdm

    from nlp.decisions import DEFAULT_DECISIONS_MODEL, fit_decisions
    from nlp.evaluate import extract_records, judged_by_source
    from nlp.pipeline import get_tagger
    from unionnews.context import build_context

    tagger = get_tagger("crf")
    results = extract_records(records, tagger, build_context,
                              progress=lambda r: tqdm(r, desc="train", file=sys.stderr),
                              decided=False)
    pairs, sources = judged_by_source(zip(records, results, strict=True))
    if not any(gold for _, gold in pairs):
        raise UsageFailure("no figure of the training records matched its gold annotation")
    models = fit_decisions(pairs, {"records": len(records)}, sources)
    target = out or DEFAULT_DECISIONS_MODEL
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(models.to_json(), ensure_ascii=False, sort_keys=True) + "\n",
                   encoding="utf-8")
    tmp.replace(target)
    click.echo(f"train: decisions on {len(pairs)} figures; wrote {target}", err=True)
