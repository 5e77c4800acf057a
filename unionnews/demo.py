"""The main job on the bundled offline data (what `make` runs after installing).

Serves the bundled replica of the sites on 127.0.0.1, crawls every site with the real spider,
runs the extractor over the stored articles, and exports the Hanoi federation's timeline and
promise tracker. Each step is the public command a user would type; progress goes to stderr.
The replica's articles are invented, and every page made from them says so.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

HANOI = "Liên đoàn Lao động thành phố Hà Nội"
ZONES = "Công đoàn các Khu công nghiệp và chế xuất Hà Nội"


def _run(*args: str) -> None:
    command = [sys.executable, "-c", "from unionnews.cli import main; main()", *args]
    print("$ unionnews " + shlex.join(args), file=sys.stderr, flush=True)
    subprocess.run(command, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m unionnews.demo", description=__doc__)
    parser.add_argument("--db", default="data/unionnews.db", help="the store to fill")
    parser.add_argument("--out", default="out", help="folder for the exported timeline")
    args = parser.parse_args(argv)

    from crawler.replica import serve

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server, base_url = serve(port=0)
    print("demo: the replica is on 127.0.0.1; robots.txt and the User-Agent are as for real "
          "sites, with the short delay crawler/settings.py gives 127.0.0.1 (DOWNLOAD_SLOTS) "
          "and AutoThrottle off for this loopback crawl", file=sys.stderr, flush=True)
    try:
        _run("crawl", "all", "--base-url", base_url + "/{key}", "--db", args.db,
             "--set", "AUTOTHROTTLE_ENABLED=false")
    finally:
        server.shutdown()
    _run("extract", "--db", args.db)
    # Until the extractor marks figures `publish` (calibrated scores), every figure is still
    # `check`: the demo charts and pairs them anyway, and the pages mark them "cần kiểm tra".
    for fmt in ("html", "csv", "timelinejs", "png"):
        suffix = "json" if fmt == "timelinejs" else fmt
        _run("timeline", HANOI, "--db", args.db, "--format", fmt, "--include-check",
             "--out", str(out / f"hanoi_timeline.{suffix}"))
    _run("promises", HANOI, "--db", args.db, "--include-check", "--format", "html",
         "--out", str(out / "hanoi_promises.html"))
    # The zones' union (seed 000, a real congress article) set the most targets under Hanoi.
    _run("promises", ZONES, "--db", args.db, "--include-check", "--format", "html",
         "--out", str(out / "zones_promises.html"))
    _run("promises", ZONES, "--db", args.db, "--include-check")
    _run("search", "thoa uoc", "--db", args.db)
    db = shlex.quote(args.db)
    print(f"\nStore: {args.db}   Timeline: {out}/hanoi_timeline.html   "
          f"Promises: {out}/zones_promises.html\n"
          f"Browse: .venv/bin/unionnews serve --db {db}\n"
          f"Review: .venv/bin/unionnews review --queue --db {db}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
