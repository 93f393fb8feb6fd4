"""Our solver as the bench runs it: the product's own entry points, nothing tuned for show.

A day goes through ``plan_day`` exactly as the CLI plans it (the search
is bounded by work, the time limit is a cap). A classical instance goes
through the same model code (``planner.routing``) with the budget as
the only limit, so that it is compared at equal time with the peers.
"""

from __future__ import annotations

from planner.domain import Dataset
from planner.plan import Plan
from planner.routing import SearchParams, solve
from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance
from planner_bench.problems import classic_problem


def version() -> str:
    """The OR-Tools release under our model."""
    from importlib.metadata import version as installed

    return f"planner + ortools {installed('ortools')}"


def solve_day(dataset: Dataset, budget: Budget) -> Plan:
    """The plan ``planner plan`` would write for this day and time limit."""
    from planner.planning import plan_day

    return plan_day(dataset, SearchParams(time_limit=budget.time_limit, seed=budget.seed)).plan


def solve_classic(instance: ClassicInstance, budget: Budget) -> list[list[int]]:
    """Routes (customer positions per vehicle) from our routing model, searched for the whole budget."""
    problem = classic_problem(instance)
    result = solve(problem, SearchParams(time_limit=budget.time_limit, seed=budget.seed, by_clock=True))
    routes: list[list[int]] = [[] for _ in instance.vehicles]
    for route in result.routes:
        routes[route.vehicle] = list(route.visits)
    return routes
