"""Searches asked for through the API run in worker processes, a bounded number at a time.

A search holds Python's global lock (OR-Tools) and hundreds of megabytes
while it runs. Run on the server's request threads, a few large posted
days at once would freeze every page and ``/health`` and leave the
server's memory at its peak for good. So each search (planning a posted
day, a re-plan, a booking) runs in a pool of ``PLANNER_SOLVE_WORKERS``
worker processes (``spawn``ed, the search compiled at their start, ending by themselves
when the server is gone), each replaced after ``PLANNER_SOLVE_RECYCLE`` searches so that its memory goes
back to the system.

Work is admitted before it queues: at most ``PLANNER_SOLVE_QUEUE``
searches wait, and only while the searches ahead plus this one fit in
``PLANNER_SOLVE_BUDGET`` seconds per worker, so that an admitted request
is answered within a proxy's patience. Anything beyond is refused at once
(``SolverBusy``: the API answers 429 with ``Retry-After``) instead of
piling up. ``PLANNER_SOLVE_WORKERS=0`` searches on the request's thread
(serverless, where each instance takes one request at a time), under the
same admission.

With a cluster (``web.engine``) the searches run on its workers instead
of the pool, under the same admission; a posted day is fanned out there
by its independent parts (cities, regions that share nobody) and merged
(``planner.cluster``).
"""

from __future__ import annotations

import atexit
import math
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from flask import current_app

from planner.cluster import plan_on_cluster
from planner.domain import Dataset
from planner.plan import Plan
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.routing.warmup import warm_up

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")

EXTENSION = "planner.solving"


class SolverBusy(Exception):
    """No room for another search now; ``retry_after`` is when the work ahead should be done (seconds)."""

    def __init__(self, retry_after: int):
        super().__init__(f"the solver is busy; retry in {retry_after} s")
        self.retry_after = retry_after


class SearchFailed(RuntimeError):
    """A search failed in a worker with an exception that cannot travel back; the message names its type only."""


class SolverStopped(Exception):
    """A worker process died during the search (out of memory, killed); the pool is started afresh."""


#: Seconds between a worker's looks at whether the server that started it still runs.
PARENT_CHECK_SECONDS = 1.0


def follow_parent(parent: int) -> None:
    """End this worker as soon as the server that started it is gone.

    A server stopped by a signal does not shut its pool down, and an idle
    worker waiting for work would never notice: it would stay, holding
    memory and the server's output pipes.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def start_worker(parent: int) -> None:
    """A worker's start: watch the server, then load the compiled search."""
    threading.Thread(target=follow_parent, args=(parent,), name="follow-server", daemon=True).start()
    warm_up()


def in_worker(search: Callable[..., T], *args: Any) -> T:
    """Run ``search`` in a worker; an exception that would not survive the way back becomes ``SearchFailed``.

    A result or exception the server cannot unpickle breaks the whole pool
    (every search in it fails), so such an exception is replaced here by
    one naming its type (never its message, which may quote the data).
    """
    try:
        return search(*args)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise SearchFailed(f"{type(exc).__name__} in the search") from None
        raise


_pools: dict[tuple[int, int], ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


def shared_pool(workers: int, recycle: int) -> ProcessPoolExecutor:
    """One pool per size in this process, shared by its apps (tests make many), started on first use."""
    with _pools_lock:
        pool = _pools.get((workers, recycle))
        if pool is None:
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(os.getpid(),),
                max_tasks_per_child=recycle,
            )
            _pools[(workers, recycle)] = pool
        return pool


def drop_pool(workers: int, recycle: int, broken: ProcessPoolExecutor) -> None:
    """Forget a broken pool, so that the next search starts a new one."""
    with _pools_lock:
        if _pools.get((workers, recycle)) is broken:
            del _pools[(workers, recycle)]
    broken.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _stop_pools() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        _pools.clear()


class SolveQueue:
    """Admission and dispatch of searches: at most ``workers`` running, ``waiting`` queued, within ``budget``.

    ``engine`` gives the cluster's client when the searches run on a cluster (None: on the pool).
    """

    def __init__(
        self,
        workers: int,
        waiting: int,
        budget: float,
        recycle: int,
        engine: Callable[[], Client | None] = lambda: None,
    ):
        self.workers, self.waiting, self.budget, self.recycle = workers, waiting, budget, recycle
        self.engine = engine
        self._admitted: list[float] = []
        self._lock = threading.Lock()

    @property
    def lanes(self) -> int:
        """Searches that run at once (one on the request's thread when there are no workers)."""
        return max(1, self.workers)

    def admitted(self) -> int:
        """Searches running or waiting now."""
        with self._lock:
            return len(self._admitted)

    def _admit(self, seconds: float) -> None:
        with self._lock:
            ahead = sum(self._admitted)
            if len(self._admitted) >= self.lanes + self.waiting or (ahead + seconds) / self.lanes > self.budget:
                raise SolverBusy(max(1, math.ceil(ahead / self.lanes)))
            self._admitted.append(seconds)

    def _leave(self, seconds: float) -> None:
        with self._lock:
            self._admitted.remove(seconds)

    def start_workers(self) -> None:
        """Start the worker processes (or reach the cluster) now and load the compiled search, so no request waits."""
        if self.engine() is None and self.workers > 0:
            pool = shared_pool(self.workers, self.recycle)
            for future in [pool.submit(warm_up) for _ in range(self.workers)]:
                future.result()

    @contextmanager
    def reserved(self, seconds: float) -> Iterator[Callable[..., Any]]:
        """Admit a search of ``seconds`` now (or ``SolverBusy``), and give the function that runs it.

        Taking the place before other waits (a day's lock) keeps those
        waits inside the admission's bounds too.
        """
        self._admit(seconds)
        try:
            yield self._dispatch
        finally:
            self._leave(seconds)

    def run(self, seconds: float, search: Callable[..., T], *args: Any) -> T:
        """``search(*args)`` in a worker (``seconds`` is its time cap), or ``SolverBusy`` at once."""
        with self.reserved(seconds) as solve:
            return solve(search, *args)

    def plan(self, dataset: Dataset, params: SearchParams) -> Plan:
        """A posted day's plan: on the cluster its independent parts are tasks; else as ``run`` would plan it."""
        client = self.engine()
        if client is None:
            return self.run(params.time_limit, planned, dataset, params)
        with self.reserved(params.time_limit):
            return plan_on_cluster(dataset, client, params.time_limit, params.seed).plan

    def _dispatch(self, search: Callable[..., T], *args: Any) -> T:
        client = self.engine()
        if client is not None:
            return client.submit(in_worker, search, *args, pure=False).result()
        if self.workers == 0:
            return search(*args)
        pool = shared_pool(self.workers, self.recycle)
        try:
            future: Future[T] = pool.submit(in_worker, search, *args)
            return future.result()
        except BrokenProcessPool:
            drop_pool(self.workers, self.recycle, pool)
            raise SolverStopped() from None


def planned(dataset: Dataset, params: SearchParams) -> Plan:
    """The plan of a posted day (what a worker sends back: the plan, not the search's internals)."""
    return plan_day(dataset, params).plan


def solve_queue() -> SolveQueue:
    """The current app's queue (made in ``create_app``)."""
    return current_app.extensions[EXTENSION]


def install_solve_queue(app: Any) -> None:
    """Make the app's queue from its settings."""
    from web.engine import app_engine

    config = app.config
    app.extensions[EXTENSION] = SolveQueue(
        int(config["PLANNER_SOLVE_WORKERS"]),
        int(config["PLANNER_SOLVE_QUEUE"]),
        float(config["PLANNER_SOLVE_BUDGET"]),
        int(config["PLANNER_SOLVE_RECYCLE"]),
        lambda: app_engine(app),
    )
