"""When each stop of a route may start: the feasibility kernels of the compiled search.

Lunch is modelled the conservative way: a technician who owes a break
takes it inside the route, in a gap between services (travel or
waiting), so every route found here is one OR-Tools accepts. Earliest
service starts are tracked in two states, break still owed and break
taken, which is exact for this rule because starting earlier never hurts;
for the same reason the latest start at each stop, in each state, is
enough to check an insertion without walking the rest of the route.

A schedule holds, per route, one column per place: 0 is leaving the
base, 1..L the stops, L+1 the return; and one row per quantity below.
Every kernel that changes a route times it again (``time_route``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: An impossible start (later than any minute of any day).
INF = np.int64(1 << 60)
#: "No latest start": later than any time, earlier than INF (an impossible start).
LATE = INF - 1
#: A latest start that no start can keep (the rest of the route cannot be served from there).
NO_LATEST = -1
#: Rows of a schedule: earliest start with the break owed and taken (forward), and the latest start in
#: those two states from which the rest of the route still keeps every rule (backward).
EARLIEST_OWED = 0
EARLIEST_TAKEN = 1
LATEST_OWED = 2
LATEST_TAKEN = 3
#: A fifth row, read by insertion for every place it tries: the cost of the arc from each place to the
#: next, in route order (the travel table read at a route's consecutive pairs is a cache miss per place
#: on a large day).
ARC_COST = 4
ROWS = 5


@njit(cache=True)
def new_schedule(routes):
    """An unfilled schedule for routes as wide as ``routes`` (see the module doc)."""
    return np.empty((ROWS, routes.shape[0], routes.shape[1] + 2), dtype=np.int64)


@njit(cache=True)
def advance(
    owed,
    taken,
    leg_min,
    service_here,
    service_next,
    opening,
    closing,
    has_lunch,
    lunch_earliest,
    lunch_latest,
    lunch_min,
    returning,
):
    """Earliest service start at the next node, break owed and taken, from those at this one; INF = impossible.

    Takes plain numbers (``leg_min`` = service here plus travel to the
    next node, the service minutes at both, the next node's window) rather
    than the arrays they come from: every array passed to a compiled
    function costs reference counting, which made this, the innermost
    step, ten times slower. ``returning``: the next node is the base, where
    a break still owed can no longer be taken.
    """
    next_owed = INF
    next_taken = INF
    if owed < INF:
        arrival = owed + leg_min
        next_owed = max(opening, arrival)
        if has_lunch and max(lunch_earliest, owed + service_here) <= lunch_latest:
            next_taken = max(opening, max(arrival, lunch_earliest) + lunch_min)
    if taken < INF:
        start = max(opening, taken + leg_min)
        if start < next_taken:
            next_taken = start
    if next_owed > closing or (has_lunch and (returning or next_owed + service_next > lunch_latest)):
        next_owed = INF
    if next_taken > closing:
        next_taken = INF
    return next_owed, next_taken


@njit(cache=True)
def time_route(instance, solution, vehicle, schedule):
    """Recompute the vehicle's route's earliest service starts and latest feasible ones in ``schedule``.

    The latest starts let ``recreate.insert_best`` check a place in constant time.
    """
    routes, length = solution.routes, solution.lengths[vehicle]
    leg, service = instance.leg_min, instance.service_min
    opening, closing = instance.window_open, instance.window_close
    has_lunch = instance.has_lunch[vehicle]
    lunch_earliest = instance.lunch_earliest[vehicle]
    lunch_latest = instance.lunch_latest[vehicle]
    lunch_min = instance.lunch_min[vehicle]
    schedule[EARLIEST_OWED, vehicle, 0] = instance.shift_start[vehicle]
    schedule[EARLIEST_TAKEN, vehicle, 0] = INF
    prev = vehicle
    for k in range(length):
        node = routes[vehicle, k]
        schedule[ARC_COST, vehicle, k] = instance.arc_cost[prev, node]
        schedule[EARLIEST_OWED, vehicle, k + 1], schedule[EARLIEST_TAKEN, vehicle, k + 1] = advance(
            schedule[EARLIEST_OWED, vehicle, k],
            schedule[EARLIEST_TAKEN, vehicle, k],
            leg[prev, node],
            service[prev],
            service[node],
            opening[node],
            closing[node],
            has_lunch,
            lunch_earliest,
            lunch_latest,
            lunch_min,
            False,
        )
        prev = node
    schedule[ARC_COST, vehicle, length] = instance.arc_cost[prev, vehicle]
    schedule[LATEST_OWED, vehicle, length + 1] = LATE
    schedule[LATEST_TAKEN, vehicle, length + 1] = LATE
    for p in range(length, -1, -1):
        here = vehicle if p == 0 else routes[vehicle, p - 1]
        after = vehicle if p == length else routes[vehicle, p]
        # Latest start at ``after`` once the break is taken.
        taken = min(closing[after], schedule[LATEST_TAKEN, vehicle, p + 1])
        schedule[LATEST_TAKEN, vehicle, p] = taken - leg[here, after] if opening[after] <= taken else NO_LATEST
        stay = NO_LATEST
        if not (has_lunch and p == length):
            owed = min(closing[after], schedule[LATEST_OWED, vehicle, p + 1])
            if has_lunch:
                owed = min(owed, lunch_latest - service[after])
            if opening[after] <= owed:
                stay = owed - leg[here, after]
        rest = NO_LATEST
        if has_lunch and opening[after] <= taken and lunch_earliest + lunch_min <= taken:
            rest = min(lunch_latest - service[here], taken - lunch_min - leg[here, after])
        schedule[LATEST_OWED, vehicle, p] = max(stay, rest)


@njit(cache=True)
def start_at(schedule, vehicle, k):
    """Service start of the k-th stop of the route (0-based) in its earliest schedule that keeps every rule."""
    owed = (
        schedule[EARLIEST_OWED, vehicle, k + 1]
        if schedule[EARLIEST_OWED, vehicle, k + 1] <= schedule[LATEST_OWED, vehicle, k + 1]
        else INF
    )
    taken = (
        schedule[EARLIEST_TAKEN, vehicle, k + 1]
        if schedule[EARLIEST_TAKEN, vehicle, k + 1] <= schedule[LATEST_TAKEN, vehicle, k + 1]
        else INF
    )
    return min(owed, taken)
