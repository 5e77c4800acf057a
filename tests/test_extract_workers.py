"""`unionnews extract --workers N`: the same store whatever N, and a worker or the whole command
killed with SIGKILL then run again gives that same store (nothing lost, nothing twice)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unionnews.store import Article, open_store, upsert_article

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "corpus" / "gold"
ARTICLES = 60


def gold_articles(count: int) -> list[Article]:
    """Articles with real text from the annotated corpus (title on the first line)."""
    records = [json.loads(line) for name in ("test", "train", "dev")
               for line in (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    for record in records[:count]:
        title, _, body = record["text"].partition("\n")
        site = record.get("site") or "example.vn"
        out.append(Article(url=f"https://{site}/gold-{record['id']}.html", site=site,
                           title=title, body=body.strip() or title,
                           published=record.get("published")))
    return out


@pytest.fixture(scope="module")
def unextracted(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "unextracted.db"
    db = open_store(path)
    for article in gold_articles(ARTICLES):
        upsert_article(db, article)
    db.close()
    return path


def copy_store(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def extract_command(db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "unionnews.cli", "extract", "--db", str(db),
            "--workers", str(workers)]


def run_extract(db: Path, workers: int) -> subprocess.CompletedProcess:
    return subprocess.run(extract_command(db, workers), cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})


def start_extract(db: Path, workers: int) -> subprocess.Popen:
    return subprocess.Popen(extract_command(db, workers), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every row the extraction writes (ids included; the time of extraction left out)."""
    conn = sqlite3.connect(db)
    try:
        return {
            "organisations": conn.execute("select * from organisations order by id").fetchall(),
            "org_mentions": conn.execute("select * from org_mentions order by id").fetchall(),
            "indicators": conn.execute("select * from indicators order by id").fetchall(),
            "extractions": conn.execute(
                "select article_id, extractor_version, organisations, indicators"
                " from extractions order by article_id").fetchall(),
        }
    finally:
        conn.close()


def saved(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select count(*) from extractions").fetchone()[0]
    finally:
        conn.close()


def wait_until_saved(db: Path, count: int, proc: subprocess.Popen) -> int:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        done = saved(db)
        if done >= count:
            return done
        time.sleep(0.05)
    raise AssertionError(f"extraction ended or stalled before {count} articles were saved")


def worker_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [int(pid) for pid in children
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


@pytest.fixture(scope="module")
def one_worker(unextracted, tmp_path_factory) -> Path:
    db = copy_store(unextracted, tmp_path_factory.mktemp("one") / "one.db")
    result = run_extract(db, 1)
    assert result.returncode == 0, result.stderr
    return db


def test_two_workers_give_the_store_one_worker_gives(one_worker, unextracted, tmp_path):
    expected = contents(one_worker)
    assert len(expected["extractions"]) == ARTICLES and expected["indicators"]
    db = copy_store(unextracted, tmp_path / "two.db")
    result = run_extract(db, 2)
    assert result.returncode == 0, result.stderr
    assert contents(db) == expected
    # Progress names the rate and the time left (tqdm: [elapsed<left, N article/s]).
    assert "article/s" in result.stderr and "<" in result.stderr
    # A rerun finds nothing left to do.
    again = run_extract(db, 2)
    assert again.returncode == 0 and "extract: 0 articles" in again.stderr
    assert contents(db) == expected


def test_sigkill_of_a_worker_and_of_the_command_then_rerun_loses_and_doubles_nothing(
        one_worker, unextracted, tmp_path):
    db = copy_store(unextracted, tmp_path / "killed.db")

    proc = start_extract(db, 2)
    first = wait_until_saved(db, 5, proc)
    os.kill(worker_pids(proc.pid)[0], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "a worker process died" in stderr and "run the command again" in stderr
    assert first <= saved(db) < ARTICLES

    proc = start_extract(db, 2)
    before = saved(db)
    wait_until_saved(db, before + 5, proc)
    workers = worker_pids(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the writer itself, mid-run
    proc.wait(timeout=60)
    proc.stderr.close()
    assert saved(db) < ARTICLES
    deadline = time.monotonic() + 60
    while any(Path(f"/proc/{pid}").exists() and b"spawn_main" in
              Path(f"/proc/{pid}/cmdline").read_bytes() for pid in workers):
        assert time.monotonic() < deadline, "workers outlived their killed parent"
        time.sleep(0.1)

    result = run_extract(db, 2)
    assert result.returncode == 0, result.stderr
    assert contents(db) == contents(one_worker)

