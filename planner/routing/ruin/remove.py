"""Ruin: take visits out of the routes into a pool that recreate puts back.

Three ways, chosen by the annealing (``anneal.search``): strings of
consecutive stops from routes near a seed visit (SISR's ruin), room in
the routes of the people allowed to do a visit left out, and a whole
route emptied.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from planner.routing.ruin.schedule import INF
from planner.routing.ruin.solution import IN_POOL, LEFT_OUT, remove_at, take_parts

#: Visits removed per ruin on average, and the longest string taken from one route (SISR's c-bar and L-max).
AVG_REMOVED = 10.0
MAX_STRING = 10.0


@njit(cache=True)
def ruin_sizes(solution):
    """SISR's longest string and number of routes to ruin, from the mean route length."""
    served_routes = 0
    total_length = 0
    for vehicle in range(solution.lengths.shape[0]):
        if solution.lengths[vehicle] > 0:
            served_routes += 1
            total_length += solution.lengths[vehicle]
    if served_routes == 0:
        return 0.0, 0
    longest = min(MAX_STRING, total_length / served_routes)
    most_routes = 4.0 * AVG_REMOVED / (1.0 + longest) - 1.0
    return longest, int(np.floor(np.random.random() * most_routes)) + 1


@njit(cache=True)
def remove_string(instance, solution, vehicle, around, longest, pool, pooled):
    """Remove a string of random length holding visit ``around`` of the vehicle's route into the pool;
    returns the new pool size."""
    routes = solution.routes
    length = solution.lengths[vehicle]
    taken = int(np.floor(np.random.random() * min(float(length), longest))) + 1
    pos = 0
    for k in range(length):
        if routes[vehicle, k] == around:
            pos = k
    lo = max(0, pos - taken + 1)
    hi = min(pos, length - taken)
    first = lo + np.random.randint(hi - lo + 1)
    for _ in range(taken):
        node = remove_at(solution, vehicle, first)
        solution.route_of[node] = IN_POOL
        solution.route_load[vehicle] -= instance.load[node]
        take_parts(instance, solution, node, -1)
        pool[pooled] = node
        pooled += 1
    return pooled


@njit(cache=True)
def remove_strings(instance, solution, seed, pool):
    """Remove strings of consecutive stops from routes near the seed visit (SISR); fills ``pool``, returns
    its size.

    Visits left out that lie among the scanned neighbours join the pool too,
    so every recreate also tries to fit in work that is waiting.
    """
    longest, most_routes = ruin_sizes(solution)
    ruined = np.zeros(instance.vehicles, dtype=np.bool_)
    done = 0
    pooled = 0
    for a in range(-1, instance.nearest.shape[1]):
        visit = seed if a < 0 else instance.nearest[seed - instance.vehicles, a]
        vehicle = solution.route_of[visit]
        if vehicle == LEFT_OUT and done < most_routes:
            pool[pooled] = visit
            pooled += 1
            solution.route_of[visit] = IN_POOL
        elif vehicle >= 0 and done < most_routes and not ruined[vehicle]:
            pooled = remove_string(instance, solution, vehicle, visit, longest, pool, pooled)
            ruined[vehicle] = True
            done += 1
    for a in range(pooled):
        solution.route_of[pool[a]] = LEFT_OUT
    return pooled


@njit(cache=True)
def empty_route(instance, solution, pool):
    """Take every stop out of one random used route: the only ruin that can save a whole route."""
    lengths = solution.lengths
    count = 0
    for vehicle in range(instance.vehicles):
        if lengths[vehicle] > 0:
            count += 1
    if count == 0:
        return 0
    pick = np.random.randint(count)
    for vehicle in range(instance.vehicles):
        if lengths[vehicle] > 0:
            if pick == 0:
                pooled = 0
                while lengths[vehicle] > 0:
                    node = remove_at(solution, vehicle, 0)
                    solution.route_load[vehicle] -= instance.load[node]
                    take_parts(instance, solution, node, -1)
                    pool[pooled] = node
                    pooled += 1
                return pooled
            pick -= 1
    return 0


@njit(cache=True)
def make_room(instance, solution, visit, pool):
    """Ruin the routes of those allowed to do the left-out visit, near it, so that recreate may fit it in.

    Plain SISR ruins routes near a visit whoever drives them; a visit only a
    few people may do needs room in exactly those people's routes.
    """
    routes, cost = solution.routes, instance.arc_cost
    longest, most_routes = ruin_sizes(solution)
    index = visit - instance.vehicles
    first, last = instance.allowed_from[index], instance.allowed_from[index + 1]
    gap = np.full(last - first, INF, dtype=np.int64)
    nearest = np.zeros(last - first, dtype=np.int64)
    for a in range(first, last):
        vehicle = instance.allowed_vehicle[a]
        for k in range(solution.lengths[vehicle]):
            detour = cost[routes[vehicle, k], visit] + cost[visit, routes[vehicle, k]]
            if detour < gap[a - first]:
                gap[a - first] = detour
                nearest[a - first] = routes[vehicle, k]
    pool[0] = visit
    solution.route_of[visit] = IN_POOL
    pooled = 1
    order = np.argsort(gap)
    for b in range(min(most_routes, last - first)):
        a = order[b]
        if gap[a] == INF:
            break
        pooled = remove_string(
            instance, solution, instance.allowed_vehicle[first + a], nearest[a], longest, pool, pooled
        )
    for a in range(pooled):
        solution.route_of[pool[a]] = LEFT_OUT
    return pooled
