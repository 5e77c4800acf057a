"""Two crawl processes on one Redis frontier (a real redis-server on a loopback port) against
the replica; one is SIGKILLed mid-crawl. `unionnews ingest` then gives the store a single
process gives, every article once, and no article is requested twice unless the killed
process had it in flight."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict

import pytest
from test_crawl import FAST, REPO, rows, run_crawl

from crawler.items import ParsedArticle
from crawler.replica import serve
from unionnews.crawl_queue import (
    ARTICLES_KEY,
    INGESTING_KEY,
    KNOWN_KEY,
    MEMBER_KEY,
    article_from_json,
    connect,
)
from unionnews.store import open_store, upsert_article


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def frontier(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed: `apt-get install -y redis-server` "
                    "(make setup does it); the frontier tests need a real Redis")
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while True:
        try:
            connect(url).close()
            break
        except Exception:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def article_hits(server) -> Counter:
    paths = {f"/{a.site}{a.path}".rstrip("/") for a in server.replica.articles}
    hits = Counter(p.split("?")[0].rstrip("/") for p in server.requests)
    return Counter({path: n for path, n in hits.items() if path in paths})


def ingest(url: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unionnews.cli", "ingest", "--frontier", url,
                           "--db", str(db)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def fingerprint(db) -> set[tuple]:
    return {(u, r["content_hash"], r["title"], r["published"], r["site"],
             r["duplicate_of"] is not None) for u, r in rows(db).items()}


def test_two_processes_one_killed_store_every_article_once(frontier, tmp_path):
    single_server, single_base = serve(0, timeout_sleep=1.5)
    shared_server, shared_base = serve(0, timeout_sleep=1.5)
    try:
        single = tmp_path / "single.db"
        assert run_crawl("all", "--db", str(single), "--base-url",
                         single_base + "/{key}").returncode == 0
        single_hits = article_hits(single_server)

        slow = [*FAST, "--set", "DOWNLOAD_DELAY=0.05", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
        args = ["all", "--base-url", shared_base + "/{key}", "--frontier", frontier,
                "--db", str(tmp_path / "unused.db"), "--set", "UNIONNEWS_FRONTIER_MEMBER_TTL=3"]
        killed = run_crawl(*args, wait=False, extra=slow)
        survivor = run_crawl(*args, wait=False, extra=slow)
        redis = connect(frontier)
        deadline = time.monotonic() + 60
        while redis.llen(ARTICLES_KEY) < 20:
            assert time.monotonic() < deadline and killed.poll() is None, "crawl too slow"
            time.sleep(0.05)
        killed.send_signal(signal.SIGKILL)
        killed.communicate()
        queued_at_kill = {url.decode() for url in redis.smembers(KNOWN_KEY)}
        _, err = survivor.communicate(timeout=120)
        assert survivor.returncode == 0, err
        # What the killed process had taken from the queue is found by the next run, which
        # starts once the killed process's key has expired.
        while next(redis.scan_iter(MEMBER_KEY + "*"), None) is not None:
            assert time.monotonic() < deadline + 60, "the killed process never left the run"
            time.sleep(0.2)
        again = run_crawl(*args, extra=FAST)
        assert again.returncode == 0, again.stderr

        store = tmp_path / "shared.db"
        result = ingest(frontier, store)
        assert result.returncode == 0, result.stderr
        assert redis.llen(ARTICLES_KEY) == 0
        assert fingerprint(store) == fingerprint(single)
        stored = rows(store)
        assert len(stored) == len({r["url"] for r in stored.values()}) == len(rows(single))

        # Each article requested as often as a single process requests it (the replica's
        # faulty pages are asked for again by design), except those the killed process had in
        # flight: at most its concurrency, none of them already queued.
        shared_hits = article_hits(shared_server)
        extra = {path for path, n in shared_hits.items() if n > single_hits[path]}
        assert set(shared_hits) == set(single_hits)
        assert len(extra) <= 8
        origin = {a.site + a.path.rstrip("/"): a for a in shared_server.replica.articles}
        for path in extra:
            article = origin[path.lstrip("/")]
            assert not any(url.endswith(article.path.rstrip("/")) for url in queued_at_kill)

        # Ingest again: nothing left, nothing doubled.
        assert "0 articles stored" in ingest(frontier, store).stderr
        assert fingerprint(store) == fingerprint(single)
    finally:
        for server in (single_server, shared_server):
            server.shutdown()
            server.server_close()


def test_an_unreachable_frontier_is_one_line(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = run_crawl("all", "--frontier", url, extra=[])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1 and "cannot reach the frontier" in lines[0]
    bad = run_crawl("all", "--frontier", "http://127.0.0.1:1/0", extra=[])
    assert bad.returncode == 2 and "redis://HOST:PORT/DB" in bad.stderr


def test_ingest_killed_between_storing_and_acknowledging_stores_that_article_once(
        frontier, tmp_path):
    redis = connect(frontier)
    items = [ParsedArticle(site="haiphong", url=f"https://haiphong.gov.vn/bai-{n}.html",
                           federation="Liên đoàn Lao động thành phố Hải Phòng",
                           title=f"Bài {n}", body=f"Công đoàn kết nạp {n * 37} đoàn viên.",
                           lead=None, published="2025-03-01T08:00:00+07:00", author=None,
                           category=None, html=f"<p>Bài {n}</p>") for n in range(1, 4)]
    for item in items:
        redis.rpush(ARTICLES_KEY, json.dumps(asdict(item), ensure_ascii=False))
    # A drain killed after storing the first article, before taking it off the queue.
    redis.lmove(ARTICLES_KEY, INGESTING_KEY, "LEFT", "RIGHT")
    db = open_store(tmp_path / "store.db")
    upsert_article(db, article_from_json(redis.lindex(INGESTING_KEY, 0)))
    db.close()

    result = ingest(frontier, tmp_path / "store.db")
    assert result.returncode == 0, result.stderr
    assert "2 articles stored, 1 already in the store" in result.stderr
    stored = rows(tmp_path / "store.db")
    assert sorted(stored) == sorted(item.url for item in items)
    assert stored[items[0].url]["body"] == items[0].body
    assert redis.llen(ARTICLES_KEY) == redis.llen(INGESTING_KEY) == 0
