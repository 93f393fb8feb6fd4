"""An independent checker for classical routes, in double precision.

Solvers see integer ticks; the instances' conventions are Euclidean
distances in double precision. So whatever a solver claims, its routes
are re-timed here from the raw coordinates: capacity, skills, service
start inside each window, back home by the end of the day, every
customer at most once. Distance and route duration are computed here
too, so all solvers are measured by one ruler.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from planner_bench.classic import ClassicInstance, Customer, Vehicle

#: Slack for double-precision comparisons of times.
EPSILON = 1e-6


@dataclass(frozen=True)
class RouteCheck:
    """What the routes achieve and every rule they break (empty ``violations`` = feasible)."""

    violations: tuple[str, ...]
    served: int
    distance: float
    duration: float
    vehicles_used: int


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def latest_departure(vehicle: Vehicle, stops: Sequence[Customer]) -> float:
    """The latest time the vehicle can leave home and still keep every window (backward pass)."""
    home = (vehicle.x, vehicle.y)
    latest = vehicle.end - stops[-1].service - _dist((stops[-1].x, stops[-1].y), home)
    latest = min(latest, stops[-1].due)
    for here, there in zip(reversed(stops[:-1]), reversed(stops[1:])):
        latest = min(here.due, latest - _dist((here.x, here.y), (there.x, there.y)) - here.service)
    return latest - _dist(home, (stops[0].x, stops[0].y))


def _timed(vehicle: Vehicle, stops: Sequence[Customer], depart: float) -> tuple[float, list[str]]:
    """Drive the route from ``depart``; the return time and every window it misses."""
    place, clock, late = (vehicle.x, vehicle.y), depart, []
    for stop in stops:
        clock = max(clock + _dist(place, (stop.x, stop.y)), stop.ready)
        if clock > stop.due + EPSILON:
            late.append(f"{vehicle.id} starts customer {stop.id} at {clock:.3f} after its due {stop.due:g}")
        clock += stop.service
        place = (stop.x, stop.y)
    back = clock + _dist(place, (vehicle.x, vehicle.y))
    if back > vehicle.end + EPSILON:
        late.append(f"{vehicle.id} is back home at {back:.3f} after the end of its day {vehicle.end:g}")
    return back, late


def check_routes(instance: ClassicInstance, routes: Sequence[Sequence[int]]) -> RouteCheck:
    """Check ``routes[k]`` (customer positions in visit order) for vehicle k."""
    problems: list[str] = []
    if len(routes) > len(instance.vehicles):
        problems.append(f"{len(routes)} routes but only {len(instance.vehicles)} vehicles")
    seen: dict[int, int] = {}
    distance = duration = 0.0
    used = 0
    for vehicle, route in zip(instance.vehicles, routes):
        if not route:
            continue
        if any(not 0 <= p < len(instance.customers) for p in route):
            problems.append(f"{vehicle.id} visits an unknown customer")
            continue
        used += 1
        stops = [instance.customers[p] for p in route]
        for p in route:
            seen[p] = seen.get(p, 0) + 1
        load = sum(s.demand for s in stops)
        if vehicle.capacity is not None and load > vehicle.capacity:
            problems.append(f"{vehicle.id} carries {load} over its capacity {vehicle.capacity}")
        problems += [f"{vehicle.id} lacks skill {s.skill} of customer {s.id}" for s in stops if not vehicle.can_do(s)]
        depart = max(vehicle.start, min(latest_departure(vehicle, stops), vehicle.end))
        back, late = _timed(vehicle, stops, vehicle.start)
        problems += late
        if not late:
            back = _timed(vehicle, stops, depart)[0]
            duration += back - depart
        places = [(vehicle.x, vehicle.y)] + [(s.x, s.y) for s in stops] + [(vehicle.x, vehicle.y)]
        distance += sum(_dist(a, b) for a, b in itertools.pairwise(places))
    problems += [f"customer {instance.customers[p].id} is served {n} times" for p, n in sorted(seen.items()) if n > 1]
    return RouteCheck(tuple(problems), len(seen), distance, duration, used)
