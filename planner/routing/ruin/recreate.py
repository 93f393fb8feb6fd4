"""Recreate: put visits back where they add least cost, and the first routes built the same way."""

from __future__ import annotations

import numpy as np
from numba import njit

from planner.routing.ruin.cost import objective, work
from planner.routing.ruin.schedule import (
    ARC_COST,
    EARLIEST_OWED,
    EARLIEST_TAKEN,
    INF,
    LATEST_OWED,
    LATEST_TAKEN,
    advance,
    new_schedule,
    time_route,
)
from planner.routing.ruin.solution import parts_in_stock, take_parts

#: ``only`` of ``insert_best`` when the visit may go on any route.
ANY_ROUTE = -1
#: ``near`` of ``insert_best`` when every route may be tried.
NO_ROUTES = np.zeros(0, dtype=np.bool_)
#: Orders of recreate (``recreate``): SISR's random, largest load first, farthest and nearest from the
#: bases first; adding PENALTY_FIRST puts heavier penalties before them.
ORDER_RANDOM = 0
ORDER_LOAD = 1
ORDER_FAR = 2
ORDER_NEAR = 3
ORDERS = 4
PENALTY_FIRST = ORDERS


@njit(cache=True)
def insert_best(instance, solution, schedule, visit, blink, only=ANY_ROUTE, near=NO_ROUTES):
    """Put the visit where it adds least cost (skipping each place with chance ``blink``); INF if nowhere.

    ``only`` other than ANY_ROUTE limits the places to that vehicle's route (when only it
    changed); a non-empty ``near`` to the routes it marks (see ``near_routes``).
    """
    routes, lengths = solution.routes, solution.lengths
    cost, surcharge, leg = instance.arc_cost, instance.surcharge, instance.leg_min
    service, opening, closing = instance.service_min, instance.window_open, instance.window_close
    index = visit - instance.vehicles
    # The costs of arriving at the visit from each node, read along one row (see ``Instance.arc_cost_in``).
    arrive = instance.arc_cost_in[visit]
    best = INF
    best_vehicle = -1
    best_k = -1
    granular = near.shape[0] > 0
    for a in range(instance.allowed_from[index], instance.allowed_from[index + 1]):
        vehicle = instance.allowed_vehicle[a]
        length = lengths[vehicle]
        if (
            (only != ANY_ROUTE and vehicle != only)
            or (granular and not near[vehicle])
            or length >= instance.max_visits[vehicle]
            or solution.route_load[vehicle] + instance.load[visit] > instance.capacity[vehicle]
        ):
            continue
        added = surcharge[vehicle, visit]
        fair = instance.fair_work[vehicle]
        # No balance target (every classical instance): skip summing the route's work.
        over = work(instance, solution, vehicle) - fair if fair < INF else -INF
        prev = vehicle
        for k in range(length + 1):
            nxt = routes[vehicle, k] if k < length else vehicle
            if blink > 0.0 and np.random.random() < blink:
                prev = nxt
                continue
            delta = arrive[prev] + cost[visit, nxt] + added
            if length > 0:
                delta -= schedule[ARC_COST, vehicle, k]  # the arc the visit breaks (nxt's surcharge stays)
            else:
                delta += surcharge[vehicle, vehicle]  # the route the visit opens
            if fair < INF:
                more = leg[prev, visit] + leg[visit, nxt] - (leg[prev, nxt] if length > 0 else 0)
                delta += max(0, over + more) - max(0, over)
            if delta < best:
                # Feasible exactly when the next stop can still start, in either break state,
                # no later than that state's latest start (starting earlier never hurts).
                owed, taken = advance(
                    schedule[EARLIEST_OWED, vehicle, k],
                    schedule[EARLIEST_TAKEN, vehicle, k],
                    leg[prev, visit],
                    service[prev],
                    service[visit],
                    opening[visit],
                    closing[visit],
                    instance.has_lunch[vehicle],
                    instance.lunch_earliest[vehicle],
                    instance.lunch_latest[vehicle],
                    instance.lunch_min[vehicle],
                    False,
                )
                if owed < INF or taken < INF:
                    next_owed, next_taken = advance(
                        owed,
                        taken,
                        leg[visit, nxt],
                        service[visit],
                        service[nxt],
                        opening[nxt],
                        closing[nxt],
                        instance.has_lunch[vehicle],
                        instance.lunch_earliest[vehicle],
                        instance.lunch_latest[vehicle],
                        instance.lunch_min[vehicle],
                        k == length,
                    )
                    if (
                        next_owed <= schedule[LATEST_OWED, vehicle, k + 1]
                        or next_taken <= schedule[LATEST_TAKEN, vehicle, k + 1]
                    ):
                        best = delta
                        best_vehicle = vehicle
                        best_k = k
            prev = nxt
    if best_vehicle < 0:
        return INF
    vehicle = best_vehicle
    for idx in range(lengths[vehicle], best_k, -1):
        routes[vehicle, idx] = routes[vehicle, idx - 1]
    routes[vehicle, best_k] = visit
    lengths[vehicle] += 1
    solution.route_of[visit] = vehicle
    solution.route_load[vehicle] += instance.load[visit]
    time_route(instance, solution, vehicle, schedule)
    return best


@njit(cache=True)
def near_routes(instance, solution, visit, granular, near, seen):
    """Mark in ``near`` the routes worth trying for the visit: those holding one of its nearest visits.

    Plus one empty route per kind of interchangeable people (``Instance.kind``):
    on a 1,000-customer instance a visit's nearest visits lie on a dozen
    of 250 routes, and reading the travel matrix for every place of every
    route was most of an iteration's time.
    """
    index = visit - instance.vehicles
    near[:] = False
    seen[:] = False
    for a in range(min(granular, instance.nearest.shape[1])):
        vehicle = solution.route_of[instance.nearest[index, a]]
        if vehicle >= 0:
            near[vehicle] = True
    for a in range(instance.allowed_from[index], instance.allowed_from[index + 1]):
        vehicle = instance.allowed_vehicle[a]
        if solution.lengths[vehicle] == 0 and not seen[instance.kind[vehicle]]:
            seen[instance.kind[vehicle]] = True
            near[vehicle] = True


@njit(cache=True)
def recreate(instance, solution, schedule, pool, pooled, blink, order_kind, granular):
    """Insert the first ``pooled`` visits of ``pool`` one by one; returns the cost added (penalties for misses).

    The order is SISR's (``order_kind`` ORDER_RANDOM to ORDER_NEAR): random,
    largest load, farthest or nearest first. Adding PENALTY_FIRST puts heavier penalties first
    (urgent work before routine work) and use SISR's order among equals.
    Both are needed: penalty first fits the important work, while a
    routine visit placed first sometimes frees the place an important
    one should move to, which annealing then keeps only if it pays.
    With ``granular`` > 0 a visit first tries the routes of its
    ``granular`` nearest visits (and one empty route of each kind), and
    every place only when none of those fits.
    """
    m = instance.vehicles
    vehicles = solution.routes.shape[0]
    near = np.zeros(vehicles if granular > 0 else 0, dtype=np.bool_)
    seen = np.zeros(vehicles, dtype=np.bool_)
    keys = np.empty(pooled, dtype=np.float64)
    kind = order_kind % ORDERS
    for a in range(pooled):
        visit = pool[a]
        if kind == ORDER_RANDOM:
            keys[a] = np.random.random()
        elif kind == ORDER_LOAD:
            keys[a] = -float(instance.load[visit])
        elif kind == ORDER_FAR:
            keys[a] = -float(instance.from_base[visit - m])
        else:
            keys[a] = float(instance.from_base[visit - m])
    order = np.argsort(keys, kind="mergesort")
    if order_kind >= PENALTY_FIRST:
        heavier = np.empty(pooled, dtype=np.int64)
        for a in range(pooled):
            heavier[a] = -instance.drop_penalty[pool[order[a]] - m]
        order = order[np.argsort(heavier, kind="mergesort")]
    added = np.int64(0)
    for a in range(pooled):
        visit = pool[order[a]]
        got = INF
        if parts_in_stock(instance, solution, visit):
            if granular > 0:
                near_routes(instance, solution, visit, granular, near, seen)
                got = insert_best(instance, solution, schedule, visit, blink, ANY_ROUTE, near)
            if got == INF:
                got = insert_best(instance, solution, schedule, visit, blink)
        if got < INF:
            added += got
            take_parts(instance, solution, visit, 1)
        else:
            added += instance.drop_penalty[visit - m]
    return added


@njit(cache=True, nogil=True)
def construct(instance, solution):
    """First routes: every visit inserted where it is cheapest, the heaviest penalties first."""
    m = instance.vehicles
    schedule = new_schedule(solution.routes)
    for vehicle in range(m):
        time_route(instance, solution, vehicle, schedule)
    pool = np.empty(solution.route_of.shape[0] - m, dtype=np.int64)
    pooled = 0
    for node in range(m, solution.route_of.shape[0]):
        if solution.route_of[node] < 0:
            pool[pooled] = node
            pooled += 1
    recreate(instance, solution, schedule, pool, pooled, 0.0, PENALTY_FIRST + ORDER_FAR, 0)
    solution.objective[0] = objective(instance, solution)
