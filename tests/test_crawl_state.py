"""The crawl-state file beside the store, written by several crawls at once."""

from __future__ import annotations

import json
import multiprocessing

from crawler.state import load_state, save_state, state_path


def _write_many(db: str, site: str, barrier: multiprocessing.Barrier) -> None:
    barrier.wait()
    for number in range(200):
        save_state(db, {site: {"complete": number % 2 == 0, "n": number}})


def test_crawls_writing_the_state_at_once_never_collide_or_leave_half_a_file(tmp_path):
    db = str(tmp_path / "store.db")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    workers = [context.Process(target=_write_many, args=(db, f"site{n}", barrier))
               for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * 4
    state = json.loads(state_path(db).read_text(encoding="utf-8"))
    # Each writer's last entry is there, whole; no temporary file is left behind.
    assert all(entry["n"] == 199 for entry in state.values())
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert load_state(db) == state
