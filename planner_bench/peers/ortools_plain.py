"""Plain OR-Tools: the textbook routing model, as a reference for what our refinements buy.

PATH_CHEAPEST_ARC then guided local search; arc cost = travel; a time
dimension with windows and shifts; a capacity dimension when there are
loads; a count dimension for ``max_visits``; skills, regions and pins by
``VehicleVar.RemoveValues``; every visit droppable at a penalty. Nothing
else: no lunch break, no parts stock, no preferred technician, no
balance, no due dates. Its day plans are checked like any other, so the
lunch break it does not know about shows up as broken rules.
"""

from __future__ import annotations

import dataclasses

from planner.domain import Dataset
from planner.kpis import PRIORITY_WEIGHTS
from planner.plan import Plan
from planner.routing import RoutingProblem
from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance
from planner_bench.convert import PeerRoute, plan_from_routes
from planner_bench.problems import classic_problem, day_problem

#: Penalty per unit of priority weight for a dropped visit, in minutes of travel.
DROP_UNIT = 10_000


def version() -> str:
    """The OR-Tools release."""
    from importlib.metadata import version as installed

    return f"ortools {installed('ortools')}"


def solve_routes(problem: RoutingProblem, budget: Budget) -> list[PeerRoute]:
    """Build the textbook model of ``problem`` and search it for the whole budget."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    m, n = problem.vehicles, len(problem.visit_ids)
    depots = list(range(m))
    manager = pywrapcp.RoutingIndexManager(m + n, m, depots, depots)
    routing = pywrapcp.RoutingModel(manager)
    travel = problem.travel_min.astype("int64")
    cost = routing.RegisterTransitMatrix(travel.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(cost)
    service = [int(s) for s in problem.service_min]
    busy = routing.RegisterTransitMatrix((travel + [[s] for s in service]).tolist())
    routing.AddDimension(busy, problem.horizon, problem.horizon, False, "time")
    time = routing.GetDimensionOrDie("time")
    for k, (start, end) in enumerate(problem.shifts):
        time.CumulVar(routing.Start(k)).SetRange(start, end)
        time.CumulVar(routing.End(k)).SetRange(start, end)
    if problem.loads and problem.capacities:
        load = routing.RegisterUnaryTransitVector(list(problem.loads))
        routing.AddDimensionWithVehicleCapacity(load, 0, list(problem.capacities), True, "load")
    count = routing.RegisterUnaryTransitVector([0] * m + [1] * n)
    routing.AddDimensionWithVehicleCapacity(count, 0, list(problem.max_visits), True, "count")
    for p in range(n):
        index = manager.NodeToIndex(m + p)
        time.CumulVar(index).SetRange(*problem.windows[p])
        barred = sorted(set(range(m)) - set(problem.allowed[p]))
        if barred:
            routing.VehicleVar(index).RemoveValues(barred)
        routing.AddDisjunction([index], problem.penalties[p])
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    search.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    search.time_limit.FromMilliseconds(max(1, int(budget.time_limit * 1000)))
    solution = routing.SolveWithParameters(search)
    if solution is None:
        return []
    routes = []
    for k in range(m):
        visits, starts = [], []
        index = solution.Value(routing.NextVar(routing.Start(k)))
        while not routing.IsEnd(index):
            visits.append(manager.IndexToNode(index) - m)
            starts.append(solution.Value(time.CumulVar(index)))
            index = solution.Value(routing.NextVar(index))
        routes.append(PeerRoute(k, tuple(visits), tuple(starts)))
    return routes


def solve_classic(instance: ClassicInstance, budget: Budget) -> list[list[int]]:
    """Routes per vehicle for a classical instance (same ticks and penalties as ours)."""
    routes: list[list[int]] = [[] for _ in instance.vehicles]
    for route in solve_routes(classic_problem(instance), budget):
        routes[route.vehicle] = list(route.visits)
    return routes


def solve_day(dataset: Dataset, budget: Budget) -> Plan:
    """A day: allowed = skills at level, region and pin; drop penalty = priority weight x DROP_UNIT."""
    problem = day_problem(dataset)
    allowed = tuple(
        tuple(
            k
            for k, t in enumerate(dataset.technicians)
            if t.qualifies(v.required_skills) and t.covers(v.region) and v.pinned_technician in (None, "", t.id)
        )
        for v in dataset.visits
    )
    penalties = tuple(PRIORITY_WEIGHTS[v.priority] * DROP_UNIT for v in dataset.visits)
    textbook = dataclasses.replace(problem, allowed=allowed, penalties=penalties)
    return plan_from_routes(dataset, problem, solve_routes(textbook, budget))
