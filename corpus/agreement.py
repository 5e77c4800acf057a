"""Inter-annotator agreement: a second, blind annotation of the same texts against the gold.

    python -m corpus.agreement            # corpus/agreement/*.yaml against corpus/src

Indicators are paired as the evaluation pairs them (overlapping spans, equal values). Reported:
how many each annotator found and how many both did (span agreement as F1), and on the pairs
the share on which the two agree, field by field.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from corpus.build import CORPUS_DIR, build_record, load_sources

AGREEMENT_DIR = CORPUS_DIR / "agreement"
FIELDS = ("kind", "metric", "org", "period", "unit", "qualifier", "target_value", "base_value",
          "range_max", "per", "change")


def _pairs(first: list[dict], second: list[dict]) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    out = []
    for a in first:
        for j, b in enumerate(second):
            if j not in used and a["start"] < b["end"] and b["start"] < a["end"] and \
                    abs(a["value"] - b["value"]) < 1e-6 * max(1.0, abs(a["value"])):
                used.add(j)
                out.append((a, b))
                break
    return out


def agreement(gold: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """Agreement of `second` (records of another annotator) with `gold`, matched by id."""
    by_id = {r["id"]: r for r in gold}
    n_first = n_second = 0
    pairs: list[tuple[dict, dict]] = []
    for rec in second:
        mine = by_id.get(rec["id"])
        if mine is None:
            raise ValueError(f"record {rec['id']!r} is not in the gold corpus")
        if mine["text"] != rec["text"]:
            raise ValueError(f"record {rec['id']!r}: the texts differ")
        n_first += len(mine["indicators"])
        n_second += len(rec["indicators"])
        pairs += _pairs(mine["indicators"], rec["indicators"])
    both = len(pairs)
    f1 = 2 * both / (n_first + n_second) if n_first + n_second else 0.0
    fields = {f: round(sum(a.get(f) == b.get(f) for a, b in pairs) / both, 4) if both else 0.0
              for f in FIELDS}
    disagreements = [
        {"field": f, "text": a["text"], "first": a.get(f), "second": b.get(f)}
        for a, b in pairs for f in FIELDS if a.get(f) != b.get(f)
    ]
    return {"records": len(second), "first_annotator": n_first, "second_annotator": n_second,
            "both": both, "span_f1": round(f1, 4), "field_agreement": fields,
            "disagreements": disagreements}


def load_second(path: Path) -> list[dict[str, Any]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [build_record(raw, doc.get("source", "written"), str(path.name))
            for raw in doc.get("records") or []]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.agreement", description=__doc__)
    parser.add_argument("--out", type=Path, help="write the report (JSON) here")
    args = parser.parse_args(argv)
    gold = load_sources()
    reports = {}
    for path in sorted(AGREEMENT_DIR.glob("*.yaml")):
        reports[path.name] = agreement(gold, load_second(path))
        r = reports[path.name]
        print(f"{path.name}: {r['records']} records; indicators {r['first_annotator']} "
              f"(first) / {r['second_annotator']} (second), {r['both']} in both, "
              f"span F1 {r['span_f1']:.3f}")
        for field, share in r["field_agreement"].items():
            print(f"  {field:14}{share:7.3f}")
    if args.out:
        args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
