"""The build's helper: one process beside a cold build's own, for work that needs nothing of the
build's state (converting pages ahead, writing search documents), on the core the build leaves.

A cold build keeps both cores busy, and its own process is the longest path; what can be handed
over is, in the order it is handed. One worker, so its tasks run in the order they are given.
It is started by a cold build only (`start`), and stopped at the build's end or error (`stop`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_pool: ProcessPoolExecutor | None = None
_starting: Starting | None = None


def forkserver() -> multiprocessing.context.BaseContext:
    """The context every worker process of a build is made in (the cards' and the helper's):
    forkserver, since `mkdocs serve` builds in a thread beside its web server, and forking a
    process with threads can copy a held lock into it. The modules the workers run are imported
    once, in the server they are forked from, rather than by each worker.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([f"{__package__}.cards", f"{__package__}.pages"])
    return context


def start() -> None:
    """Starts the helper (before the content loads, when the second core is idle); not on one core.
    Returns at once: the process is started in a thread of its own (`Starting`)."""
    global _pool, _starting
    if _pool is None and (os.cpu_count() or 1) >= 2:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=forkserver())
        _starting = Starting(_pool.submit, os.getpid)  # the process starts now, not at the first task


class Starting:
    """Worker processes being started by `start_processes(*args)` in a thread of its own. Starting a
    worker waits for the forkserver to import the workers' modules (0.2-0.3 s), which the build's
    own process would otherwise spend waiting instead of loading the content. An error is not
    raised here: the build's first real task in the pool meets it again and reports it."""

    def __init__(self, start_processes: Callable[..., Any], *args: Any) -> None:
        def run() -> None:
            with contextlib.suppress(Exception):  # see the docstring
                start_processes(*args)

        self._thread = threading.Thread(target=run, name="werkers-starten", daemon=True)
        self._thread.start()

    def done(self, wait: bool = True) -> bool:
        """Whether the workers are up; waits for them first, unless not `wait`. The pool is not
        used before, so that the build's process never waits on the forkserver."""
        if wait:
            self._thread.join()
        return not self._thread.is_alive()


def _started() -> None:
    if _starting is not None:
        _starting.done()


def running() -> bool:
    return _pool is not None


def submit(function: Callable[..., Any], *args: Any) -> Future | None:
    """`function(*args)` in the helper, after what was handed before; None when it is not running."""
    _started()
    return _pool.submit(function, *args) if _pool is not None else None


def stop() -> None:
    """What was not started yet is dropped; the process ends."""
    global _pool
    _started()
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
    _pool = None
