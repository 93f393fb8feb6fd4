"""Where scenario jobs are kept: in this app's memory, or in the store that every app server shares.

Without a work-order store (``PLANNER_DATABASE_URL``) an app keeps its
jobs in memory, as a single server always did: a restart forgets them.
With one, jobs are rows of the store (``planner.store.jobs``): any app
server answers for any job, any of them may solve a queued one, and a job
whose server stopped is claimed and solved again by another (or the same
one restarted), from the request kept with it until it ends.

Both books have the same face, so the worker that solves jobs
(``web.scenario_jobs``) does not know which it has. A book forgets ended
jobs after ``keep_seconds`` and beyond ``MAX_KEPT`` of them.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from planner.domain import Dataset
from planner.routing import SearchParams
from planner.scenarios.advise import MAX_CANDIDATES
from planner.scenarios.spec import ScenarioFile
from planner.store import Database
from planner.store.jobs import (
    JobsFull,
    add_job,
    claim_job,
    finish_job,
    finished_jobs,
    forget_jobs,
    job,
    report_progress,
)

Status = Literal["queued", "running", "done", "failed"]


def _status(text: str) -> Status:
    """A job row's status as the store keeps it (it writes no other)."""
    for status in get_args(Status):
        if status == text:
            return status
    raise ValueError(f"unknown job status {text!r}")


#: Finished jobs kept at most, however recent: each holds a comparison document.
MAX_KEPT = 50
#: The kind of the scenario jobs' rows in the store.
KIND = "scenarios"
#: A job is stopped when it runs this many times longer than its searches' time caps add up to, plus a minute.
BUDGET_FACTOR = 2.0
BUDGET_SLACK_SECONDS = 60.0


class QueueFull(Exception):
    """As many jobs wait as the app allows."""


@dataclass(frozen=True)
class Work:
    """What a job solves: the day, its checked scenarios, the search options, and whether to advise."""

    dataset: Dataset
    scenario: ScenarioFile
    params: SearchParams
    advice: bool

    @property
    def searches(self) -> int:
        """The base and the variants (what progress counts before advice adds its candidates)."""
        return 1 + len(self.scenario.variants)

    def budget_seconds(self) -> float:
        """How long the job may run before it is stopped as stuck."""
        searches = self.searches + (MAX_CANDIDATES if self.advice else 0)
        return searches * self.params.time_limit * BUDGET_FACTOR + BUDGET_SLACK_SECONDS


@dataclass(frozen=True)
class JobState:
    """A job as callers see it (a snapshot). Times are seconds since the epoch."""

    id: str
    status: Status
    done: int
    total: int
    created: float
    finished: float | None = None
    document: dict[str, Any] | None = None
    error: str | None = None


class MemoryJobs:
    """The jobs of one app, in its memory; only its own worker solves them."""

    shared = False

    def __init__(self, max_queued: int, keep_seconds: float, clock: Callable[[], float] = time.time):
        self.max_queued, self.keep_seconds, self.clock = max_queued, keep_seconds, clock
        self._jobs: dict[str, JobState] = {}
        self._work: dict[str, Work] = {}
        self._lock = threading.Lock()

    def add(self, work: Work, request: str) -> str:
        """Queue a job (``request`` is not needed in memory); its id, or ``QueueFull``."""
        with self._lock:
            self._forget_old()
            if sum(1 for state in self._jobs.values() if state.status == "queued") >= self.max_queued:
                raise QueueFull()
            job_id = secrets.token_hex(8)
            self._jobs[job_id] = JobState(job_id, "queued", 0, work.searches, self.clock())
            self._work[job_id] = work
        return job_id

    def claim(self, owner: str) -> tuple[str, Work] | None:
        """The oldest queued job, now running; None when none waits."""
        with self._lock:
            queued = next((state for state in self._jobs.values() if state.status == "queued"), None)
            if queued is None:
                return None
            self._jobs[queued.id] = replace(queued, status="running")
            return queued.id, self._work.pop(queued.id)

    def progress(self, job_id: str, owner: str, done: int | None = None, total: int | None = None) -> bool:
        """Record how far the job is; always still ours in memory."""
        changes: dict[str, Any] = {key: value for key, value in (("done", done), ("total", total)) if value is not None}
        with self._lock:
            if job_id in self._jobs:
                self._jobs[job_id] = replace(self._jobs[job_id], **changes)
        return True

    def finish(self, job_id: str, owner: str, document: dict[str, Any] | None = None, error: str | None = None) -> None:
        """End the job with its comparison, or the reason it failed."""
        with self._lock:
            state = self._jobs.get(job_id)
            if state is not None:
                self._jobs[job_id] = replace(
                    state,
                    status="done" if error is None else "failed",
                    done=state.total if error is None else state.done,
                    finished=self.clock(),
                    document=document,
                    error=error,
                )

    def state(self, job_id: str) -> JobState | None:
        """The job's current state; None for an unknown or forgotten id."""
        with self._lock:
            self._forget_old()
            return self._jobs.get(job_id)

    def finished(self) -> list[JobState]:
        """Jobs that finished with a comparison, newest first."""
        with self._lock:
            self._forget_old()
            done = [state for state in self._jobs.values() if state.status == "done"]
        return sorted(done, key=lambda state: state.finished or 0, reverse=True)

    def _forget_old(self) -> None:
        """Drop finished jobs older than ``keep_seconds``, and the oldest beyond ``MAX_KEPT`` (lock held)."""
        now = self.clock()
        ended = sorted(
            (state for state in self._jobs.values() if state.finished is not None),
            key=lambda state: state.finished or 0,
        )
        for index, state in enumerate(ended):
            if now - (state.finished or 0) > self.keep_seconds or index < len(ended) - MAX_KEPT:
                del self._jobs[state.id]


def _utc(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)


def _seconds(moment: dt.datetime | None) -> float | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC).timestamp()


class StoreJobs:
    """The jobs of every app server sharing the store.

    ``read`` turns a kept request back into the work to solve (None when
    it no longer reads: the job is then failed, saying so). A running job
    whose heartbeat is older than ``stale_seconds`` has lost its server.
    """

    shared = True

    def __init__(
        self,
        db: Database,
        max_queued: int,
        keep_seconds: float,
        stale_seconds: float,
        read: Callable[[str], Work | None],
        clock: Callable[[], float] = time.time,
    ):
        self.db, self.max_queued, self.keep_seconds, self.stale_seconds = db, max_queued, keep_seconds, stale_seconds
        self.read, self.clock = read, clock

    def _now(self) -> dt.datetime:
        return _utc(self.clock())

    def add(self, work: Work, request: str) -> str:
        """Queue a job with the request it solves (JSON as posted); its id, or ``QueueFull``."""
        job_id = secrets.token_hex(8)
        try:
            add_job(self.db, job_id, KIND, work.searches, request, self._now(), self.max_queued)
        except JobsFull:
            raise QueueFull() from None
        return job_id

    def claim(self, owner: str) -> tuple[str, Work] | None:
        """A queued job, or one whose server stopped, now ``owner``'s; None when there is none."""
        while True:
            now = self.clock()
            claimed = claim_job(self.db, KIND, owner, _utc(now), _utc(now - self.stale_seconds))
            if claimed is None:
                return None
            work = self.read(claimed.request)
            if work is not None:
                return claimed.id, work
            self.finish(claimed.id, owner, error="the job's request no longer reads on this server; post it again")

    def progress(self, job_id: str, owner: str, done: int | None = None, total: int | None = None) -> bool:
        """Move the heartbeat (and progress); False when another server has taken the job over."""
        return report_progress(self.db, job_id, owner, self._now(), done, total)

    def finish(self, job_id: str, owner: str, document: dict[str, Any] | None = None, error: str | None = None) -> None:
        """End the job (nothing happens when another server has taken it over)."""
        finish_job(self.db, job_id, owner, self._now(), document, error)

    def state(self, job_id: str) -> JobState | None:
        """The job as the store has it; None for an unknown or forgotten id."""
        self._forget_old()
        found = job(self.db, job_id)
        if found is None:
            return None
        return JobState(
            found.id,
            _status(found.status),
            found.done,
            found.total,
            _seconds(found.created_at) or 0.0,
            _seconds(found.finished_at),
            found.document,
            found.error,
        )

    def finished(self) -> list[JobState]:
        """Jobs that finished with a comparison, newest first."""
        self._forget_old()
        return [
            JobState(
                found.id,
                "done",
                found.done,
                found.total,
                _seconds(found.created_at) or 0.0,
                _seconds(found.finished_at),
                found.document,
            )
            for found in finished_jobs(self.db, KIND)
        ]

    def _forget_old(self) -> None:
        forget_jobs(self.db, KIND, _utc(self.clock() - self.keep_seconds), MAX_KEPT)
