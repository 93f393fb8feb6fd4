"""Scenario runs asked for through the API: queued, solved one at a time, kept for a while.

A scenario set takes seconds to minutes to solve, longer than a client
or a proxy waits, so ``POST /api/v1/scenarios`` only queues a job here
and answers at once. One worker thread per app takes the jobs in order.

OR-Tools keeps Python's global lock for the whole of a search, so a
search inside the web process would freeze every page and API answer for
its length. Each job therefore runs in a child process (started with
``spawn``, safe from a threaded server, at a lower CPU priority where
the system has one), which sends its progress and, at the end, the
comparison document back over a queue. The child solves with
``run_scenarios(workers=...)``: 1 solves in the child itself, more (or
None for one per core) use a process pool of that size. As with the
CLI's pools, a script that serves the app must guard its main code with
``if __name__ == "__main__"``, since ``spawn`` imports it again.

Limits keep a shared server usable: at most ``max_queued`` jobs wait
(``QueueFull`` beyond, which the API answers with 429), a job that runs
far beyond its time budget is stopped, and finished jobs are forgotten
after ``keep_seconds`` (and beyond ``MAX_KEPT`` of them). A job's day,
which holds customers' data, is kept only until its job ends; what stays
is the comparison document, which holds none.
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
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from flask import Flask, current_app

from planner.domain import Dataset
from planner.routing import SearchParams
from planner.scenarios.advise import MAX_CANDIDATES
from planner.scenarios.compare import comparison_document
from planner.scenarios.run import run_scenarios
from planner.scenarios.spec import ScenarioFile

log = logging.getLogger(__name__)

Status = Literal["queued", "running", "done", "failed"]

#: Finished jobs kept at most, however recent: each holds a comparison document in memory.
MAX_KEPT = 50
#: How the comparison names a day posted through the API (the CLI names the dataset folder).
DATASET_LABEL = "api"
#: Seconds between looks at a running child when it has nothing to say.
POLL_SECONDS = 0.25
#: A job is stopped when it runs this many times longer than its searches' time caps add up to, plus a minute.
BUDGET_FACTOR = 2.0
BUDGET_SLACK_SECONDS = 60.0
#: Added to the CPU niceness of a job's process, so pages stay quick while it solves.
NICENESS = 5
EXTENSION = "planner.scenario_jobs"


class QueueFull(Exception):
    """As many jobs wait as the app allows."""


@dataclass(frozen=True)
class Work:
    """What a job solves: the day, its checked scenarios, the search options and the worker count."""

    dataset: Dataset
    scenario: ScenarioFile
    params: SearchParams
    advice: bool
    workers: int | None

    def budget_seconds(self) -> float:
        """How long the job may run before it is stopped as stuck."""
        searches = 1 + len(self.scenario.variants) + (MAX_CANDIDATES if self.advice else 0)
        return searches * self.params.time_limit * BUDGET_FACTOR + BUDGET_SLACK_SECONDS


@dataclass(frozen=True)
class JobState:
    """A job as callers see it (a snapshot: the worker thread keeps changing the live one)."""

    id: str
    status: Status
    done: int
    total: int
    created: float
    finished: float | None = None
    document: dict[str, Any] | None = None
    error: str | None = None


def solve_in_child(work: Work, messages: Any) -> None:
    """Run the scenarios and send ``("progress", done, total)`` messages, then ``("done", document)``.

    Runs in the job's own process. A failure sends ``("failed", sentence)``
    naming only the kind of error: its message could quote the day's data.
    """
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)

    def progress(done: int, total: int, _what: str) -> None:
        messages.put(("progress", done, total))

    try:
        run = run_scenarios(work.dataset, work.scenario, work.params, workers=work.workers,
                            progress=progress, advice=work.advice)
        # Through JSON and back: the document then reads exactly as comparison.json does.
        messages.put(("done", json.loads(json.dumps(comparison_document(run, DATASET_LABEL)))))
    except Exception as exc:  # reported to the client as a failed job, never as a trace
        messages.put(("failed", f"the scenarios could not be solved ({type(exc).__name__})"))


class ScenarioJobs:
    """The job queue of one app, with its worker thread (started by the first job)."""

    def __init__(self, max_queued: int, keep_seconds: float, workers: int | None = 1,
                 clock: Callable[[], float] = time.time):
        self.max_queued = max_queued
        self.keep_seconds = keep_seconds
        self.workers = workers
        self.clock = clock
        self._jobs: dict[str, JobState] = {}
        self._work: dict[str, Work] = {}
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._child: multiprocessing.process.BaseProcess | None = None
        self._closing = False

    # --- what the API and the pages call ------------------------------------------------

    def submit(self, dataset: Dataset, scenario: ScenarioFile, params: SearchParams, advice: bool) -> str:
        """Queue a job; its id. ``QueueFull`` when ``max_queued`` jobs wait already."""
        work = Work(dataset, scenario, params, advice, self.workers)
        with self._changed:
            self._forget_old()
            if sum(1 for job in self._jobs.values() if job.status == "queued") >= self.max_queued:
                raise QueueFull()
            job_id = secrets.token_hex(8)
            self._jobs[job_id] = JobState(job_id, "queued", 0, 1 + len(scenario.variants), self.clock())
            self._work[job_id] = work
            self._start_worker()
            self._changed.notify_all()
        return job_id

    def state(self, job_id: str) -> JobState | None:
        """The job's current state; None for an unknown or forgotten id."""
        with self._changed:
            self._forget_old()
            return self._jobs.get(job_id)

    def finished(self) -> list[JobState]:
        """Jobs that finished with a comparison, newest first."""
        with self._changed:
            self._forget_old()
            done = [job for job in self._jobs.values() if job.status == "done"]
        return sorted(done, key=lambda job: job.finished or 0, reverse=True)

    def close(self) -> None:
        """Stop the running job's process and the worker thread (at exit)."""
        with self._changed:
            self._closing = True
            child = self._child
            self._changed.notify_all()
        if child is not None and child.is_alive():
            child.terminate()

    # --- bookkeeping ----------------------------------------------------------------------

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._changed:
            if job_id in self._jobs:
                self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _finish(self, job_id: str, **changes: Any) -> None:
        self._update(job_id, finished=self.clock(), **changes)

    def _forget_old(self) -> None:
        """Drop finished jobs older than ``keep_seconds``, and the oldest beyond ``MAX_KEPT`` (lock held)."""
        now = self.clock()
        ended = [job for job in self._jobs.values() if job.finished is not None]
        ended.sort(key=lambda job: job.finished or 0)
        for index, job in enumerate(ended):
            if now - (job.finished or 0) > self.keep_seconds or index < len(ended) - MAX_KEPT:
                del self._jobs[job.id]

    def _start_worker(self) -> None:
        """Start the worker thread once (lock held); daemon, so it never keeps the server from stopping."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="scenario-jobs", daemon=True)
            self._thread.start()
            atexit.register(self.close)

    # --- the worker thread ----------------------------------------------------------------

    def _next(self) -> tuple[str, Work] | None:
        """Wait for the oldest queued job and mark it running; None when closing."""
        with self._changed:
            while not self._closing:
                queued = next((job for job in self._jobs.values() if job.status == "queued"), None)
                if queued is not None:
                    self._jobs[queued.id] = replace(queued, status="running")
                    return queued.id, self._work.pop(queued.id)
                self._changed.wait()
        return None

    def _serve(self) -> None:
        while (taken := self._next()) is not None:
            job_id, work = taken
            try:
                self._run(job_id, work)
            except Exception as exc:  # e.g. no process could be started: fail the job, keep serving
                log.error("scenario job could not run: %s", type(exc).__name__)
                self._finish(job_id, status="failed", error="the job could not be started on the server")

    def _run(self, job_id: str, work: Work) -> None:
        """Solve one job in a child process, relaying its messages, within its time budget."""
        context = multiprocessing.get_context("spawn")
        messages = context.Queue()
        child = context.Process(target=solve_in_child, args=(work, messages), name=f"scenario-job-{job_id}")
        deadline = time.monotonic() + work.budget_seconds()
        with self._changed:
            if self._closing:
                return
            self._child = child
            child.start()
        try:
            self._relay(job_id, child, messages, deadline)
        finally:
            if child.is_alive():
                child.terminate()
            child.join(timeout=5)
            messages.close()
            with self._changed:
                self._child = None

    def _relay(self, job_id: str, child: Any, messages: Any, deadline: float) -> None:
        """Record progress until the child sends its result, dies, or runs out of time."""
        while True:
            try:
                message = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._closing:
                    return
                if not child.is_alive() and messages.empty():
                    self._finish(job_id, status="failed", error="the solving process ended unexpectedly")
                    return
                if time.monotonic() > deadline:
                    self._finish(job_id, status="failed",
                                 error="the scenarios took far longer than their time limits allow; stopped")
                    return
                continue
            if message[0] == "progress":
                self._update(job_id, done=message[1], total=message[2])
            elif message[0] == "done":
                state = self.state(job_id)
                total = state.total if state else 0
                self._finish(job_id, status="done", done=total, document=message[1])
                return
            else:
                self._finish(job_id, status="failed", error=message[1])
                return


_creating = threading.Lock()


def app_jobs(app: Flask | None = None) -> ScenarioJobs:
    """The job queue of ``app`` (the current one by default), made on first use from its config."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _creating:
        jobs = app.extensions.get(EXTENSION)
        if jobs is None:
            config = app.config
            jobs = ScenarioJobs(int(config["PLANNER_SCENARIO_MAX_QUEUED"]),
                                float(config["PLANNER_SCENARIO_KEEP_SECONDS"]),
                                config["PLANNER_SCENARIO_WORKERS"])
            app.extensions[EXTENSION] = jobs
    return jobs
