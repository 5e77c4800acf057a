"""Fault injection against the replica on 127.0.0.1: nothing lost, nothing trespassed, and
failures that say so. Each crawl is a real `unionnews crawl` subprocess."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys

import pytest
from test_crawl import REPO, expected_rows, rows, run_crawl

from crawler.replica import serve
from crawler.replica.pages import Page, encode_cp1258
from unionnews_core.registry import get_site


@pytest.fixture
def replica():
    server, base = serve(0, timeout_sleep=1.5)
    yield server, base + "/{key}"
    server.shutdown()
    server.server_close()


def one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def site_articles(server, site):
    return [a for a in server.replica.articles if a.site == site]


def test_robots_disallowing_everything_means_no_request_beyond_robots(replica, tmp_path):
    server, base = replica
    server.replica.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /\n", "text/plain")
    result = run_crawl("all", "--db", str(tmp_path / "s.db"), "--base-url", base)
    assert server.requests == ["/robots.txt"]
    assert result.returncode == 1
    line = one_line(result)
    assert line.startswith("crawl failed: all ") and "forbidden by robots.txt" in line
    assert "Traceback" not in result.stderr


def test_unreachable_host_fails_in_one_line(tmp_path):
    result = run_crawl("haiphong", "--db", str(tmp_path / "s.db"),
                       "--base-url", "http://127.0.0.1:9/{key}")
    assert result.returncode == 1
    assert one_line(result).startswith("crawl failed:")
    assert "Traceback" not in result.stderr


def test_a_listing_page_that_failed_is_asked_for_again_until_it_answers(replica, tmp_path):
    server, base = replica
    db = tmp_path / "s.db"
    page_two = "/haiphong/tin-tuc/hoat-dong-cong-doan/trang-2"
    server.down.add(page_two)
    first = run_crawl("haiphong", "--db", str(db), "--base-url", base)
    assert first.returncode == 0, first.stderr
    expected = expected_rows(server, "haiphong")
    partial = set(rows(db))
    assert partial and partial < set(expected)
    # Page 2 is still down on the second crawl: still nothing behind it, still not complete.
    again = run_crawl("haiphong", "--db", str(db), "--base-url", base)
    assert again.returncode == 0 and set(rows(db)) == partial
    server.down.clear()
    mark = len(server.requests)
    third = run_crawl("haiphong", "--db", str(db), "--base-url", base)
    assert third.returncode == 0, third.stderr
    assert page_two in server.requests[mark:]
    assert set(rows(db)) == set(expected)


def test_a_redirect_to_another_host_is_not_followed(replica, tmp_path):
    server, base = replica
    port = server.server_address[1]
    moved = site_articles(server, "haiphong")[10]
    server.replica.pages["/haiphong" + moved.path] = Page(
        b"", status=302, location=f"http://localhost:{port}/elsewhere/tin-ngoai-99002.html")
    result = run_crawl("haiphong", "--db", str(tmp_path / "s.db"), "--base-url", base)
    assert result.returncode == 0, result.stderr
    assert not any(p.startswith("/elsewhere/") for p in server.requests)
    assert server.requests.count("/robots.txt") == 1


def test_oversized_cut_and_bad_pages_are_refused_counted_and_fetched_next_time(replica,
                                                                              tmp_path):
    server, base = replica
    pages = server.replica.pages
    db = tmp_path / "s.db"
    chosen = site_articles(server, "haiphong")[10:15]
    paths = ["/haiphong" + a.path for a in chosen]
    saved = {path: pages[path] for path in paths}
    big, bomb, cut, bad_date, utf16 = paths
    pages[big] = Page(saved[big].body.replace(b"</body>", b"<p>" + b"x" * 3_000_000 + b"</p>"
                                              b"</body>"))
    pages[bomb] = Page(gzip.compress(b"<p>" + b"0" * 30_000_000), headers={
        "Content-Encoding": "gzip"})
    pages[cut] = Page(saved[cut].body[: len(saved[cut].body) * 7 // 10])
    shown = f"{chosen[3].published:%d/%m/%Y}".encode()
    pages[bad_date] = Page(saved[bad_date].body.replace(shown, b"31/02/2024"))
    # Windows-1258 bytes declared as UTF-16: read as UTF-16 they would be CJK garbage.
    text = saved[utf16].body.decode("utf-8")
    pages[utf16] = Page(encode_cp1258(text), "text/html; charset=utf-16")

    result = run_crawl("haiphong", "--db", str(db), "--base-url", base,
                       extra=["--set", "DOWNLOAD_MAXSIZE=2000000", "--set",
                              "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0",
                              "--set", "DOWNLOAD_TIMEOUT=1"])
    assert result.returncode == 0, result.stderr
    stored = rows(db)
    expected = expected_rows(server, "haiphong")
    refused = {expected_url for expected_url, a in expected.items() if a in chosen[:4]}
    assert set(stored) == set(expected) - refused
    utf16_url = next(u for u, a in expected.items() if a is chosen[4])
    assert stored[utf16_url]["title"] == chosen[4].title
    line = one_line(result)
    assert "refused bad_date 1, incomplete 1" in line and "cut oversized 2" in line
    assert "<html" not in result.stderr and "xxxx" not in result.stderr

    pages.update(saved)
    again = run_crawl("haiphong", "--db", str(db), "--base-url", base)
    assert again.returncode == 0, again.stderr
    assert set(rows(db)) == set(expected)


def test_listing_and_link_bounds_are_kept_and_reported(replica, tmp_path):
    server, base = replica
    result = run_crawl("haiphong", "--db", str(tmp_path / "s.db"), "--base-url", base,
                       extra=["--set", "UNIONNEWS_MAX_LISTING_PAGES=1", "--set",
                              "UNIONNEWS_MAX_LINKS_PER_PAGE=3", "--set", "DOWNLOAD_DELAY=0",
                              "--set", "AUTOTHROTTLE_ENABLED=False"])
    assert result.returncode == 0, result.stderr
    assert len(rows(tmp_path / "s.db")) == 3
    assert not any("trang-2" in p for p in server.requests)
    assert "cut links 7, listing_pages 1" in one_line(result)


@pytest.mark.parametrize("args, message", [
    (["all", "--set", "DOWNLOAD_DELAY=soon"], "not a valid float"),
    (["all", "--set", "NO_SUCH_SETTING=1"], "no such setting"),
    (["all", "--set", "ROBOTSTXT_OBEY=maybe"], "true or false"),
    (["all", "--set", "CONCURRENT_REQUESTS=-4"], "must not be negative"),
    (["all", "--base-url", "not a url/{key}"], "--base-url must be an http(s) URL"),
    (["haiphong", "--base-url", "ftp://mirror.example/{key}"], "--base-url must be"),
])
def test_bad_settings_and_base_urls_are_refused_before_crawling(tmp_path, args, message):
    result = run_crawl(*args, "--db", str(tmp_path / "s.db"), extra=[])
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not (tmp_path / "s.db").exists()


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess:
    """`scrapy crawl union ARGS` as a user runs it: the project's own crawl command."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "crawl", "union", *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def free_port() -> int:
    """A loopback port nothing listens on (bound and released: connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("argument, message", [
    ("site=bogus", "unknown site 'bogus'"),
    ("since=yesterday", "since must be a date"),
])
def test_scrapy_crawl_with_a_bad_argument_fails_in_one_line(tmp_path, argument, message):
    result = scrapy_crawl("-a", argument, "-s", f"UNIONNEWS_DB={tmp_path / 's.db'}",
                          "-s", "LOG_LEVEL=ERROR")
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_scrapy_crawl_that_fetched_nothing_fails_with_the_summary_line(tmp_path):
    db = tmp_path / "s.db"
    base = f"http://127.0.0.1:{free_port()}/{{key}}"
    result = scrapy_crawl("-a", "site=haiphong", "-s", f"UNIONNEWS_DB={db}",
                          "-s", f"UNIONNEWS_BASE_URL={base}", "-s", "LOG_LEVEL=ERROR",
                          "-s", "DOWNLOAD_TIMEOUT=2")
    assert result.returncode == 1, result.stderr
    line = one_line(result)
    # What failed and how many: the start pages of the one site, and its robots.txt.
    site = get_site("haiphong")
    starts = len(site.start_pages) + sum(bool(f and f.use) for f in (site.sitemap, site.rss))
    assert line.startswith(f"crawl failed: all {starts} start pages failed, "
                           "robots.txt unavailable on 1 host(s)"), result.stderr
    assert "site haiphong" in line and "pages 0" in line
    assert "Traceback" not in result.stderr
    # `unionnews crawl` gives the same verdict on the same failure, word for word.
    ours = run_crawl("haiphong", "--db", str(db), "--base-url", base)
    assert ours.returncode == 1
    assert one_line(ours) == line, ours.stderr
