"""Plan a day: the one function the CLI, the API and scenarios call.

dataset -> eligibility -> routing problem -> search -> routes on the
clock -> reasons for what was left out -> KPIs. Infeasibility is a
result (visits in ``unassigned`` with reasons), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain import Dataset
from planner.eligibility import eligibility
from planner.explain import explain_dropped, explain_exclusion
from planner.kpis import plan_kpis
from planner.plan import Plan
from planner.routing import SearchParams, build_problem, solve
from planner.timeline import build_route


@dataclass(frozen=True)
class PlannedDay:
    """A plan and how the search went; the search figures stay out of ``plan.json``
    because they vary from run to run while the plan itself does not."""

    plan: Plan
    seconds: float
    stopped_by: str
    objective: int


def plan_day(dataset: Dataset, params: SearchParams = SearchParams()) -> PlannedDay:
    """Solve one day and return the full, explained plan."""
    allowed = eligibility(dataset)
    problem = build_problem(dataset, allowed, params.seed)
    result = solve(problem, params)
    routes = sorted((build_route(problem, r, dataset.settings) for r in result.routes), key=lambda r: r.technician_id)
    served = {s.visit_id for r in routes for s in r.stops}
    unassigned = [explain_exclusion(e, dataset) for e in allowed.excluded.values()]
    unassigned += [
        explain_dropped(v, dataset, allowed.allowed[v.id], routes)
        for v in dataset.visits
        if v.id in allowed.allowed and v.id not in served
    ]
    order = {v.id: i for i, v in enumerate(dataset.visits)}
    unassigned.sort(key=lambda u: order[u.visit_id])
    plan = Plan(
        date=dataset.settings.date,
        timezone=dataset.settings.timezone,
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        kpis=plan_kpis(dataset, routes, unassigned),
    )
    return PlannedDay(plan, result.seconds, result.stopped_by, result.objective)
