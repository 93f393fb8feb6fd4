"""Scenario runs asked for through the API: queued, solved one at a time per app server, kept for a while.

A scenario set takes seconds to minutes to solve, longer than a client
or a proxy waits, so ``POST /api/v1/scenarios`` only queues a job and
answers at once. One worker thread per app takes the jobs in order; where
the jobs are kept (this app's memory, or the store shared by every app
server, which then all take jobs from it) is the book's (``web.job_book``).

The searches never run on the web process's own threads: OR-Tools keeps
Python's global lock for the whole of a search, which would freeze every
page and API answer for its length.

- With a cluster (``PLANNER_CLUSTER`` or ``planner serve --cluster``),
  every search of the job (the base, each variant, each advice candidate)
  is a task on the cluster (``run_scenarios(client=...)``); the worker
  thread only hands them over and waits, recording progress as they end.
- Without one, each job runs in a child process (started with ``spawn``,
  safe from a threaded server, at a lower CPU priority where the system
  has one), which sends its progress and, at the end, the comparison
  document back over a queue. The child solves with
  ``run_scenarios(workers=...)``: 1 solves in the child itself, more (or
  None for one per core) use a process pool of that size. As with the
  CLI's pools, a script that serves the app must guard its main code with
  ``if __name__ == "__main__"``, since ``spawn`` imports it again. The
  child ends by itself when the server is gone.

Limits keep a shared server usable: at most ``max_queued`` jobs wait
(``QueueFull`` beyond, which the API answers with 429), a job in a child
that runs far beyond its time budget is stopped, and finished jobs are
forgotten after a while. What a job keeps after it ends is the comparison
document, which holds no customer data.

With a shared book, the thread moves the job's heartbeat every few
seconds; a job whose heartbeat stops (its server was stopped or lost) is
taken over by the next app server that looks, the restarted one included,
and solved again (``planner.store.jobs``).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import multiprocessing
import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from planner.scenarios.compare import comparison_document
from planner.scenarios.run import run_scenarios
from web.current import get_workorders
from web.job_book import JobState, MemoryJobs, QueueFull, StoreJobs, Work
from web.solving import follow_parent

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)

__all__ = ["JobState", "QueueFull", "ScenarioJobs", "Work", "app_jobs", "start_job_worker"]

#: How the comparison names a day posted through the API (the CLI names the dataset folder).
DATASET_LABEL = "api"
#: Seconds between looks at a running child when it has nothing to say.
POLL_SECONDS = 0.25
#: Seconds between looks at a shared book for jobs queued by other servers or left by a stopped one.
SHARED_POLL_SECONDS = 1.0
#: Added to the CPU niceness of a job's process, so pages stay quick while it solves.
NICENESS = 5
EXTENSION = "planner.scenario_jobs"
#: A job's searches failed: the sentence names the kind of error only (its message could quote the day).
FAILED = "the scenarios could not be solved ({})"


def _document(
    work: Work, progress: Callable[[int, int, str], None], workers: int | None = None, client: Client | None = None
) -> dict[str, Any]:
    run = run_scenarios(
        work.dataset, work.scenario, work.params, workers=workers, progress=progress, advice=work.advice, client=client
    )
    # Through JSON and back: the document then reads exactly as comparison.json does.
    return json.loads(json.dumps(comparison_document(run, DATASET_LABEL)))


def solve_in_child(work: Work, workers: int | None, messages: Any, parent: int) -> None:
    """Run the scenarios and send ``("progress", done, total)`` messages, then ``("done", document)``.

    Runs in the job's own process, which ends when the server (``parent``)
    is gone. A failure sends ``("failed", sentence)``.
    """
    threading.Thread(target=follow_parent, args=(parent,), name="follow-server", daemon=True).start()
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)

    def progress(done: int, total: int, _what: str) -> None:
        messages.put(("progress", done, total))

    try:
        messages.put(("done", _document(work, progress, workers)))
    except Exception as exc:  # reported to the client as a failed job, never as a trace
        messages.put(("failed", FAILED.format(type(exc).__name__)))


class ScenarioJobs:
    """The worker of one app: takes jobs from its ``book`` and solves them on the cluster or in a child process.

    ``engine`` gives the cluster's client (None: no cluster); ``workers``
    is the size of a child's own pool; ``heartbeat_seconds`` how often a
    running job of a shared book shows it is still being solved.
    """

    def __init__(
        self,
        book: MemoryJobs | StoreJobs,
        workers: int | None = 1,
        engine: Callable[[], Client | None] = lambda: None,
        heartbeat_seconds: float = 5.0,
    ):
        self.book = book
        self.workers = workers
        self.engine = engine
        self.heartbeat_seconds = heartbeat_seconds
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        self._closing = False

    # --- what the API and the pages call ------------------------------------------------

    def submit(self, work: Work, request: str = "") -> str:
        """Queue a job (``request``: the posted JSON, kept by a shared book to solve again); its id, or ``QueueFull``."""
        job_id = self.book.add(work, request)
        self.start()
        with self._changed:
            self._changed.notify_all()
        return job_id

    def state(self, job_id: str) -> JobState | None:
        """The job's current state; None for an unknown or forgotten id."""
        return self.book.state(job_id)

    def finished(self) -> list[JobState]:
        """Jobs that finished with a comparison, newest first."""
        return self.book.finished()

    def start(self) -> None:
        """Start the worker thread once; daemon, so it never keeps the server from stopping."""
        with self._changed:
            if self._thread is None and not self._closing:
                self._thread = threading.Thread(target=self._serve, name="scenario-jobs", daemon=True)
                self._thread.start()
                atexit.register(self.close)

    def close(self) -> None:
        """Stop the running job's process and the worker thread (at exit)."""
        with self._changed:
            self._closing = True
            child = self._child
            self._changed.notify_all()
        if child is not None and child.is_alive():
            child.terminate()

    # --- the worker thread ----------------------------------------------------------------

    def _next(self) -> tuple[str, Work] | None:
        """Wait for a job to solve; None when closing."""
        with self._changed:
            while not self._closing:
                try:
                    taken = self.book.claim(self.owner)
                except Exception as exc:  # the store is unreachable for a moment: look again later
                    log.warning("scenario jobs could not be read from the store: %s", type(exc).__name__)
                    taken = None
                if taken is not None:
                    return taken
                self._changed.wait(SHARED_POLL_SECONDS if self.book.shared else None)
        return None

    def _serve(self) -> None:
        while (taken := self._next()) is not None:
            job_id, work = taken
            try:
                self._run(job_id, work)
            except Exception as exc:  # e.g. no process could be started: fail the job, keep serving
                log.error("scenario job could not run: %s", type(exc).__name__)
                self.book.finish(job_id, self.owner, error="the job could not be started on the server")

    def _run(self, job_id: str, work: Work) -> None:
        lost = threading.Event()
        beating = threading.Event()
        if self.book.shared:
            threading.Thread(target=self._beat, args=(job_id, lost, beating), name="job-heartbeat", daemon=True).start()
        try:
            client = self.engine()
            if client is not None:
                self._on_engine(job_id, work, client, lost)
            else:
                self._in_child(job_id, work, lost)
        finally:
            beating.set()

    def _beat(self, job_id: str, lost: threading.Event, stop: threading.Event) -> None:
        """Show the store the job is still being solved here, until it ends or another server has it."""
        while not stop.wait(self.heartbeat_seconds):
            try:
                if not self.book.progress(job_id, self.owner):
                    lost.set()
                    return
            except Exception as exc:  # a moment without the store: the next beat tries again
                log.warning("a scenario job's heartbeat failed: %s", type(exc).__name__)

    def _on_engine(self, job_id: str, work: Work, client: Client, lost: threading.Event) -> None:
        """Every search of the job a task on the cluster; this thread waits and records progress."""

        def progress(done: int, total: int, _what: str) -> None:
            if not self.book.progress(job_id, self.owner, done, total):
                lost.set()

        try:
            document = _document(work, progress, client=client)
        except Exception as exc:
            log.error("scenario job failed on the cluster: %s", type(exc).__name__)
            if not lost.is_set():
                self.book.finish(job_id, self.owner, error=FAILED.format(type(exc).__name__))
            return
        if not lost.is_set():
            self.book.finish(job_id, self.owner, document=document)

    def _in_child(self, job_id: str, work: Work, lost: threading.Event) -> None:
        """Solve one job in a child process, relaying its messages, within its time budget."""
        context = multiprocessing.get_context("spawn")
        messages = context.Queue()
        child = context.Process(
            target=solve_in_child, args=(work, self.workers, messages, os.getpid()), name=f"scenario-job-{job_id}"
        )
        deadline = time.monotonic() + work.budget_seconds()
        with self._changed:
            if self._closing:
                return
            self._child = child
            child.start()
        try:
            self._relay(job_id, child, messages, deadline, lost)
        finally:
            if child.is_alive():
                child.terminate()
            child.join(timeout=5)
            messages.close()
            with self._changed:
                self._child = None

    def _relay(self, job_id: str, child: Any, messages: Any, deadline: float, lost: threading.Event) -> None:
        """Record progress until the child sends its result, dies, runs out of time, or the job is taken over."""
        while not lost.is_set():
            try:
                message = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._closing:
                    return
                if not child.is_alive() and messages.empty():
                    self.book.finish(job_id, self.owner, error="the solving process ended unexpectedly")
                    return
                if time.monotonic() > deadline:
                    self.book.finish(
                        job_id, self.owner, error="the scenarios took far longer than their time limits allow; stopped"
                    )
                    return
                continue
            if message[0] == "progress":
                if not self.book.progress(job_id, self.owner, message[1], message[2]):
                    return
            elif message[0] == "done":
                self.book.finish(job_id, self.owner, document=message[1])
                return
            else:
                self.book.finish(job_id, self.owner, error=message[1])
                return


_creating = threading.Lock()


def _reader(app: Flask) -> Callable[[str], Work | None]:
    """How a kept request becomes work again: checked as when it was posted, with this app's limits."""
    from web.api.scenario_body import scenario_request

    def read(text: str) -> Work | None:
        config = app.config
        try:
            wanted = scenario_request(
                json.loads(text),
                float(config["PLANNER_SCENARIO_MAX_TIME_LIMIT"]),
                int(config["PLANNER_SCENARIO_MAX_VARIANTS"]),
            )
        except (ValueError, RecursionError):
            return None
        if not wanted.ok or wanted.dataset is None or wanted.scenario is None:
            return None
        return Work(wanted.dataset, wanted.scenario, wanted.params, wanted.advice)

    return read


def app_jobs(app: Flask | None = None) -> ScenarioJobs:
    """The job worker of ``app`` (the current one by default), made on first use from its config.

    Its book is the work-order store when the app has one, else memory;
    its searches go to the app's cluster when it has one (``web.engine``).
    """
    from web.engine import app_engine

    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _creating:
        jobs = app.extensions.get(EXTENSION)
        if jobs is None:
            config = app.config
            with app.app_context():
                database = get_workorders()
            book: MemoryJobs | StoreJobs
            if database is not None:
                book = StoreJobs(
                    database,
                    int(config["PLANNER_SCENARIO_MAX_QUEUED"]),
                    float(config["PLANNER_SCENARIO_KEEP_SECONDS"]),
                    float(config["PLANNER_JOB_STALE_SECONDS"]),
                    _reader(app),
                )
            else:
                book = MemoryJobs(
                    int(config["PLANNER_SCENARIO_MAX_QUEUED"]), float(config["PLANNER_SCENARIO_KEEP_SECONDS"])
                )
            jobs = ScenarioJobs(
                book,
                config["PLANNER_SCENARIO_WORKERS"],
                lambda: app_engine(app),
                heartbeat_seconds=float(config["PLANNER_JOB_STALE_SECONDS"]) / 4,
            )
            app.extensions[EXTENSION] = jobs
    return jobs


def start_job_worker(app: Flask) -> None:
    """Start taking jobs now when they are shared: a restarted server resumes those its stop left unfinished."""
    jobs = app_jobs(app)
    if jobs.book.shared:
        jobs.start()
