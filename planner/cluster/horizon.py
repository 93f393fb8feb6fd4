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

A horizon planned again against the dates an earlier plan proposed
(``--previous``, or the store's live plans) sends each part the
proposals of its own visits: a part moves only its own visits' dates, so
it weighs each move exactly as a plan of the whole horizon would. The
merge then counts the kept and moved proposals over the whole horizon.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.cluster.fanout import part_time_limit
from planner.cluster.split import component_days, components
from planner.domain import Dataset
from planner.eligibility import Eligibility
from planner.horizon.output import DayRoutes, HorizonPlan
from planner.horizon.previous import with_proposals
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


def plan_horizon_part(
    part: Dataset, time_limit: float | None, seed: int, promised: Mapping[str, dt.date]
) -> PlannedHorizon:
    """One task on a worker: plan one part's horizon within its work budget (see ``part_time_limit``),
    keeping the dates proposed earlier to its visits unless there is a reason."""
    return plan_horizon(part, SearchParams(time_limit=part_time_limit(time_limit), seed=seed), promised)


def plan_horizon_on_cluster(
    dataset: Dataset,
    client: Client,
    time_limit: float | None = None,
    seed: int = 0,
    promised: Mapping[str, dt.date] | None = None,
) -> FannedOutHorizon:
    """Fan the horizon's independent parts out over the cluster and merge what comes back.

    ``promised``: the dates an earlier plan proposed (``planner.horizon.previous``).
    """
    started = time.perf_counter()
    promised = promised or {}
    parts = horizon_parts(dataset)
    futures = [
        client.submit(
            plan_horizon_part,
            part,
            time_limit,
            seed,
            {v.id: promised[v.id] for v in part.visits if v.id in promised},
            priority=len(part.visits),
            pure=False,
        )
        for part in parts
    ]
    planned: list[PlannedHorizon] = client.gather(futures)
    merged, moved = with_proposals(merge_horizons(dataset, planned), promised)
    stopped = "time_limit" if any(p.stopped_by == "time_limit" for p in planned) else "work_limit"
    seconds = time.perf_counter() - started
    return FannedOutHorizon(
        PlannedHorizon(merged, seconds, stopped, sum(p.objective for p in planned), moved), len(parts)
    )


def merge_horizons(dataset: Dataset, planned: list[PlannedHorizon]) -> HorizonPlan:
    """One horizon plan from the plans of its parts: routes by date and technician, left-out visits in dataset order.

    The parts' own counts of kept and moved proposals are left out: ``with_proposals`` counts them over the whole.
    """
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
