"""A peer's answer for a day, turned into the contract's ``Plan``.

Peers answer with sequences and service start times. The bench puts them
on the clock with the same timeline code as our own plans (leave just in
time, a break that falls in a drive delays the arrival) and explains the
visits left out with the same reasons, so the checker and the KPIs see
every solver's plan in one form, and nothing is forgiven on the way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.domain import Dataset
from planner.eligibility import eligibility
from planner.explain import DropExplainer, explain_exclusion
from planner.kpis import plan_kpis
from planner.plan import Plan
from planner.routing import RoutingProblem, VehicleRoute
from planner.timeline import build_route


@dataclass(frozen=True)
class PeerRoute:
    """One technician's day as a peer sees it; times in minutes after midnight.

    ``leave`` and ``back`` bound the peer's own working day (they decide
    whether a break before the first or after the last visit interrupts a
    drive); None means the shift's bounds.
    """

    vehicle: int
    visits: tuple[int, ...]
    starts: tuple[int, ...]
    break_start: int | None = None
    leave: int | None = None
    back: int | None = None


def plan_from_routes(dataset: Dataset, problem: RoutingProblem, routes: Sequence[PeerRoute]) -> Plan:
    """The plan of ``routes`` (visit positions of ``problem``, a ``day_problem``), with reasons and KPIs."""
    placed = []
    for route in routes:
        if not route.visits:
            continue
        shift_start, shift_end = problem.shifts[route.vehicle]
        timed = VehicleRoute(
            vehicle=route.vehicle,
            visits=route.visits,
            starts=route.starts,
            start_cumul=shift_start if route.leave is None else route.leave,
            end_cumul=shift_end if route.back is None else route.back,
            break_start=route.break_start,
        )
        placed.append(build_route(problem, timed, dataset.settings))
    placed.sort(key=lambda r: r.technician_id)
    served = {s.visit_id for r in placed for s in r.stops}
    allowed = eligibility(dataset)
    dropped = DropExplainer(dataset, placed)
    unassigned = [
        explain_exclusion(allowed.excluded[v.id], dataset)
        if v.id in allowed.excluded
        else dropped.explain(v, allowed.allowed[v.id])
        for v in dataset.visits
        if v.id not in served
    ]
    return Plan(
        date=dataset.settings.date,
        timezone=dataset.settings.timezone,
        routes=tuple(placed),
        unassigned=tuple(unassigned),
        kpis=plan_kpis(dataset, placed, unassigned),
    )
