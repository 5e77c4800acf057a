"""Extraction of stored articles on several cores: worker processes extract, one writer stores.

Every article goes through `extract_row`, in the command's own process (one worker) or in a
worker process (several); each worker loads the tagger once, when it starts. Workers never open
the store: they get an article's fields and send back its `Extraction`, and the parent — the
only writer — saves each article in its own transaction (store.save_extraction), in article
order. So the store never sees two writers ("database is locked" cannot happen between
workers), the result does not depend on the number of workers, and a SIGKILL of a worker or of
the whole command leaves whole articles saved and the rest still to do: a rerun extracts
exactly those, once.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context, parent_process
from multiprocessing.connection import wait
from typing import Any

from nlp.model import Extraction

Warn = Callable[[str], None]

# Articles handed out ahead of the one the writer waits for, per worker: enough that a worker
# never idles while the writer saves, few enough that a SIGKILL wastes little work.
AHEAD_PER_WORKER = 8


class WorkerDied(Exception):
    """A worker process ended without its result (killed, out of memory); one line."""


@dataclass(frozen=True)
class TaggerChoice:
    """What each worker loads: `nlp.pipeline.get_tagger(backend, model_dir, strict)`."""

    backend: str
    model_dir: str | None
    strict: bool

    def load(self) -> Any:
        from nlp.pipeline import get_tagger

        return get_tagger(self.backend, self.model_dir, strict=self.strict)


def default_workers() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_row(row: dict[str, Any], tagger: Any, version: str,
                warn: Warn | None = None, spec: Any = None) -> Extraction | None:
    """One stored article through the pipeline, its context built as every caller builds it;
    None when the article has no text."""
    from nlp.pipeline import extract
    from nlp.text import article_text
    from unionnews.context import build_context

    text = article_text(row.get("title"), row.get("lead"), row.get("body"))
    if not text:
        return None
    context = build_context(row.get("published"), row.get("site"), title=row.get("title"),
                            lead=row.get("lead"), url=row.get("url"), warn=warn)
    result = extract(text, context, tagger, spec)
    result.extractor_version = version
    return result


# A worker process's own state, set once by `_start_worker`.
_worker: dict[str, Any] = {}


def _start_worker(choice: TaggerChoice, version: str, warn: Warn | None, spec: Any) -> None:
    # A worker holds both ends of the pool's task queue, so it would wait for tasks for ever
    # once its parent is SIGKILLed: it ends itself when the parent's sentinel closes.
    parent = parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    _worker.update(tagger=choice.load(), version=version, warn=warn, spec=spec)


def _exit_with(parent_sentinel: int) -> None:
    wait([parent_sentinel])
    os._exit(1)


def _extract_in_worker(row: dict[str, Any]) -> Extraction | None:
    return extract_row(row, _worker["tagger"], _worker["version"], _worker["warn"],
                       _worker["spec"])


def _in_process(rows: Iterable[dict[str, Any]], tagger: Any, version: str,
                warn: Warn | None, spec: Any) -> Iterator[tuple[int, Extraction | None]]:
    for row in rows:
        yield row["id"], extract_row(row, tagger, version, warn, spec)


def _in_workers(rows: Iterable[dict[str, Any]], workers: int, choice: TaggerChoice,
                version: str, warn: Warn | None,
                spec: Any) -> Iterator[tuple[int, Extraction | None]]:
    # spawn, not fork: a worker starts from a clean interpreter (no copied locks or threads of
    # the parent's libraries) and its memory is its own, so it can be measured.
    context = get_context("spawn")
    pending: deque[tuple[int, Future]] = deque()
    source = iter(rows)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(choice, version, warn, spec)) as pool:
        try:
            while True:
                while len(pending) < workers * AHEAD_PER_WORKER:
                    row = next(source, None)
                    if row is None:
                        break
                    pending.append((row["id"], pool.submit(_extract_in_worker, row)))
                if not pending:
                    return
                article_id, future = pending.popleft()
                yield article_id, future.result()
        except BrokenProcessPool:
            raise WorkerDied("a worker process died (killed or out of memory)") from None
        finally:
            for _, future in pending:
                future.cancel()


def extract_articles(
    rows: Iterable[dict[str, Any]], *, workers: int, tagger: Any, choice: TaggerChoice,
    version: str, warn: Warn | None = None, spec: Any = None,
) -> Iterator[tuple[int, Extraction | None]]:
    """(article id, extraction) for each row, in the rows' order; `workers` > 1 extracts in
    that many processes, each loading `choice` once, while this process stays the writer.
    `spec` is the configured pipeline (nlp.components), the same in every worker."""
    if workers <= 1:
        return _in_process(rows, tagger, version, warn, spec)
    return _in_workers(rows, workers, choice, version, warn, spec)

