"""Exchange the tails of two routes (2-opt*): the move string removal cannot make on long routes.

A ruin takes out ten visits or so and puts them back one by one; on a
route of fifty stops over a long day, handing the second half of one
route to another technician (and taking theirs in return) is a move no
sequence of small ruins finds, yet it is often what a better plan needs
(Potvin and Rousseau's 2-opt*). Only routes of interchangeable people
(``Instance.kind``) swap tails: for them the latest starts already
computed for each route (``schedule``) hold for the other's tail as they
are, so every candidate is checked and costed in constant time.
"""

from __future__ import annotations

from numba import njit

from planner.routing.ruin.schedule import (
    EARLIEST_OWED,
    EARLIEST_TAKEN,
    INF,
    LATEST_OWED,
    LATEST_TAKEN,
    advance,
    time_route,
)

#: Nearest visits of the seed whose routes are tried for an exchange.
TAIL_NEIGHBOURS = 20


@njit(cache=True)
def _position(solution, vehicle, node):
    """Where the node stands in the vehicle's route (0-based)."""
    for k in range(solution.lengths[vehicle]):
        if solution.routes[vehicle, k] == node:
            return k
    return -1


@njit(cache=True)
def _load_before(instance, solution, vehicle, cut):
    """Load of the first ``cut`` stops of the vehicle's route."""
    total = 0
    for k in range(cut):
        total += instance.load[solution.routes[vehicle, k]]
    return total


@njit(cache=True)
def _joins(instance, schedule, solution, vehicle, cut, other, other_cut):
    """Can the vehicle's first ``cut`` stops go on to the other route's stops from ``other_cut`` on?

    The earliest starts after the kept head, advanced over the new arc, must
    reach the first stop of the tail no later than its latest start in
    either break state (the people are interchangeable, so the tail's
    latest starts and the return to base hold for this vehicle too).
    """
    routes = solution.routes
    here = vehicle if cut == 0 else routes[vehicle, cut - 1]
    returning = other_cut == solution.lengths[other]
    there = other if returning else routes[other, other_cut]
    owed, taken = advance(
        schedule[EARLIEST_OWED, vehicle, cut],
        schedule[EARLIEST_TAKEN, vehicle, cut],
        instance.leg_min[here, there],
        instance.service_min[here],
        instance.service_min[there],
        instance.window_open[there],
        instance.window_close[there],
        instance.has_lunch[vehicle],
        instance.lunch_earliest[vehicle],
        instance.lunch_latest[vehicle],
        instance.lunch_min[vehicle],
        returning,
    )
    return owed <= schedule[LATEST_OWED, other, other_cut + 1] or taken <= schedule[LATEST_TAKEN, other, other_cut + 1]


@njit(cache=True)
def _arc(instance, solution, vehicle, cut, other, other_cut):
    """Cost of the arc from the vehicle's ``cut``-th place to the other route's tail from ``other_cut`` (or home)."""
    here = vehicle if cut == 0 else solution.routes[vehicle, cut - 1]
    there = vehicle if other_cut == solution.lengths[other] else solution.routes[other, other_cut]
    return instance.arc_cost[here, there]


@njit(cache=True)
def exchange_cost(instance, solution, schedule, u, i, v, j):
    """Added cost of routes ``u[:i] + v[j:]`` and ``v[:j] + u[i:]`` in place of ``u`` and ``v``; INF if not allowed.

    Travel and each route's fixed surcharge; work above the fair share is
    left to the caller's exact costing of the move it makes.
    """
    length_u, length_v = solution.lengths[u], solution.lengths[v]
    if (i == length_u and j == length_v) or (i == 0 and j == 0):
        return INF
    if i + length_v - j > instance.max_visits[u] or j + length_u - i > instance.max_visits[v]:
        return INF
    head_u = _load_before(instance, solution, u, i)
    head_v = _load_before(instance, solution, v, j)
    if (
        head_u + solution.route_load[v] - head_v > instance.capacity[u]
        or head_v + solution.route_load[u] - head_u > instance.capacity[v]
    ):
        return INF
    u_empty = i == 0 and j == length_v
    v_empty = j == 0 and i == length_u
    if not u_empty and not _joins(instance, schedule, solution, u, i, v, j):
        return INF
    if not v_empty and not _joins(instance, schedule, solution, v, j, u, i):
        return INF
    delta = (
        _arc(instance, solution, u, i, v, j)
        + _arc(instance, solution, v, j, u, i)
        - _arc(instance, solution, u, i, u, i)
        - _arc(instance, solution, v, j, v, j)
    )
    if u_empty:
        delta -= instance.surcharge[u, u]
    if v_empty:
        delta -= instance.surcharge[v, v]
    return delta


@njit(cache=True)
def exchange(instance, solution, schedule, u, i, v, j, moved):
    """Make routes ``u[:i] + v[j:]`` and ``v[:j] + u[i:]``; the visits that changed route go into ``moved``.

    Returns how many there are; both routes are timed afresh.
    """
    routes = solution.routes
    length_u, length_v = solution.lengths[u], solution.lengths[v]
    count = 0
    for k in range(i, length_u):
        moved[count] = routes[u, k]
        count += 1
    for k in range(j, length_v):
        routes[u, i + k - j] = routes[v, k]
        solution.route_of[routes[v, k]] = u
    for k in range(count):
        routes[v, j + k] = moved[k]
        solution.route_of[moved[k]] = v
    for k in range(j, length_v):
        moved[count] = routes[u, i + k - j]
        count += 1
    solution.lengths[u] = i + length_v - j
    solution.lengths[v] = j + length_u - i
    solution.route_load[u] = _load_before(instance, solution, u, solution.lengths[u])
    solution.route_load[v] = _load_before(instance, solution, v, solution.lengths[v])
    time_route(instance, solution, u, schedule)
    time_route(instance, solution, v, schedule)
    return count


@njit(cache=True)
def swap_tails(instance, solution, schedule, seed, moved, touched):
    """Exchange tails at the cheapest place joining the seed visit to one of its nearest visits on another route.

    Two ways per neighbour: the seed followed by the neighbour's tail, or
    the neighbour followed by the seed's. Marks the two routes in
    ``touched`` and returns how many visits changed route (put in
    ``moved``); 0 when no exchange is allowed.
    """
    m = instance.vehicles
    u = solution.route_of[seed]
    p = _position(solution, u, seed)
    best = INF
    best_i, best_v, best_j = -1, -1, -1
    nearest = instance.nearest[seed - m]
    for a in range(min(TAIL_NEIGHBOURS, nearest.shape[0])):
        v = solution.route_of[nearest[a]]
        if v < 0 or v == u or instance.kind[v] != instance.kind[u]:
            continue
        q = _position(solution, v, nearest[a])
        for i, j in ((p + 1, q), (p, q + 1)):
            delta = exchange_cost(instance, solution, schedule, u, i, v, j)
            if delta < best:
                best, best_i, best_v, best_j = delta, i, v, j
    if best_v < 0:
        return 0
    touched[u] = True
    touched[best_v] = True
    return exchange(instance, solution, schedule, u, best_i, best_v, best_j, moved)
