"""Plan a day: the one function the CLI, the API and scenarios call.

dataset -> eligibility -> routing problem -> search -> routes on the
clock -> reasons for what was left out -> KPIs. Infeasibility is a
result (visits in ``unassigned`` with reasons), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from planner.domain import Dataset
from planner.eligibility import eligibility
from planner.explain import explain_dropped, explain_exclusion, explain_no_plan
from planner.kpis import plan_kpis
from planner.plan import Plan
from planner.routing import ProblemOptions, RoutingProblem, SearchParams, build_problem, solve
from planner.timeline import build_route


@dataclass(frozen=True)
class PlannedDay:
    """A plan and how the search went; the search figures stay out of ``plan.json``
    because they vary from run to run while the plan itself does not."""

    plan: Plan
    seconds: float
    stopped_by: str
    objective: int
    warm_started: bool


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


def plan_day(
    dataset: Dataset,
    params: SearchParams = SearchParams(),
    start_from: Plan | Mapping[str, Sequence[str]] | None = None,
    options: ProblemOptions = ProblemOptions(),
) -> PlannedDay:
    """Solve one day and return the full, explained plan.

    ``start_from`` (a plan of the same or a similar day, or just its
    technician -> visit order) seeds the search, so that a variant with more
    capacity is never planned worse than it.
    """
    allowed = eligibility(dataset)
    problem = build_problem(dataset, allowed, params.seed, options)
    if isinstance(start_from, Plan):
        start_from = sequences(start_from)
    start = start_routes(problem, start_from) if start_from is not None else None
    result = solve(problem, params, start)
    routes = sorted((build_route(problem, r, dataset.settings) for r in result.routes), key=lambda r: r.technician_id)
    served = {s.visit_id for r in routes for s in r.stops}
    unassigned = [explain_exclusion(e, dataset) for e in allowed.excluded.values()]
    left = [v for v in dataset.visits if v.id in allowed.allowed and v.id not in served]
    if result.found:
        unassigned += [explain_dropped(v, dataset, allowed.allowed[v.id], routes) for v in left]
    else:
        unassigned += [explain_no_plan(v, params.time_limit) for v in left]
    order = {v.id: i for i, v in enumerate(dataset.visits)}
    unassigned.sort(key=lambda u: order[u.visit_id])
    plan = Plan(
        date=dataset.settings.date,
        timezone=dataset.settings.timezone,
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        kpis=plan_kpis(dataset, routes, unassigned),
    )
    return PlannedDay(plan, result.seconds, result.stopped_by, result.objective, result.warm_started)
