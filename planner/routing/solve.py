"""Run the search and read the answer back as plain numbers.

A fresh plan is searched in two phases: ruin and recreate
(``planner.routing.ruin``, compiled, tens of thousands of iterations a second)
finds the routes, then OR-Tools restores them in its model: it checks
them against every constraint and puts them on the clock (service
starts, the lunch break). A plan that starts from earlier routes (a
re-plan) or that must keep customers' promised times goes to OR-Tools'
guided local search alone, which weighs those soft times.

Determinism: a wall-clock limit stops a search wherever the machine
happens to be. So both searches are bounded by work, not time (ruin and
recreate by iterations, OR-Tools by a number of solutions, both growing
with the size of the day) and the time limit is only a safety cap. A
result records which of the two stopped it, so callers can tell a
reproducible plan from one cut short by the clock.
"""

from __future__ import annotations

import time as clock
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_heuristic_parameters_pb2

from planner.defaults import PLANNING_DEFAULTS
from planner.routing import ruin
from planner.routing.model import RoutingModel, build_model
from planner.routing.problem import RoutingProblem
from planner.routing.warmup import warm_up

#: Solutions the local search may visit per plannable visit (work budget, see module doc).
#: The ordered first solution below already places the important work, so a
#: short improvement phase is enough; more solutions cost seconds and buy little.
SOLUTIONS_PER_VISIT = 1
MIN_SOLUTIONS = 50
#: Weight of guided local search's arc penalties. With OR-Tools' default (0.1)
#: the sample stayed at 54 served visits after 200 solutions; 1 to 10 reach 55
#: within 150, and 3 did best on the sample and on Solomon (docs/benchmarks.md).
GUIDED_LAMBDA = 3.0
#: Ruin-and-recreate iterations per plannable visit, within these bounds (shared
#: by the search's independent runs): on a day of 200 visits and 30 technicians
#: 60,000 iterations take about 2 s and serve more than ten seconds of OR-Tools'
#: search (docs/benchmarks.md).
RUIN_ITERATIONS_PER_VISIT = 300
RUIN_MIN_ITERATIONS = 15_000
RUIN_MAX_ITERATIONS = 60_000
#: Seconds kept back from the time limit for OR-Tools to build its model and check and
#: time the routes found: building the model grows with the square of the day (its
#: travel matrix), about 5 s for 1,000 visits and 0.1 s for 100.
FINISH_RESERVE = 0.3
FINISH_RESERVE_PER_SQUARED_VISIT = 5e-6


@dataclass(frozen=True)
class SearchParams:
    """How hard to search: a safety time cap in seconds, the seed of the node order,
    and whether to escape local optima (ruin and recreate, then guided local
    search) or stop at the first (enough for a single technician's day, where
    more search only idles). ``by_clock`` lets the search run until the time
    limit instead of a work budget (benchmarks compare solvers at equal time)."""

    time_limit: float = PLANNING_DEFAULTS.day_time_limit
    seed: int = 0
    solution_limit: int | None = None
    guided: bool = True
    by_clock: bool = False


@dataclass(frozen=True)
class VehicleRoute:
    """One vehicle's visits (positions in ``problem.visit_ids``) with service starts, and its break."""

    vehicle: int
    visits: tuple[int, ...]
    starts: tuple[int, ...]
    start_cumul: int
    end_cumul: int
    break_start: int | None


@dataclass(frozen=True)
class RoutingResult:
    """What the search found: routes, left-out visits and how the search ended."""

    routes: tuple[VehicleRoute, ...]
    dropped: tuple[int, ...]
    objective: int
    seconds: float
    stopped_by: str
    found: bool
    warm_started: bool


def search_parameters(problem: RoutingProblem, params: SearchParams) -> pywrapcp.DefaultRoutingSearchParameters:
    """Insertion in order of importance, then guided local search within the work budget.

    The first solution inserts visits one by one, those with the largest drop
    penalty per allowed technician first: urgent and pinned work, and work few
    people can do, get their places before routine work fills the days. On
    days with priorities this start beats minutes of local search from a
    cheapest-insertion start (docs/benchmarks.md).
    """
    search = pywrapcp.DefaultRoutingSearchParameters()
    if len(set(problem.penalties)) > 1:
        search.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
        sorting = routing_heuristic_parameters_pb2.LocalCheapestInsertionParameters.InsertionSortingProperty
        search.local_cheapest_insertion_parameters.ClearField("insertion_sorting_properties")
        search.local_cheapest_insertion_parameters.insertion_sorting_properties.append(
            sorting.SORTING_PROPERTY_PENALTY_OVER_ALLOWED_VEHICLES_RATIO
        )
    else:
        # Every visit weighs the same (classical benchmarks): there is no order of
        # importance to follow, and savings builds tighter routes.
        search.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.SAVINGS
    search.guided_local_search_lambda_coefficient = GUIDED_LAMBDA
    search.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        if params.guided
        else routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    )
    search.time_limit.FromMilliseconds(max(1, int(params.time_limit * 1000)))
    search.solution_limit = params.solution_limit or default_solutions(problem)
    if problem.has_target_starts:
        # Soft start times together with lunch breaks send every move through a
        # mixed-integer scheduler, twenty times slower on a day in progress; the
        # moves are still checked for feasibility, only their cost is estimated.
        search.disable_scheduling_beware_this_may_degrade_performance = True
    return search


def solve(problem: RoutingProblem, params: SearchParams, start: Sequence[Sequence[int]] | None = None) -> RoutingResult:
    """Build the model, search, and extract routes (an empty result when nothing was found).

    ``start`` gives, per vehicle, visit positions to begin from (a plan
    made earlier). When those routes are still feasible the search starts
    from them, so the answer is never worse than that plan; otherwise the
    search starts afresh.
    """
    ruined = start is None and params.guided and not problem.has_target_starts
    started = clock.perf_counter()
    if params.guided and warm_up():
        started = clock.perf_counter()  # a compilation, once per installation, is not search time
    if not problem.vehicles or not problem.visit_ids:
        # Nothing to route (OR-Tools cannot even build a model without vehicles).
        return RoutingResult((), tuple(range(len(problem.visit_ids))), 0, 0.0, "work_limit", True, False)
    finished = True
    if ruined:
        reserve = FINISH_RESERVE + FINISH_RESERVE_PER_SQUARED_VISIT * len(problem.visit_ids) ** 2
        deadline = started + max(0.0, params.time_limit - reserve)
        start, finished = ruin.improve(
            problem, None if params.by_clock else ruin_iterations(problem), params.seed, deadline
        )
    model = build_model(problem)
    search = search_parameters(problem, params)
    if ruined and start is not None:
        # OR-Tools checks the routes and puts them on the clock; it searches
        # itself only if it rejects them (which would be a bug of the first phase).
        read = read_routes(problem, model, search, whole_crews(problem, start))
        assignment = model.routing.RestoreAssignment(read) if read is not None else None
        initial = None
        if assignment is None:
            assignment = model.routing.SolveWithParameters(search)
    else:
        initial = warm_start(problem, model, search, start) if start is not None else None
        if initial is not None:
            assignment = model.routing.SolveFromAssignmentWithParameters(initial, search)
        else:
            assignment = model.routing.SolveWithParameters(search)
        if assignment is not None and params.guided:
            model, assignment = _taken_back(problem, model, search, assignment)
    seconds = clock.perf_counter() - started
    stopped_by = "time_limit" if seconds >= params.time_limit * 0.98 or not finished else "work_limit"
    if assignment is None:
        everyone = tuple(range(len(problem.visit_ids)))
        return RoutingResult((), everyone, 0, seconds, stopped_by, False, False)
    routes, dropped = extract(problem, model, assignment)
    return RoutingResult(routes, dropped, assignment.ObjectiveValue(), seconds, stopped_by, True, initial is not None)


def _taken_back(
    problem: RoutingProblem, model: RoutingModel, search, assignment: pywrapcp.Assignment
) -> tuple[RoutingModel, pywrapcp.Assignment]:
    """OR-Tools' routes after the take-back pass (``ruin.take_back_routes``), when it changed them and
    the full model accepts the result; otherwise the model and assignment as they were.

    The routes are read into a fresh model: the search may have spent its
    whole time limit, and reading routes into the same model runs under it.
    """
    routes: list[list[int]] = [[] for _ in range(problem.vehicles)]
    for route in extract(problem, model, assignment)[0]:
        routes[route.vehicle] = list(route.visits)
    better = ruin.take_back_routes(problem, routes)
    if better is None:
        return model, assignment
    fresh = build_model(problem)
    read = read_routes(problem, fresh, search, better)
    restored = fresh.routing.RestoreAssignment(read) if read is not None else None
    return (fresh, restored) if restored is not None else (model, assignment)


def whole_crews(problem: RoutingProblem, routes: Sequence[Sequence[int]]) -> list[list[int]]:
    """The routes without the stops of crews that lost a member: the model serves a crew whole or not at all.

    The compiled search plans each member's stop on its own and may let one
    go; the others are then taken out too, as the horizon would do anyway.
    """
    served = {p for route in routes for p in route}
    broken = {p for crew in problem.crews if not all(m in served for m in crew) for p in crew}
    return [[p for p in route if p not in broken] for route in routes]


def ruin_iterations(problem: RoutingProblem) -> int:
    """The work budget of ruin and recreate for this problem's size."""
    wanted = RUIN_ITERATIONS_PER_VISIT * len(problem.visit_ids)
    return min(RUIN_MAX_ITERATIONS, max(RUIN_MIN_ITERATIONS, wanted))


def default_solutions(problem: RoutingProblem) -> int:
    """OR-Tools' work budget: solutions it may visit, growing with the day."""
    return max(MIN_SOLUTIONS, SOLUTIONS_PER_VISIT * len(problem.visit_ids))


def read_routes(
    problem: RoutingProblem, model: RoutingModel, search, start: Sequence[Sequence[int]]
) -> pywrapcp.Assignment | None:
    """The given routes (visit positions per vehicle) as an assignment of the closed model."""
    model.routing.CloseModelWithParameters(search)
    m = problem.vehicles
    routes = [[model.manager.NodeToIndex(m + position) for position in route] for route in start]
    routes += [[] for _ in range(m - len(routes))]
    return model.routing.ReadAssignmentFromRoutes(routes, True)


def warm_start(
    problem: RoutingProblem, model: RoutingModel, search, start: Sequence[Sequence[int]]
) -> pywrapcp.Assignment | None:
    """The given routes as a first solution, or None when they break a rule of this model."""
    initial = read_routes(problem, model, search, start)
    if initial is None or not model.routing.CheckIfAssignmentIsFeasible(initial, False):
        return None
    return initial


def extract(
    problem: RoutingProblem, model: RoutingModel, assignment: pywrapcp.Assignment
) -> tuple[tuple[VehicleRoute, ...], tuple[int, ...]]:
    """Read each vehicle's sequence, service starts and lunch break from a solution."""
    routing, manager, time = model.routing, model.manager, model.time
    m = problem.vehicles
    routes = []
    served: set[int] = set()
    for vehicle in range(m):
        visits, starts = [], []
        index = assignment.Value(routing.NextVar(routing.Start(vehicle)))
        while not routing.IsEnd(index):
            position = manager.IndexToNode(index) - m
            visits.append(position)
            starts.append(assignment.Value(time.CumulVar(index)))
            index = assignment.Value(routing.NextVar(index))
        if not visits:
            continue
        served.update(visits)
        lunch = model.breaks.get(vehicle)
        break_start = assignment.StartValue(lunch) if lunch is not None and assignment.PerformedValue(lunch) else None
        routes.append(
            VehicleRoute(
                vehicle=vehicle,
                visits=tuple(visits),
                starts=tuple(starts),
                start_cumul=assignment.Value(time.CumulVar(routing.Start(vehicle))),
                end_cumul=assignment.Value(time.CumulVar(routing.End(vehicle))),
                break_start=break_start,
            )
        )
    dropped = tuple(p for p in range(len(problem.visit_ids)) if p not in served)
    return tuple(routes), dropped
