"""A solution of the compiled search: routes, where each visit is, and what the routes use up.

The search keeps two or three at once (the current solution, a trial of
it, the best seen), each a bundle of arrays changed in place.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from planner.routing.ruin.instance import Instance

#: ``route_of`` a visit node when it is not on a route: left out of the plan, or taken out by the ruin
#: under way (so that the ruin does not take it twice); a technician's base node is on no route.
LEFT_OUT = -1
IN_POOL = -2
BASE = -3


class Solution(NamedTuple):
    """Routes and their bookkeeping; every array is changed in place by the search."""

    #: Per vehicle, the visit nodes of its route in order (the first ``lengths[v]`` entries count).
    routes: np.ndarray
    lengths: np.ndarray
    #: Per node, the vehicle whose route holds it, or LEFT_OUT, IN_POOL, BASE.
    route_of: np.ndarray
    #: Per part, the units the routes' visits take from stock.
    parts_used: np.ndarray
    #: Per vehicle, the load of its route.
    route_load: np.ndarray
    #: The objective (one element, so that compiled code can update it in place).
    objective: np.ndarray


def empty_solution(instance: Instance) -> Solution:
    """No routes yet: every visit left out.

    Routes are as wide as the longest route allowed.
    """
    m = instance.vehicles
    width = max(1, int(instance.max_visits.max(initial=1)))
    route_of = np.full(instance.service_min.shape[0], LEFT_OUT, dtype=np.int64)
    route_of[:m] = BASE
    return Solution(
        routes=np.zeros((m, width), dtype=np.int64),
        lengths=np.zeros(m, dtype=np.int64),
        route_of=route_of,
        parts_used=np.zeros(len(instance.stock), dtype=np.int64),
        route_load=np.zeros(m, dtype=np.int64),
        objective=np.zeros(1, dtype=np.int64),
    )


def copy_of(solution: Solution) -> Solution:
    """An independent copy (in Python, between runs of the search)."""
    return Solution(*(part.copy() for part in solution))


@njit(cache=True)
def assign(target, source):
    """Copy one solution's routes, lengths, route per node, parts used and route loads onto another.

    Only the filled part of each route is copied: routes are as wide as
    the longest route allowed (a thousand stops on a 1,000-customer
    instance), and copying the whole table on every new best cost more
    than the iteration that found it.
    """
    for vehicle in range(source.routes.shape[0]):
        length = source.lengths[vehicle]
        target.routes[vehicle, :length] = source.routes[vehicle, :length]
    target.lengths[:] = source.lengths
    target.route_of[:] = source.route_of
    target.parts_used[:] = source.parts_used
    target.route_load[:] = source.route_load


@njit(cache=True)
def remove_at(solution, vehicle, k):
    """Take the stop at position k out of the vehicle's route (its load and parts are the caller's)."""
    routes = solution.routes
    node = routes[vehicle, k]
    for idx in range(k, solution.lengths[vehicle] - 1):
        routes[vehicle, idx] = routes[vehicle, idx + 1]
    solution.lengths[vehicle] -= 1
    solution.route_of[node] = LEFT_OUT
    return node


@njit(cache=True)
def parts_in_stock(instance, solution, visit):
    """Is there stock left of every part the visit needs?"""
    index = visit - instance.vehicles
    for p in range(instance.parts_from[index], instance.parts_from[index + 1]):
        if solution.parts_used[instance.part[p]] + instance.part_quantity[p] > instance.stock[instance.part[p]]:
            return False
    return True


@njit(cache=True)
def take_parts(instance, solution, visit, sign):
    """Take the visit's parts from stock (sign 1) or give them back (sign -1)."""
    index = visit - instance.vehicles
    for p in range(instance.parts_from[index], instance.parts_from[index + 1]):
        solution.parts_used[instance.part[p]] += sign * instance.part_quantity[p]
