"""Plan the independent parts of a multi-day horizon as tasks on the cluster, and merge them into one plan.

A horizon splits as a day does (``planner.cluster.split``): two visits are
in the same part when some person may do both on some date of the horizon,
or when they draw on the same scarce spare part; each part takes its
people's shifts by date, and its visits keep their release and due dates.
Each part is planned by the horizon planner (``plan_horizon``) with the
same seed, and the merge takes the parts in a fixed order, so one worker
or many give the same plan. Visits nobody could do on any date, or
released after the horizon, are explained from the whole horizon, as
``plan_horizon`` explains them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.cluster.fanout import part_time_limit
from planner.cluster.split import component_days, components
from planner.domain import Dataset
from planner.eligibility import Eligibility
from planner.horizon.output import DayRoutes, HorizonPlan
from planner.horizon.reasons import HorizonExplainer
from planner.horizon.solve import PlannedHorizon, horizon_kpis, plan_horizon
from planner.horizon.vehicles import HorizonEligibility, day_dataset, day_vehicles, horizon_eligibility
from planner.kpis import plan_kpis
from planner.routing import SearchParams

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class FannedOutHorizon:
    """The merged horizon plan and how its parts went (search figures stay out of ``plan.json``)."""

    planned: PlannedHorizon
    parts: int


def people_eligibility(dataset: Dataset, found: HorizonEligibility) -> Eligibility:
    """Who may do each plannable visit on some date of the horizon: the person behind each allowed vehicle."""
    person = {v.id: v.person for v in day_vehicles(dataset)}
    return Eligibility(
        {visit: tuple(dict.fromkeys(person[v] for v in vehicles)) for visit, vehicles in found.allowed.allowed.items()},
        found.allowed.excluded,
    )


def horizon_parts(dataset: Dataset) -> list[Dataset]:
    """The horizon dataset of each independent part, ordered by its first visit."""
    allowed = people_eligibility(dataset, horizon_eligibility(dataset, dataset.visits))
    return component_days(dataset, allowed, components(dataset, allowed))


def plan_horizon_part(part: Dataset, time_limit: float | None, seed: int) -> PlannedHorizon:
    """One task on a worker: plan one part's horizon within its work budget (see ``part_time_limit``)."""
    return plan_horizon(part, SearchParams(time_limit=part_time_limit(time_limit), seed=seed))


def plan_horizon_on_cluster(
    dataset: Dataset, client: Client, time_limit: float | None = None, seed: int = 0
) -> FannedOutHorizon:
    """Fan the horizon's independent parts out over the cluster and merge what comes back."""
    started = time.perf_counter()
    parts = horizon_parts(dataset)
    futures = [
        client.submit(plan_horizon_part, part, time_limit, seed, priority=len(part.visits), pure=False)
        for part in parts
    ]
    planned: list[PlannedHorizon] = client.gather(futures)
    merged = merge_horizons(dataset, planned)
    stopped = "time_limit" if any(p.stopped_by == "time_limit" for p in planned) else "work_limit"
    return FannedOutHorizon(
        PlannedHorizon(merged, time.perf_counter() - started, stopped, sum(p.objective for p in planned)), len(parts)
    )


def merge_horizons(dataset: Dataset, planned: list[PlannedHorizon]) -> HorizonPlan:
    """One horizon plan from the plans of its parts: routes by date and technician, left-out visits in dataset order."""
    dates = dataset.settings.days()
    days = tuple(
        DayRoutes(
            date=date,
            routes=tuple(sorted((r for p in planned for r in p.plan.days[d].routes), key=lambda r: r.technician_id)),
        )
        for d, date in enumerate(dates)
    )
    found = horizon_eligibility(dataset, dataset.visits)
    explainer = HorizonExplainer(dataset, days, found, (), {})
    in_parts = {u.visit_id: u for p in planned for u in p.plan.unassigned}
    served = {s.visit_id for day in days for r in day.routes for s in r.stops}
    unassigned = tuple(
        in_parts[v.id] if v.id in in_parts else explainer.explain(v, None) for v in dataset.visits if v.id not in served
    )
    # One date (crews or release dates on a single day): the one-day figures, as ``plan_horizon`` gives them.
    kpis = (
        horizon_kpis(dataset, days, unassigned)
        if len(dates) > 1
        else plan_kpis(day_dataset(dataset, 0), days[0].routes, unassigned)
    )
    return HorizonPlan(
        date=dates[0],
        timezone=dataset.settings.timezone,
        horizon_days=len(dates),
        days=days,
        unassigned=unassigned,
        kpis=kpis,
    )
