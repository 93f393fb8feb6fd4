"""Measure the national planner: time and service per worker count, and the engine's overhead.

Three figures answer "how many machines for a national morning?":

- the national day planned on local clusters of 1, 2... workers (time to
  plan once the workers are up, service, and whether the plans are the
  same bytes);
- one city planned in this process and through a one-worker cluster: the
  difference is what the engine costs a day that needs no cluster;
- from the one-city time, the workers needed to plan ``cities`` such
  cities within a deadline, as the parts are independent.

Workers are warmed up (the compiled search loaded) before the clock
starts, as the workers of a long-running cluster are.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.cluster.engine import connect
from planner.cluster.fanout import part_time_limit, plan_on_cluster
from planner.demo_national import generate_national
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.routing.warmup import warm_up


@dataclass(frozen=True)
class ClusterRun:
    """The national day on a local cluster of ``workers`` workers."""

    workers: int
    start_seconds: float
    plan_seconds: float
    worker_seconds: float
    parts: int
    stopped_by: str
    served: int
    total: int
    service: float
    digest: str


@dataclass(frozen=True)
class Overhead:
    """One city's day in this process and through a one-worker cluster (best of ``REPEATS`` each).

    ``worker_seconds`` is the time the worker spent planning inside the
    task: the round trip less it is what the engine itself costs (cutting,
    sending, scheduling, merging), free of the machine's noise that makes
    two plans of the same day differ by seconds on a shared machine.
    """

    visits: int
    plain_seconds: float
    cluster_seconds: float
    worker_seconds: float
    worker_cpu_seconds: float

    @property
    def engine(self) -> float:
        return self.cluster_seconds - self.worker_seconds


#: Runs of each one-city measurement; the fastest counts, as the others waited for the machine.
REPEATS = 2


def workers_needed(city_seconds: float, cities: int, deadline_seconds: float) -> int:
    """Workers that plan ``cities`` independent cities of ``city_seconds`` each within the deadline.

    Each worker plans whole cities one after another, so the count is
    rounded up; the last round is full only when the cities divide evenly.
    """
    per_worker = max(1, math.floor(deadline_seconds / city_seconds)) if city_seconds > 0 else cities
    return math.ceil(cities / per_worker)


def run_national(
    cities: int,
    visits_per_city: int,
    workers: Sequence[int],
    seed: int = 0,
    progress: Callable[[str], None] = lambda line: None,
) -> list[ClusterRun]:
    """Plan the national day once per worker count, each on a fresh local cluster."""
    dataset = generate_national(cities, visits_per_city, seed)
    runs: list[ClusterRun] = []
    for count in workers:
        started = time.perf_counter()
        with connect(f"local:{count}") as client:
            client.run(warm_up)
            up = time.perf_counter()
            result = plan_on_cluster(dataset, client, seed=seed)
            done = time.perf_counter()
        kpis = result.plan.kpis
        runs.append(
            ClusterRun(
                count,
                up - started,
                done - up,
                sum(result.worker_seconds),
                result.parts,
                result.stopped_by,
                kpis["visits_served"],
                kpis["visits_total"],
                kpis["priority_weighted_service"],
                hashlib.sha256(result.plan.to_json().encode()).hexdigest()[:16],
            )
        )
        progress(f"{count} worker(s): {done - up:.1f} s")
    return runs


def run_overhead(visits: int, seed: int = 0) -> Overhead:
    """One city planned with ``plan_day`` here, then through a warmed one-worker cluster, both to the same
    work budget (a part's, ``part_time_limit``), so that only the engine differs."""
    dataset = generate_national(1, visits, seed)
    warm_up()
    plain = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        plan_day(dataset, SearchParams(time_limit=part_time_limit(None), seed=seed))
        plain.append(time.perf_counter() - started)
    through: list[tuple[float, float, float]] = []
    with connect("local:1") as client:
        client.run(warm_up)
        for _ in range(REPEATS):
            started = time.perf_counter()
            result = plan_on_cluster(dataset, client, seed=seed)
            through.append((time.perf_counter() - started, sum(result.worker_seconds), sum(result.worker_cpu_seconds)))
    best = min(through)
    return Overhead(visits, min(plain), *best)
