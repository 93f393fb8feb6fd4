"""The take-back pass: a left-out visit takes the place, part or hour a less important planned visit holds."""

from __future__ import annotations

import numpy as np
from numba import njit

from planner.routing.ruin.cost import objective, route_cost
from planner.routing.ruin.recreate import ANY_ROUTE, insert_best
from planner.routing.ruin.schedule import INF, new_schedule, time_route
from planner.routing.ruin.solution import LEFT_OUT, parts_in_stock, remove_at, take_parts


@njit(cache=True)
def _shares_part(instance, visit, holder):
    """Does the holder visit take from stock a part that the visit needs?"""
    m = instance.vehicles
    for p in range(instance.parts_from[visit - m], instance.parts_from[visit - m + 1]):
        for q in range(instance.parts_from[holder - m], instance.parts_from[holder - m + 1]):
            if instance.part[p] == instance.part[q]:
                return True
    return False


@njit(cache=True)
def _allowed(instance, visit, vehicle):
    """May the vehicle serve the visit?"""
    index = visit - instance.vehicles
    for a in range(instance.allowed_from[index], instance.allowed_from[index + 1]):
        if instance.allowed_vehicle[a] == vehicle:
            return True
    return False


@njit(cache=True, nogil=True)
def take_back(instance, solution):
    """Give each left-out visit what a less important planned visit holds, where one swap shows it pays.

    Annealing may end with an urgent visit left out while a routine one
    keeps the spare part it needs, or the hour on the one route that could
    take it: recreate inserts into free room only, and a cold search rarely
    removes the right holder. Here every left-out visit, most important
    first, tries plain insertion, then each less important planned visit
    that holds a part it needs or sits on a route it may join (least
    important first): take that visit out, put the left-out one in, and
    put the removed one back anywhere it still fits. A swap is kept when
    the objective falls; otherwise the route is restored exactly. Repeats
    until no swap pays, so no single swap can serve a more important visit
    in place of a less important one afterwards.
    """
    m = instance.vehicles
    penalty = instance.drop_penalty
    schedule = new_schedule(solution.routes)
    for vehicle in range(m):
        time_route(instance, solution, vehicle, schedule)
    most_important_first = np.argsort(-penalty, kind="mergesort") + m
    least_important_first = np.argsort(penalty, kind="mergesort") + m
    changed = True
    while changed:
        changed = False
        for visit in most_important_first:
            if solution.route_of[visit] != LEFT_OUT:
                continue
            if (
                parts_in_stock(instance, solution, visit)
                and insert_best(instance, solution, schedule, visit, 0.0) < INF
            ):
                take_parts(instance, solution, visit, 1)
                changed = True
                continue
            for holder in least_important_first:
                if penalty[holder - m] >= penalty[visit - m]:
                    break
                vehicle = solution.route_of[holder]
                if vehicle < 0:
                    continue
                holds_part = _shares_part(instance, visit, holder)
                if not holds_part and not _allowed(instance, visit, vehicle):
                    continue
                if _swap(instance, solution, schedule, visit, holder, vehicle, holds_part):
                    changed = True
                    break
    solution.objective[0] = objective(instance, solution)


@njit(cache=True)
def _take_out(instance, solution, schedule, node, vehicle):
    """Take visit ``node`` off the vehicle's route, its parts back to stock, and re-time the route;
    returns its position."""
    k = 0
    for idx in range(solution.lengths[vehicle]):
        if solution.routes[vehicle, idx] == node:
            k = idx
            break
    remove_at(solution, vehicle, k)
    solution.route_load[vehicle] -= instance.load[node]
    take_parts(instance, solution, node, -1)
    time_route(instance, solution, vehicle, schedule)
    return k


@njit(cache=True)
def _swap(instance, solution, schedule, visit, holder, vehicle, holds_part):
    """Try the left-out visit in place of the planned holder (on the vehicle's route); keep it if the
    objective falls, else restore."""
    m = instance.vehicles
    penalty = instance.drop_penalty
    gain = route_cost(instance, solution, vehicle)
    k = _take_out(instance, solution, schedule, holder, vehicle)
    gain -= route_cost(instance, solution, vehicle)
    placed = -1
    if parts_in_stock(instance, solution, visit):
        added = insert_best(instance, solution, schedule, visit, 0.0, ANY_ROUTE if holds_part else vehicle)
        if added < INF:
            placed = solution.route_of[visit]
            gain += penalty[visit - m] - added
            take_parts(instance, solution, visit, 1)
    if placed >= 0:
        back = -1
        added = INF
        if parts_in_stock(instance, solution, holder):
            added = insert_best(instance, solution, schedule, holder, 0.0)
        if added < INF:
            back = solution.route_of[holder]
            gain -= added
            take_parts(instance, solution, holder, 1)
        else:
            gain -= penalty[holder - m]
        if gain > 0:
            return True
        if back >= 0:
            _take_out(instance, solution, schedule, holder, back)
        _take_out(instance, solution, schedule, visit, placed)
    routes = solution.routes
    for idx in range(solution.lengths[vehicle], k, -1):
        routes[vehicle, idx] = routes[vehicle, idx - 1]
    routes[vehicle, k] = holder
    solution.lengths[vehicle] += 1
    solution.route_of[holder] = vehicle
    solution.route_load[vehicle] += instance.load[holder]
    take_parts(instance, solution, holder, 1)
    time_route(instance, solution, vehicle, schedule)
    return False
