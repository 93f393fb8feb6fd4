"""PyVRP on the Solomon set: its own model (it has no skills, so no days and no TRSP).

Same integer ticks as every other solver (distance x1000, rounded up),
one vehicle type with the Solomon fleet and capacity, windows on the
start of service, all customers required; PyVRP's iterated local search
runs for the budget.
"""

from __future__ import annotations

from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance, tick_matrix, ticks


def version() -> str:
    """The PyVRP release."""
    from importlib.metadata import version as installed

    return f"pyvrp {installed('pyvrp')}"


def solve_classic(instance: ClassicInstance, budget: Budget) -> list[list[int]]:
    """Routes for a capacitated instance whose vehicles all start and end at one depot."""
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    homes = {(v.x, v.y, v.start, v.end, v.capacity) for v in instance.vehicles}
    if len(homes) != 1 or any(c.skill is not None for c in instance.customers):
        raise ValueError("the PyVRP adapter takes one depot, one vehicle type and no skills")
    ((x, y, start, end, capacity),) = homes
    model = Model()
    depot_place = model.add_location(x, y)
    model.add_depot(depot_place, tw_early=ticks(start), tw_late=ticks(end))
    places = [depot_place]
    for c in instance.customers:
        place = model.add_location(c.x, c.y)
        model.add_client(
            place, delivery=[c.demand], service_duration=ticks(c.service), tw_early=ticks(c.ready), tw_late=ticks(c.due)
        )
        places.append(place)
    model.add_vehicle_type(
        num_available=len(instance.vehicles), capacity=[capacity or 0], tw_early=ticks(start), tw_late=ticks(end)
    )
    matrix = tick_matrix([(x, y)] + [(c.x, c.y) for c in instance.customers])
    for i, a in enumerate(places):
        for j, b in enumerate(places):
            model.add_edge(a, b, distance=int(matrix[i, j]), duration=int(matrix[i, j]))
    result = model.solve(stop=MaxRuntime(budget.time_limit), seed=budget.seed, display=False)
    routes: list[list[int]] = [[] for _ in instance.vehicles]
    for k, route in enumerate(result.best.routes()):
        routes[k] = [a.idx for a in route.schedule() if a.is_client()]
    return routes
