"""Plan the independent parts of a day as tasks on the cluster, and merge them into one plan.

Each part is planned exactly as any day is (``planner.planning.plan_day``,
in sectors when large), with the same seed and a work-bounded search, so a
part's plan does not depend on which worker made it or when. The merge
takes the parts in a fixed order (routes by technician, left-out visits in
dataset order) and recomputes the headline figures over the whole day, so
the plan is byte-identical with one worker or many. Visits nobody could
ever do are explained from the whole day, as ``plan_day`` explains them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.cluster.split import component_days, components, day_eligibility
from planner.defaults import PLANNING_DEFAULTS
from planner.domain import Dataset
from planner.eligibility import Exclusion
from planner.explain import explain_exclusion
from planner.kpis import plan_kpis
from planner.plan import Plan
from planner.planning import PlannedDay, plan_day
from planner.routing import SearchParams

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class FannedOut:
    """The merged plan and how its parts went (search figures stay out of ``plan.json``)."""

    plan: Plan
    parts: int
    seconds: float
    stopped_by: str
    #: Wall seconds the workers spent planning, part by part: what a cluster of any size has to do.
    worker_seconds: tuple[float, ...]
    #: Processor seconds of the same, which other work on a shared machine does not inflate.
    worker_cpu_seconds: tuple[float, ...]


@dataclass(frozen=True)
class PlannedPart:
    """What a task sends back: the part's plan and the wall and processor seconds its worker spent on it."""

    planned: PlannedDay
    seconds: float
    cpu_seconds: float


def part_time_limit(time_limit: float | None) -> float:
    """The time cap of one part: the caller's ``--time-limit``, else none that a search can reach.

    Without ``--time-limit`` a part searches until its work budget is spent
    (ruin-and-recreate iterations and OR-Tools solutions, both sized by the
    part), so its plan is the same on an idle worker or a busy one, on one
    worker or many. The clock's cap is then the longest any command may run
    (``command_max_time_limit``): a net for a search that never ends, never a
    budget. A size-based cap, even four times a day's, stopped parts of a
    20-city day on a machine shared at a load of 15, and one worker and two
    gave different plans. A ``--time-limit`` given is a budget by the clock:
    the plan then depends on how busy the workers are.
    """
    return time_limit if time_limit is not None else PLANNING_DEFAULTS.command_max_time_limit


def plan_part(day: Dataset, time_limit: float | None, seed: int) -> PlannedPart:
    """One task on a worker: plan one part of the day within its work budget (see ``part_time_limit``)."""
    started, processor = time.perf_counter(), time.process_time()
    planned = plan_day(day, SearchParams(time_limit=part_time_limit(time_limit), seed=seed))
    return PlannedPart(planned, time.perf_counter() - started, time.process_time() - processor)


def plan_on_cluster(dataset: Dataset, client: Client, time_limit: float | None = None, seed: int = 0) -> FannedOut:
    """Fan the day's independent parts out over the cluster and merge what comes back.

    The largest parts are submitted with the highest priority, so that
    the last task to finish is a small one; a task whose worker is lost is
    rescheduled by the engine on another worker.
    """
    allowed = day_eligibility(dataset)
    parts = components(dataset, allowed)
    days = component_days(dataset, allowed, parts)
    futures = [client.submit(plan_part, day, time_limit, seed, priority=len(day.visits), pure=False) for day in days]
    done: list[PlannedPart] = client.gather(futures)
    planned = [p.planned for p in done]
    return FannedOut(
        merge(dataset, allowed.excluded.values(), planned),
        len(parts),
        sum(p.seconds for p in planned),
        "time_limit" if any(p.stopped_by == "time_limit" for p in planned) else "work_limit",
        tuple(p.seconds for p in done),
        tuple(p.cpu_seconds for p in done),
    )


def merge(dataset: Dataset, excluded: Iterable[Exclusion], planned: list[PlannedDay]) -> Plan:
    """One plan of the whole day from the plans of its parts, in a fixed order."""
    routes = sorted((r for p in planned for r in p.plan.routes), key=lambda r: r.technician_id)
    unassigned = [explain_exclusion(e, dataset) for e in excluded]
    unassigned += [u for p in planned for u in p.plan.unassigned]
    order = {v.id: i for i, v in enumerate(dataset.visits)}
    unassigned.sort(key=lambda u: order[u.visit_id])
    return Plan(
        date=dataset.settings.date,
        timezone=dataset.settings.timezone,
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        kpis=plan_kpis(dataset, routes, unassigned),
    )
