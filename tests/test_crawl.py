"""The crawler against the replica: a real HTTP server on 127.0.0.1 and real Scrapy runs,
each crawl a subprocess of the `unionnews crawl` command (Twisted's reactor cannot restart)."""

from __future__ import annotations

import html
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.extract import decode_html, parse_datetime
from crawler.replica import serve
from crawler.replica.pages import encode_cp1258
from crawler.urls import Route
from unionnews import dedupe
from unionnews_core.registry import get_site, site_keys

REPO = Path(__file__).resolve().parents[1]
FAST = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
        "--set", "DOWNLOAD_SLOTS={}",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "--set", "DOWNLOAD_TIMEOUT=1",
        "--set", "UNIONNEWS_PROGRESS_INTERVAL=0"]


def run_crawl(*args: str, wait: bool = True, extra: list[str] | None = None):
    cmd = [sys.executable, "-c", "from unionnews.cli import main; main()", "crawl", *args]
    cmd += FAST if extra is None else extra
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if not wait:
        return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def replica():
    server, base = serve(0, timeout_sleep=1.5)
    yield server, base + "/{key}"
    server.shutdown()
    server.server_close()


def expected_rows(server, site=None, since=None, until=None):
    out = {}
    for a in server.replica.articles:
        if site and a.site != site:
            continue
        if since and a.published.date() < since or until and a.published.date() > until:
            continue
        out[get_site(a.site).origin + a.path.rstrip("/")] = a
    return out


def stored_so_far(db: Path) -> int:
    """Articles a running crawl has stored; 0 while the file or its schema is still coming."""
    try:
        return len(rows(db)) if db.exists() else 0
    except sqlite3.OperationalError:  # the crawler created the file, not yet the tables
        return 0


def rows(db: Path) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["url"]: r for r in conn.execute("select * from articles")}
    finally:
        conn.close()


def article_requests(server, start: int = 0) -> list[str]:
    paths = {f"/{a.site}{a.path}".rstrip("/") for a in server.replica.articles}
    return [p for p in server.requests[start:] if p.split("?")[0].rstrip("/") in paths]


def test_crawl_stores_exactly_the_replica_articles_with_their_fields(replica, tmp_path):
    server, base = replica
    db = tmp_path / "store.db"
    result = run_crawl("all", "--db", str(db), "--base-url", base)
    assert result.returncode == 0, result.stderr
    stored, expected = rows(db), expected_rows(server)
    # Every registry site has replica pages, so the count comes from the replica.
    assert {a.site for a in expected.values()} == set(site_keys())
    assert "summary:" in result.stderr and f"stored {len(expected)} " in result.stderr

    assert set(stored) == set(expected)
    for url, a in expected.items():
        row = stored[url]
        site = get_site(a.site)
        assert row["site"] == a.site and row["federation"] == site.federation
        assert row["title"] == a.title, url
        assert row["lead"] == a.lead, url
        assert row["published"] == a.published_iso, url
        assert row["author"] == a.author, url
        assert row["category"] == a.category, url
        assert row["tags"] == "|".join(a.tags), url
        if a.fault == "no-selector":
            assert row["extraction_path"] == "trafilatura"
            assert all(p in row["body"] for p in a.paragraphs)
        else:
            assert row["extraction_path"] == "selectors"
            assert row["body"] == a.body, url
        assert html.escape(a.title) in zlib.decompress(row["raw_html"]).decode("utf-8")
    # Boilerplate of the seed pages never reaches a body.
    for row in stored.values():
        for junk in ("Có thể bạn quan tâm", "Xem tin khác", "Lượt truy cập", "DANAWEB",
                     "Ảnh minh họa"):
            assert junk not in row["body"]

    # robots.txt obeyed; the off-domain link and print views never fetched.
    assert "/robots.txt" in server.requests
    for path in server.requests:
        assert not any(path.startswith(d) for d in server.replica.disallowed), path
        assert not path.startswith("/elsewhere/")
    # 5xx, timeout and truncated pages were retried and then stored.
    for a in server.replica.articles:
        if a.fault in ("503", "timeout", "truncate"):
            assert server.hits[f"/{a.site}{a.path}".rstrip("/")] >= 2

    # The syndicated story is linked to its twin, not counted twice.
    linked = [r for r in stored.values() if r["duplicate_of"] is not None]
    assert len(linked) == 1
    twin = next(r for r in stored.values() if r["id"] == linked[0]["duplicate_of"])
    assert {linked[0]["site"], twin["site"]} == {"laodongthudo", "congdoanvietnam"}
    assert linked[0]["title"] == twin["title"]


def test_recrawl_requests_no_known_article(replica, tmp_path):
    server, base = replica
    db = tmp_path / "store.db"
    assert run_crawl("all", "--db", str(db), "--base-url", base).returncode == 0
    first = len(article_requests(server))
    mark = len(server.requests)
    again = run_crawl("all", "--db", str(db), "--base-url", base)
    assert again.returncode == 0, again.stderr
    total = len(expected_rows(server))
    assert first >= total
    assert article_requests(server, mark) == []
    assert len(rows(db)) == total
    # Listing pages past the known articles are not walked again.
    assert len(server.requests) - mark < mark / 3


def test_kill_and_resume_gives_the_same_store_as_an_uninterrupted_crawl(tmp_path):
    straight_server, straight_base = serve(0, timeout_sleep=1.5)
    killed_server, killed_base = serve(0, timeout_sleep=1.5)
    straight_base, killed_base = straight_base + "/{key}", killed_base + "/{key}"
    try:
        straight = tmp_path / "straight.db"
        assert run_crawl("all", "--db", str(straight), "--base-url", straight_base).returncode == 0

        resumed = tmp_path / "resumed.db"
        slow = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0.05",
                "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--set", "DOWNLOAD_TIMEOUT=1"]
        proc = run_crawl("all", "--db", str(resumed), "--base-url", killed_base, wait=False,
                         extra=slow)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if stored_so_far(resumed) >= 15:
                break
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = len(rows(resumed))
        total = len(expected_rows(killed_server))
        assert 15 <= partial < total
        # Killed in the middle of a batch, the store holds whole articles only.
        conn = sqlite3.connect(resumed)
        bands = conn.execute("select count(*) from simhash_bands").fetchone()[0]
        conn.close()
        assert bands == partial * dedupe.BANDS
        again = run_crawl("all", "--db", str(resumed), "--base-url", killed_base)
        assert again.returncode == 0, again.stderr

        def fingerprint(db):
            return {(u, r["content_hash"], r["title"], r["published"], r["site"])
                    for u, r in rows(db).items()}

        assert fingerprint(resumed) == fingerprint(straight)
        conn = sqlite3.connect(resumed)
        count, distinct = conn.execute(
            "select count(*), count(distinct url) from articles"
        ).fetchone()
        conn.close()
        assert count == distinct == total
    finally:
        for server in (straight_server, killed_server):
            server.shutdown()
            server.server_close()


def test_date_range_and_max_articles(replica, tmp_path):
    server, base = replica
    db = tmp_path / "window.db"
    since, until = date(2025, 1, 1), date(2025, 4, 30)
    result = run_crawl("haiphong", "--db", str(db), "--base-url", base,
                       "--since", since.isoformat(), "--until", until.isoformat())
    assert result.returncode == 0, result.stderr
    expected = expected_rows(server, "haiphong", since, until)
    assert expected and set(rows(db)) == set(expected)

    capped = tmp_path / "capped.db"
    result = run_crawl("congdoanvietnam", "--db", str(capped), "--base-url", base,
                       "--max-articles", "5")
    assert result.returncode == 0, result.stderr
    assert len(rows(capped)) == 5


@pytest.mark.parametrize("args, message", [
    (["nosuchsite"], "unknown site"),
    (["all", "--since", "2025-02-01", "--until", "2025-01-01"], "after --until"),
    (["all", "--since", "2025-13-40"], "must be a date"),
    (["all", "--db", "{tmp}"], "cannot open store"),
    (["all", "--db", "{tmp}/notadb.db"], "cannot open store"),
])
def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, args, message):
    (tmp_path / "notadb.db").write_bytes(b"this is not sqlite, just some bytes " * 40)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_crawl(*args, extra=[])
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_canonical_urls_collapse_mobile_tracking_and_slashes():
    site = get_site("laodongthudo")
    route = Route.for_site(site)
    want = "https://laodongthudo.vn/ten-bai-viet-12345.html"
    for url in ["http://m.laodongthudo.vn/ten-bai-viet-12345.html?utm_source=fb&fbclid=x",
                "https://www.laodongthudo.vn/ten-bai-viet-12345.html/",
                "https://laodongthudo.vn//ten-bai-viet-12345.html#comments"]:
        assert route.canonical(url) == want
    assert route.canonical("https://example.org/ten-bai-viet-12345.html") is None
    mirror = Route.for_site(site, "http://127.0.0.1:9/{key}")
    assert mirror.canonical("http://127.0.0.1:9/laodongthudo/ten-bai-viet-12345.html") == want
    assert mirror.fetch_url(want) == "http://127.0.0.1:9/laodongthudo/ten-bai-viet-12345.html"


def test_wrongly_declared_charsets_decode_to_the_same_text():
    text = "<p>Liên đoàn Lao động thành phố Hải Phòng kết nạp 1.250 đoàn viên</p>"
    assert decode_html(encode_cp1258(text), "text/html; charset=utf-8") == text
    assert decode_html(text.encode("utf-8"), "text/html; charset=windows-1258") == text


def test_dates_in_the_sites_forms_become_iso_with_the_vietnam_offset():
    hp, ltd = get_site("haiphong"), get_site("laodongthudo")
    assert parse_datetime("Thứ tư, 22/03/2023", hp).isoformat() == "2023-03-22T00:00:00+07:00"
    shown = parse_datetime("Hoạt động 05/12/2025 13:15", ltd)
    assert shown == datetime.fromisoformat("2025-12-05T13:15:00+07:00")
    assert parse_datetime("19/07/2024", ltd, "15:20").isoformat() == "2024-07-19T15:20:00+07:00"
    utc = parse_datetime("2024-05-02T01:15:00Z", get_site("nghean"))
    assert utc.isoformat() == "2024-05-02T08:15:00+07:00"
