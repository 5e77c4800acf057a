"""Extraction time and memory as a text grows: does work grow linearly with the text?

Concatenates the gold corpus' figure-dense articles into texts of 0.125 to 2 MB and extracts
each in a fresh process (shipped models, as `extract-text` runs), printing seconds, seconds per
MB and peak memory. Linear work keeps seconds per MB flat; the last line gives the ratio of the
largest text's seconds per MB to the smallest's. Target: peak memory under 400 MB.

    .venv/bin/python bench/bench_growth.py [--sizes 0.125,0.25,0.5,1,2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from datetime import date
from nlp.context import ArticleContext
from nlp.pipeline import extract, get_tagger
text = open(sys.argv[1], encoding="utf-8").read()
tagger = get_tagger("crf")
extract("LĐLĐ tỉnh Nghệ An kết nạp 120 đoàn viên.", ArticleContext(), tagger)  # load models
start = time.perf_counter()
result = extract(text, ArticleContext(published=date(2024, 7, 1)), tagger)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "indicators": len(result.indicators)}))
"""


def dense_text(size_bytes: int) -> str:
    sys.path.insert(0, str(ROOT))
    from corpus.build import load_gold
    from nlp.zones import find_zones

    # articles without page furniture: a related-articles marker would end the body there
    texts = [r["text"] for r in load_gold() if len(r["indicators"]) >= 15
             and all(z.label == "body" for z in find_zones(r["text"]))]
    parts: list[str] = []
    total = 0
    while total < size_bytes:
        for t in texts:
            parts.append(t)
            total += len(t.encode("utf-8")) + 2
            if total >= size_bytes:
                break
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0.125,0.25,0.5,1,2", help="MB, comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "growth.json")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    rows = []
    tmp = ROOT / "bench" / "results" / ".growth_text.txt"
    try:
        for mb in sizes:
            text = dense_text(int(mb * 1024 * 1024))
            tmp.write_text(text, encoding="utf-8")
            done = subprocess.run([sys.executable, "-c", _CHILD, str(tmp), str(ROOT)],
                                  capture_output=True, text=True, check=True)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            row["mb"] = round(len(text.encode("utf-8")) / 1024 / 1024, 3)
            rows.append(row)
            print(f"{row['mb']:7.3f} MB  {row['seconds']:8.1f} s  "
                  f"{row['seconds'] / row['mb']:7.1f} s/MB  {row['indicators']:7d} indicators  "
                  f"peak {row['peak_mb']:6.0f} MB", flush=True)
    finally:
        tmp.unlink(missing_ok=True)
    first, last = rows[0], rows[-1]
    ratio = (last["seconds"] / last["mb"]) / (first["seconds"] / first["mb"])
    print(f"seconds per MB, largest / smallest text: {ratio:.2f} (1.00 = linear); "
          f"peak memory {max(r['peak_mb'] for r in rows):.0f} MB (target < 400 MB)")
    args.out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
