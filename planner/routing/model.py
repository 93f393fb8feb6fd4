"""Build the OR-Tools routing model of a ``RoutingProblem``.

One small function per business rule, in the manner of OR-Tools'
``cvrptw_break`` sample, so each rule can be read (and switched off in a
test) on its own. Only the ``planner.routing`` package imports OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.constraint_solver import pywrapcp

from planner.routing.problem import TRAVEL_COST_PER_MIN, RoutingProblem, vehicle_surcharge


@dataclass
class RoutingModel:
    """The OR-Tools objects a search and an extraction need to share."""

    manager: pywrapcp.RoutingIndexManager
    routing: pywrapcp.RoutingModel
    time: pywrapcp.RoutingDimension
    breaks: dict[int, pywrapcp.IntervalVar]


def build_model(problem: RoutingProblem) -> RoutingModel:
    """Create manager, routing model and every constraint of the problem."""
    m = problem.vehicles
    nodes = m + len(problem.visit_ids)
    depots = list(range(m))
    manager = pywrapcp.RoutingIndexManager(nodes, m, depots, depots)
    routing = pywrapcp.RoutingModel(manager)
    add_travel_costs(routing, manager, problem)
    time = add_time_dimension(routing, manager, problem)
    add_shifts(routing, time, problem)
    add_windows(manager, time, problem)
    add_target_starts(manager, time, problem)
    add_start_costs(manager, time, problem)
    breaks = add_lunch_breaks(routing, manager, time, problem)
    add_visit_cap(routing, problem)
    add_capacity(routing, problem)
    add_balance(routing, problem)
    add_allowed_technicians(routing, manager, problem)
    add_optional_visits(routing, manager, problem)
    add_parts_stock(routing, manager, problem)
    add_crews(routing, manager, time, problem)
    return RoutingModel(manager, routing, time, breaks)


def _matrix(values: np.ndarray) -> list[list[int]]:
    return values.astype(np.int64).tolist()


def add_travel_costs(
    routing: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, problem: RoutingProblem
) -> None:
    """Arc cost = travel minutes, plus a surcharge for entering a visit someone else is preferred for.

    Technicians with the same surcharges (all those nobody prefers) share one matrix.
    """
    base = problem.travel_min * TRAVEL_COST_PER_MIN
    matrices: dict[bytes, int] = {}
    for vehicle, extra in enumerate(vehicle_surcharge(problem)):
        key = extra.tobytes()
        if key not in matrices:
            matrices[key] = routing.RegisterTransitMatrix(_matrix(base + extra[None, :]))
        routing.SetArcCostEvaluatorOfVehicle(matrices[key], vehicle)


def add_time_dimension(
    routing: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, problem: RoutingProblem
) -> pywrapcp.RoutingDimension:
    """Cumul = service start; transit i->j = service at i + travel i->j; waiting is slack."""
    service = np.array(problem.service_min, dtype=np.int64)
    transit = routing.RegisterTransitMatrix(_matrix(problem.travel_min + service[:, None]))
    routing.AddDimension(transit, problem.horizon, problem.horizon, False, "time")
    return routing.GetDimensionOrDie("time")


def add_shifts(routing: pywrapcp.RoutingModel, time: pywrapcp.RoutingDimension, problem: RoutingProblem) -> None:
    """Leave base no earlier than the shift start, be back no later than its end."""
    for vehicle, (start, end) in enumerate(problem.shifts):
        time.CumulVar(routing.Start(vehicle)).SetRange(start, end)
        time.CumulVar(routing.End(vehicle)).SetRange(start, end)


def add_windows(
    manager: pywrapcp.RoutingIndexManager, time: pywrapcp.RoutingDimension, problem: RoutingProblem
) -> None:
    """Service must start inside the agreed arrival window."""
    for position, (open_at, close_at) in enumerate(problem.windows):
        index = manager.NodeToIndex(problem.node_of_visit(position))
        time.CumulVar(index).SetRange(open_at, close_at)


def add_target_starts(
    manager: pywrapcp.RoutingIndexManager, time: pywrapcp.RoutingDimension, problem: RoutingProblem
) -> None:
    """Starting further than the tolerance from the time a customer expects costs per minute."""
    for position, target in enumerate(problem.target_starts):
        if target is None:
            continue
        expected, tolerance = target
        index = manager.NodeToIndex(problem.node_of_visit(position))
        time.SetCumulVarSoftLowerBound(index, max(0, expected - tolerance), problem.move_cost_per_min)
        time.SetCumulVarSoftUpperBound(index, expected + tolerance, problem.move_cost_per_min)


def add_start_costs(
    manager: pywrapcp.RoutingIndexManager, time: pywrapcp.RoutingDimension, problem: RoutingProblem
) -> None:
    """Urgent and important visits cost a little per minute they start after their window opens."""
    for position, cost in enumerate(problem.start_costs):
        if cost:
            index = manager.NodeToIndex(problem.node_of_visit(position))
            time.SetCumulVarSoftUpperBound(index, problem.windows[position][0], cost)


def add_lunch_breaks(
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    time: pywrapcp.RoutingDimension,
    problem: RoutingProblem,
) -> dict[int, pywrapcp.IntervalVar]:
    """A lunch break inside the lunch window that interrupts travel or waiting, never a service."""
    solver = routing.solver()
    on_site = [problem.service_min[manager.IndexToNode(index)] for index in range(routing.Size())]
    breaks = {}
    for vehicle, rule in enumerate(problem.breaks):
        if rule is None:
            continue
        interval = solver.FixedDurationIntervalVar(rule.earliest, rule.latest, rule.minutes, False, f"lunch {vehicle}")
        time.SetBreakIntervalsOfVehicle([interval], vehicle, on_site)
        breaks[vehicle] = interval
    return breaks


def add_visit_cap(routing: pywrapcp.RoutingModel, problem: RoutingProblem) -> None:
    """At most ``max_visits`` visits per technician."""
    m = problem.vehicles
    ones = routing.RegisterUnaryTransitVector([0] * m + [1] * len(problem.visit_ids))
    routing.AddDimensionWithVehicleCapacity(ones, 0, list(problem.max_visits), True, "visits")


def add_capacity(routing: pywrapcp.RoutingModel, problem: RoutingProblem) -> None:
    """Each vehicle carries at most its capacity; only for problems that give loads (benchmarks)."""
    if not problem.loads or not problem.capacities:
        return
    loads = routing.RegisterUnaryTransitVector(list(problem.loads))
    routing.AddDimensionWithVehicleCapacity(loads, 0, list(problem.capacities), True, "load")


def add_balance(routing: pywrapcp.RoutingModel, problem: RoutingProblem) -> None:
    """Work (service + travel) above a person's fair share costs a little: a balanced day.

    On a day with more work than people every share is a full shift and can
    never be exceeded, so the dimension (which slows the search) is left out.
    """
    lighter = [
        v for v, target in enumerate(problem.balance_targets) if target < problem.shifts[v][1] - problem.shifts[v][0]
    ]
    if not lighter:
        return
    service = np.array(problem.service_min, dtype=np.int64)
    work = routing.RegisterTransitMatrix(_matrix(problem.travel_min + service[:, None]))
    routing.AddDimension(work, 0, problem.horizon, True, "work")
    dimension = routing.GetDimensionOrDie("work")
    for vehicle in lighter:
        dimension.SetCumulVarSoftUpperBound(routing.End(vehicle), problem.balance_targets[vehicle], 1)


def add_allowed_technicians(
    routing: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, problem: RoutingProblem
) -> None:
    """Skills, regions, shifts and pins: a visit may only ride with the vehicles eligibility allowed."""
    everyone = set(range(problem.vehicles))
    for position, allowed in enumerate(problem.allowed):
        barred = sorted(everyone - set(allowed))
        if barred:
            routing.VehicleVar(manager.NodeToIndex(problem.node_of_visit(position))).RemoveValues(barred)


def add_optional_visits(
    routing: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, problem: RoutingProblem
) -> None:
    """Every visit may be left out, at its lexicographic penalty."""
    for position, penalty in enumerate(problem.penalties):
        routing.AddDisjunction([manager.NodeToIndex(problem.node_of_visit(position))], penalty)


def add_parts_stock(
    routing: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, problem: RoutingProblem
) -> None:
    """Across all routes, planned visits may not use more of a part than is in stock."""
    solver = routing.solver()
    for stock, users in problem.parts:
        used = [routing.ActiveVar(manager.NodeToIndex(node)) * qty for node, qty in users]
        solver.Add(solver.Sum(used) <= stock)


def add_crews(
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    time: pywrapcp.RoutingDimension,
    problem: RoutingProblem,
) -> None:
    """The members' stops of one crew visit are served together, starting at the same minute, or not at all.

    Without this OR-Tools' own search may drop one member's stop to make
    room for other work and leave the other member on site alone.
    """
    solver = routing.solver()
    for crew in problem.crews:
        lead, *others = (manager.NodeToIndex(problem.node_of_visit(p)) for p in crew)
        for member in others:
            solver.Add(routing.ActiveVar(member) == routing.ActiveVar(lead))
            solver.Add(time.CumulVar(member) == time.CumulVar(lead))
