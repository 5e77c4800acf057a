"""The blind sets' run: the shipped extractor on annotation sets no model or rule has seen.

Each set's records (all in the test split: the CRF, the decisions and the score are fit on
train and dev only) are extracted with the shipped models and scored; one JSON report per set
goes to bench/results/ (every error listed, for after the run) and a table to stdout.

    .venv/bin/python bench/bench_blind.py --sets h,i,j --label first_run
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", default="h,i,j")
    parser.add_argument("--label", default="first_run", help="suffix of the report files")
    args = parser.parse_args()

    from corpus.build import load_gold
    from nlp.evaluate import evaluate_records
    from nlp.pipeline import get_tagger
    from unionnews.context import build_context

    gold = load_gold()
    tagger = get_tagger("crf")
    head = (f"{'set':5}{'recs':>5}{'inds':>6}{'ind F1':>8}{'FR prec':>8}{'FR rec':>8}"
            f"{'org':>7}{'period':>7}{'metric':>7}{'kind':>7}{'unit':>7}{'canon F1':>9}"
            f"{'ECE':>7}{'pub':>5}{'pub P':>7}{'pub cov':>8}")
    print(head)
    for name in args.sets.split(","):
        records = [r for r in gold if r.get("set") == name]
        if any(r["split"] != "test" for r in records):
            raise SystemExit(f"set {name} has records outside the test split: not blind")
        rep = evaluate_records(records, tagger, build_context)
        out = ROOT / "bench" / "results" / f"blind_{name}_{args.label}.json"
        out.write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
        acc = rep["accuracy_on_matched"]
        pub = "-" if rep["publish_precision"] is None else f"{rep['publish_precision']:.3f}"
        print(f"{name:5}{len(records):5d}{rep['indicators']['value']['gold']:6d}"
              f"{rep['indicators']['value_and_kind']['f1']:8.3f}"
              f"{rep['fully_right_precision']:8.3f}{rep['fully_right_recall']:8.3f}"
              f"{acc['org']:7.3f}{acc['period']:7.3f}{acc['metric']:7.3f}{acc['kind']:7.3f}"
              f"{acc['unit']:7.3f}{rep['organisations']['overlap_and_canonical']['f1']:9.3f}"
              f"{rep['ece']:7.3f}{rep['published']:5d}{pub:>7}{rep['publish_coverage']:8.3f}")


if __name__ == "__main__":
    main()
