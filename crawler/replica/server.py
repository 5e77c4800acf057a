"""A small real HTTP server for the replica, with the faults a crawler meets on the web.

Sites live under their key: `http://127.0.0.1:PORT/laodongthudo/cong-doan`. Point a crawl at
one with `--base-url http://127.0.0.1:PORT/{key}`. Every request is logged (`server.requests`)
so tests can check what the crawler asked for.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crawler.replica.pages import Page, Replica, build_replica


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True
    replica: Replica
    timeout_sleep: float

    def __init__(self, address: tuple[str, int], timeout_sleep: float = 3.0,
                 per_site: int | None = None, keep_alive: bool = False) -> None:
        super().__init__(address, KeepAliveReplicaHandler if keep_alive else ReplicaHandler)
        self.replica = build_replica(self.server_address[1], per_site)
        self.timeout_sleep = timeout_sleep
        self.requests: list[str] = []
        self.times: list[float] = []  # time.monotonic() of each request, in order
        self.hits: Counter[str] = Counter()
        # Paths that answer 500 to every request while they are in this set: a page that stays
        # down for a whole crawl, whatever the retries.
        self.down: set[str] = set()
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up (our timeout fault, a crawl that is stopped) is expected.
        pass

    def record(self, path: str) -> int:
        with self.lock:
            self.requests.append(path)
            self.times.append(time.monotonic())
            self.hits[path.split("?", 1)[0]] += 1
            return self.hits[path.split("?", 1)[0]]


class ReplicaHandler(BaseHTTPRequestHandler):
    server: ReplicaServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet server
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        hit = self.server.record(self.path)
        page = self.server.replica.lookup(self.path)
        try:
            if self.path in self.server.down:
                self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
            elif page is None:
                self._send(404, b"<html><body>not found</body></html>", "text/html")
            else:
                self._serve(page, first=hit == 1)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (our timeout fault): nothing to answer

    def _serve(self, page: Page, first: bool) -> None:
        if page.status in (301, 302):
            self.send_response(page.status)
            self.send_header("Location", page.location or "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if first and page.fault == "503":
            self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
            return
        if first and page.fault == "timeout":
            time.sleep(self.server.timeout_sleep)
        if first and page.fault == "truncate":
            # Announce the whole page, send half of it and hang up: data loss on the client.
            self.send_response(200)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body[: len(page.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(page.status, page.body, page.content_type, page.headers)

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class KeepAliveReplicaHandler(ReplicaHandler):
    """HTTP/1.1 with persistent connections, as the real sites answer: the crawl benchmark's
    server, so that a thread and a TCP connection per request, on both sides, are not what
    it measures. The fault tests keep HTTP/1.0, where every fault ends its connection."""

    protocol_version = "HTTP/1.1"


def serve(port: int = 0, timeout_sleep: float = 3.0, per_site: int | None = None,
          keep_alive: bool = False) -> tuple[ReplicaServer, str]:
    """Start the replica on 127.0.0.1:`port` (0: a free port) in a daemon thread.

    Returns the server (call `.shutdown()` to stop) and its base URL, e.g.
    `http://127.0.0.1:41234`; site KEY is under `base_url + "/" + KEY`.
    """
    server = ReplicaServer(("127.0.0.1", port), timeout_sleep=timeout_sleep, per_site=per_site,
                           keep_alive=keep_alive)
    thread = threading.Thread(target=server.serve_forever, name="replica", daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
