"""Earlier routes as the start of a new search: a day re-planned, a scenario, a horizon's days.

A search started from the routes people already know changes only what it
must. The one-day planner (``planner.planning``), the horizon planner
(``planner.horizon.solve``) and the slot finder (``planner.slots``) all
start from earlier routes, so the translation between a plan's visit ids
and a routing problem's positions lives here, below all three.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.plan import Plan
from planner.routing import RoutingProblem


def sequences(plan: Plan) -> dict[str, list[str]]:
    """Technician id -> visit ids in order: the shape of a plan that a search can start from."""
    return {r.technician_id: [s.visit_id for s in r.stops] for r in plan.routes}


def start_routes(problem: RoutingProblem, start: Mapping[str, Sequence[str]]) -> list[list[int]]:
    """Earlier routes as visit positions of this problem, per vehicle.

    Visits or technicians that are gone, and visits no longer allowed for
    their technician, are left out; what remains is tried as the start.
    """
    position = {visit_id: i for i, visit_id in enumerate(problem.visit_ids)}
    routes: list[list[int]] = [[] for _ in problem.technician_ids]
    for technician_id, visit_ids in start.items():
        if technician_id not in problem.technician_ids:
            continue
        vehicle = problem.technician_ids.index(technician_id)
        routes[vehicle] = [position[v] for v in visit_ids if v in position and vehicle in problem.allowed[position[v]]]
    return routes
