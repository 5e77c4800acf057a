"""`python -m crawler.replica --port N`: serve the replica until interrupted."""

from __future__ import annotations

import argparse
import sys
import time

from crawler.replica.pages import SECTIONS
from crawler.replica.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--timeout-sleep", type=float, default=3.0,
                        help="seconds the timeout fault stalls its first answer")
    args = parser.parse_args()
    server, base = serve(args.port, timeout_sleep=args.timeout_sleep)
    print(f"replica on {base}: sites {', '.join(f'{base}/{k}' for k in SECTIONS)}", flush=True)
    print(f"crawl one with: unionnews crawl all --base-url '{base}/{{key}}'", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
