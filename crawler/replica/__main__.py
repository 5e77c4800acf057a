"""`python -m crawler.replica --port N`: serve the replica until interrupted."""

from __future__ import annotations

import argparse
import sys
import time

from crawler.replica.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--timeout-sleep", type=float, default=3.0,
                        help="seconds the timeout fault stalls its first answer")
    parser.add_argument("--per-site", type=int, default=None,
                        help="articles per site (default: 30 for the first sites, 3 for others)")
    args = parser.parse_args()
    server, base = serve(args.port, timeout_sleep=args.timeout_sleep, per_site=args.per_site)
    keys = sorted({a.site for a in server.replica.articles})
    print(f"replica on {base}: {len(keys)} sites, {len(server.replica.articles)} articles "
          f"({base}/{keys[0]} …)", flush=True)
    print(f"crawl one with: unionnews crawl all --base-url '{base}/{{key}}'", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
