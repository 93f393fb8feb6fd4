"""The sooner pass: reorder each route so that urgent and important visits start early where it pays."""

from __future__ import annotations

from numba import njit

from planner.routing.ruin.cost import objective, route_cost
from planner.routing.ruin.schedule import LATEST_OWED, new_schedule, start_at, time_route


@njit(cache=True)
def _lateness(instance, solution, schedule, vehicle):
    """Start costs of the vehicle's route: per stop, its cost per minute times the minutes after its
    window opens."""
    total = 0
    for k in range(solution.lengths[vehicle]):
        node = solution.routes[vehicle, k]
        if instance.start_cost[node]:
            total += instance.start_cost[node] * (start_at(schedule, vehicle, k) - instance.window_open[node])
    return total


@njit(cache=True)
def _relocate(routes, vehicle, k, j):
    """Move the stop at position k of the vehicle's route to position j (the others keep their order)."""
    node = routes[vehicle, k]
    if j < k:
        for idx in range(k, j, -1):
            routes[vehicle, idx] = routes[vehicle, idx - 1]
    else:
        for idx in range(k, j):
            routes[vehicle, idx] = routes[vehicle, idx + 1]
    routes[vehicle, j] = node


@njit(cache=True, nogil=True)
def sooner(instance, solution):
    """Reorder each route so that urgent and important visits start early where it pays (same visits).

    The search weighs travel and leaves; when in the day a visit starts
    does not enter its constant-time insertions. This last pass does: in
    each route holding a visit with a start cost, every stop tries every
    other position (a routine visit moving later is often what lets an
    urgent one start sooner), and a move is kept when travel, balance and
    start costs fall together and every rule still holds. Which visits
    are served never changes, so service cannot drop.
    """
    routes, lengths = solution.routes, solution.lengths
    schedule = new_schedule(routes)
    for vehicle in range(instance.vehicles):
        weighted = False
        for k in range(lengths[vehicle]):
            weighted = weighted or instance.start_cost[routes[vehicle, k]] > 0
        if not weighted:
            continue
        time_route(instance, solution, vehicle, schedule)
        now = route_cost(instance, solution, vehicle) + _lateness(instance, solution, schedule, vehicle)
        changed = True
        while changed:
            changed = False
            for k in range(lengths[vehicle]):
                for j in range(lengths[vehicle]):
                    if j == k:
                        continue
                    _relocate(routes, vehicle, k, j)
                    time_route(instance, solution, vehicle, schedule)
                    # The route still keeps every rule: it can leave the base at its shift start.
                    if schedule[LATEST_OWED, vehicle, 0] >= instance.shift_start[vehicle]:
                        trial = route_cost(instance, solution, vehicle) + _lateness(
                            instance, solution, schedule, vehicle
                        )
                        if trial < now:
                            now = trial
                            changed = True
                            continue
                    _relocate(routes, vehicle, j, k)
        time_route(instance, solution, vehicle, schedule)
    solution.objective[0] = objective(instance, solution)
