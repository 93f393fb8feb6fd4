"""Solving many days in parallel, each plan checked independently of the solver.

Every search is single-threaded, so a machine solves as many days at
once as it has cores. A job may start its search from the plan of an
earlier job (``Job.start``); it is handed to a worker as soon as that
plan exists, and jobs are handed out in the order given whenever a
worker is free, so a chain of sweep steps is not kept waiting behind
work listed after it. Workers are started with ``spawn`` (never
``fork``) so this is safe from a threaded web server too; with one
worker everything runs in this process, which tests and debuggers prefer.

Given a cluster's client (``planner.cluster``), every job is a task on
the cluster instead, handed over as soon as its start plan exists (the
cluster queues what its workers cannot take yet, in the order given).
Each job's plan is the same wherever it is solved, so the results are
those of the local pool.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planner.check import Violation, check
from planner.domain import Dataset
from planner.horizon.output import HorizonPlan
from planner.plan import Plan
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.scenarios.week import is_week, solve_week

if TYPE_CHECKING:
    from distributed import Client

#: Called after each solve with (solved so far, total to solve, what was just solved).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Job:
    """One day to solve, how hard to search, and which earlier job's plan to start from."""

    key: str
    dataset: Dataset
    params: SearchParams
    start: str | None = None


@dataclass(frozen=True)
class Solved:
    """A solved day: the plan, how the search went, and every rule the checker found broken."""

    plan: Plan
    seconds: float
    stopped_by: str
    warm_started: bool
    violations: tuple[Violation, ...]
    week: HorizonPlan | None = None
    """The multi-day plan, when the scenario's day is several days (``planner.scenarios.week``)."""


def solve_job(job: Job, start_from: Plan | None) -> Solved:
    """Plan one day (or a week, from scratch) and check the plan (runs in a worker process)."""
    if is_week(job.dataset):
        plan, week, seconds, stopped_by, violations = solve_week(job.dataset, job.params)
        return Solved(plan, seconds, stopped_by, False, violations, week)
    day = plan_day(job.dataset, job.params, start_from=start_from)
    return Solved(day.plan, day.seconds, day.stopped_by, day.warm_started, tuple(check(job.dataset, day.plan)))


def default_workers() -> int:
    """One worker per core: each search is single-threaded."""
    return os.cpu_count() or 1


class Solver:
    """Solves batches of jobs on a pool of workers (or in this process) and reports progress.

    Results are kept across batches, so a later batch may start from a
    plan solved in an earlier one.
    """

    def __init__(self, workers: int | None = None, progress: Progress | None = None, client: Client | None = None):
        self.client = client
        self.workers = max(1, workers if workers is not None else default_workers()) if client is None else 0
        self.progress = progress
        self.results: dict[str, Solved] = {}
        self.total = 0
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Solver:
        if self.client is None and self.workers > 1:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def expect(self, count: int) -> None:
        """Announce ``count`` more solves, so the progress total is right before they start."""
        self.total += count

    def solve(self, jobs: list[Job]) -> dict[str, Solved]:
        """Solve every job, each once the plan it starts from exists; results by job key."""
        pending = list(jobs)
        running: dict[Any, Job] = {}
        while pending or running:
            ready = [j for j in pending if j.start is None or j.start in self.results]
            if not ready and not running:
                waiting = ", ".join(f"{j.key} (after {j.start})" for j in pending)
                raise ValueError(f"jobs wait for plans no job makes: {waiting}")
            for job in ready:
                if self.client is None and len(running) >= self.workers:
                    break
                pending.remove(job)
                start = self.results[job.start].plan if job.start is not None else None
                if self.client is not None:
                    running[self.client.submit(solve_job, job, start, pure=False, priority=-jobs.index(job))] = job
                elif self.pool is None:
                    self._finished(job, solve_job(job, start))
                else:
                    running[self.pool.submit(solve_job, job, start)] = job
            if running:
                done = self._first_done(list(running))
                for future in done:
                    self._finished(running.pop(future), future.result())
        return {job.key: self.results[job.key] for job in jobs}

    def _first_done(self, running: list[Any]) -> set[Any]:
        """Wait until at least one of the running futures (the pool's or the cluster's) is done."""
        if self.client is not None:
            from distributed import wait as wait_on_cluster

            with self.client.as_current():
                return wait_on_cluster(running, return_when="FIRST_COMPLETED").done
        return wait(running, return_when=FIRST_COMPLETED)[0]

    def _finished(self, job: Job, solved: Solved) -> None:
        self.results[job.key] = solved
        if self.progress is not None:
            self.progress(len(self.results), max(self.total, len(self.results)), job.key)
