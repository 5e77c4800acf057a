"""`unionnews crawl all --processes N`: the sites split over N Scrapy processes writing into one
store, against the replica on 127.0.0.1. Each crawl is a real `unionnews crawl` subprocess."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest
from test_crawl import article_requests, rows, run_crawl, stored_so_far
from test_crawl_faults import free_port, one_line

from crawler.replica import serve
from crawler.state import load_state
from unionnews import dedupe
from unionnews.crawl_processes import add_stats, site_weight, split_sites
from unionnews_core.registry import get_site, site_keys


@pytest.fixture
def replicas():
    """Two identical replicas, each with its faults still to come (a fault answers once)."""
    servers = [serve(0, timeout_sleep=1.5) for _ in range(2)]
    yield [(server, base + "/{key}") for server, base in servers]
    for server, _ in servers:
        server.shutdown()
        server.server_close()


def stored(db: Path) -> dict[str, tuple]:
    """Every stored article by URL: its content, and the URL of the copy it is linked to."""
    found = rows(db)
    by_id = {row["id"]: url for url, row in found.items()}
    return {url: (row["content_hash"], row["title"], row["published"], row["site"],
                  by_id.get(row["duplicate_of"]))
            for url, row in found.items()}


def test_two_processes_store_exactly_what_one_process_stores(replicas, tmp_path):
    (one_server, one_base), (two_server, two_base) = replicas
    one_db, two_db = tmp_path / "one.db", tmp_path / "two.db"
    one = run_crawl("all", "--db", str(one_db), "--base-url", one_base)
    assert one.returncode == 0, one.stderr
    two = run_crawl("all", "--db", str(two_db), "--base-url", two_base, "--processes", "2")
    assert two.returncode == 0, two.stderr
    assert "Traceback" not in two.stderr

    # Same articles, each once, with the same near-duplicate links (whichever process
    # stored a syndicated story first).
    expected = stored(one_db)
    assert stored(two_db) == expected
    conn = sqlite3.connect(two_db)
    count, distinct = conn.execute("select count(*), count(distinct url) from articles").fetchone()
    bands = conn.execute("select count(*) from simhash_bands").fetchone()[0]
    conn.close()
    assert count == distinct == len(expected)
    assert bands == count * dedupe.BANDS  # every article whole
    # A syndicated story whose copies were stored by different processes, in whatever order.
    part_of = {key: n for n, part in enumerate(split_sites(site_keys(), 2)) for key in part}
    assert any(part_of[site] != part_of[expected[link][3]]
               for _, _, _, site, link in expected.values() if link is not None)

    # One summary line for the whole crawl; each process showed its progress.
    line = one_line(two)
    assert line.startswith("summary: site all") and f"stored {len(expected)} " in line, line
    assert line.endswith(" · 2 processes"), line
    assert "crawl 1/2 done (finished" in two.stderr and "crawl 2/2 done (finished" in two.stderr

    # The crawl state is right for every site: complete, so a second split crawl asks for no
    # known article and stops its listings at the known ones.
    state = load_state(two_db)
    assert set(state) == set(site_keys())
    assert all(entry["complete"] for entry in state.values())
    mark = len(two_server.requests)
    again = run_crawl("all", "--db", str(two_db), "--base-url", two_base, "--processes", "2")
    assert again.returncode == 0, again.stderr
    assert article_requests(two_server, mark) == []
    assert len(two_server.requests) - mark < mark / 3
    assert stored(two_db) == expected


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_a_bad_process_count_is_refused_in_one_line(tmp_path, value):
    db = tmp_path / "s.db"
    result = run_crawl("all", f"--processes={value}", "--db", str(db), extra=[])
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--processes takes a whole number" in lines[0], result.stderr
    assert not db.exists()


@pytest.mark.parametrize("args, message", [
    (["--max-articles", "5"], "--max-articles counts in one process"),
    (["--frontier", "redis://127.0.0.1:1/0"], "on a --frontier start the crawls yourself"),
])
def test_what_a_split_crawl_cannot_do_is_refused_in_one_line(tmp_path, args, message):
    result = run_crawl("all", "--processes", "2", *args, "--db", str(tmp_path / "s.db"),
                       extra=[])
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_a_split_crawl_that_fetched_nothing_fails_and_names_each_process(tmp_path):
    base = f"http://127.0.0.1:{free_port()}/{{key}}"
    result = run_crawl("haiphong,nghean", "--db", str(tmp_path / "s.db"), "--base-url", base,
                       "--processes", "2")
    assert result.returncode == 1
    line = one_line(result)
    starts = site_weight("haiphong") + site_weight("nghean")  # start pages and feeds used
    assert line.startswith(f"crawl failed: all {starts} start pages failed"), result.stderr
    assert "crawl 1/2 (1 sites) failed: " in line and "crawl 2/2 (1 sites) failed: " in line
    assert "Traceback" not in result.stderr


def test_one_failed_process_is_reported_and_the_others_count(replicas, tmp_path):
    server, base = replicas[0]
    # A site found from its one start page only (no feed to fall back on).
    failing = next(k for k in site_keys() if site_weight(k) == 1 and k != "haiphong")
    for page in get_site(failing).start_pages:
        server.down.add(f"/{failing}{page.path}")
    parts = split_sites(["haiphong", failing], 2)
    label = f"crawl {1 + next(n for n, p in enumerate(parts) if failing in p)}/2"
    result = run_crawl(f"haiphong,{failing}", "--db", str(tmp_path / "s.db"), "--base-url",
                       base, "--processes", "2")
    assert result.returncode == 0, result.stderr
    line = one_line(result)
    assert line.startswith("summary: ") and f"{label} (1 sites) failed: all 1 start pages" in line
    assert {r["site"] for r in rows(tmp_path / "s.db").values()} == {"haiphong"}


def test_ctrl_c_stops_every_process_and_leaves_their_sites_to_the_next_crawl(replicas,
                                                                              tmp_path):
    server, base = replicas[0]
    db = tmp_path / "s.db"
    slow = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0.2",
            "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--set", "DOWNLOAD_TIMEOUT=1",
            "--set", "UNIONNEWS_STORE_BATCH_ITEMS=1"]
    proc = run_crawl("all", "--db", str(db), "--base-url", base, "--processes", "2",
                     wait=False, extra=slow)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and stored_so_far(db) < 5:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)  # as a terminal's Ctrl-C reaches the command
    _, stderr = proc.communicate(timeout=60)
    assert "crawl 1/2 done (shutdown" in stderr and "crawl 2/2 done (shutdown" in stderr
    line = [s for s in stderr.splitlines() if s.strip()][-1]
    assert "finished: shutdown" in line and line.endswith("2 processes"), stderr
    assert "Traceback" not in stderr
    state = load_state(db)
    assert set(state) == set(site_keys()) and not any(e["complete"] for e in state.values())


def test_sites_are_split_deterministically_and_evenly_by_the_registry():
    keys = site_keys()
    for processes in (1, 2, 3, 7):
        parts = split_sites(keys, processes)
        assert parts == split_sites(list(keys), processes)
        assert len(parts) == processes
        assert sorted(k for part in parts for k in part) == sorted(keys)
        for part in parts:  # each part in registry order
            assert part == [k for k in keys if k in part]
        loads = [sum(site_weight(k) for k in part) for part in parts]
        assert max(loads) - min(loads) <= max(site_weight(k) for k in keys)
    assert split_sites(["haiphong"], 4) == [["haiphong"]]


def test_the_stats_of_the_processes_add_up():
    total = add_stats([
        {"unionnews/pages": 3, "unionnews/stored": 2, "finish_reason": "finished",
         "start_time": "2026-01-01"},
        {"unionnews/pages": 4, "unionnews/errors": 1, "finish_reason": "shutdown"},
        {"unionnews/pages": 0, "finish_reason": "finished"},
    ])
    assert total == {"unionnews/pages": 7, "unionnews/stored": 2, "unionnews/errors": 1,
                     "finish_reason": "finished, shutdown"}
