"""Turn a vehicle's service starts into a technician's day on the clock.

The search fixes the order of visits and when each service starts; the
rest of the day follows from the travel model: leave base just in time
for the first visit, arrive at each next customer as soon as the drive
allows, and place the lunch break where the search put it. A break that
falls in a drive makes the drive (and so the arrival) later by its
length; a break before leaving or after coming home is not part of the
working day and is not shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeGuard
from zoneinfo import ZoneInfo

from planner.domain import Settings
from planner.plan import Break, Route, Stop
from planner.routing import RoutingProblem, VehicleRoute


def clock(settings: Settings, minutes: int) -> dt.datetime:
    """Minutes after midnight of the plan date as an aware datetime in the plan's timezone."""
    midnight = dt.datetime.combine(settings.date, dt.time(0), tzinfo=ZoneInfo(settings.timezone))
    return midnight + dt.timedelta(minutes=minutes)


def _break_in(break_start: int | None, length: int, opens: int, closes: int) -> TypeGuard[int]:
    """Does the break lie wholly inside the gap [opens, closes]?"""
    return break_start is not None and opens <= break_start and break_start + length <= closes


def build_route(problem: RoutingProblem, route: VehicleRoute, settings: Settings) -> Route:
    """The contract's Route for one vehicle: depart, stops with arrival/start/end, break, return."""
    k, m = route.vehicle, problem.vehicles
    lunch = settings.lunch_minutes
    b = route.break_start
    nodes = [m + p for p in route.visits]
    first_leg = int(problem.travel_min[k, nodes[0]])
    depart = route.starts[0] - first_leg
    if _break_in(b, lunch, route.start_cumul, route.starts[0]) and b + lunch > depart:
        depart -= lunch
    stops = []
    previous_node, previous_end = k, depart
    for node, start in zip(nodes, route.starts):
        leg = int(problem.travel_min[previous_node, node])
        arrival = previous_end + leg
        if previous_node != k and _break_in(b, lunch, previous_end, start) and b < arrival:
            arrival += lunch
        if previous_node == k:
            arrival = start
        stops.append((node, arrival, start, leg))
        previous_node, previous_end = node, start + problem.service_min[node]
    home_leg = int(problem.travel_min[previous_node, k])
    back = previous_end + home_leg
    if _break_in(b, lunch, previous_end, route.end_cumul) and b < back:
        back += lunch
    shown_break = b if _break_in(b, lunch, depart, back) else None
    return Route(
        technician_id=problem.technician_ids[k],
        depart=clock(settings, depart),
        return_=clock(settings, back),
        break_=Break(start=clock(settings, shown_break), end=clock(settings, shown_break + lunch))
        if shown_break is not None
        else None,
        stops=tuple(
            Stop(
                visit_id=problem.visit_ids[node - m],
                arrival=clock(settings, arrival),
                start=clock(settings, start),
                end=clock(settings, start + problem.service_min[node]),
                travel_min=leg,
                travel_km=round(float(problem.travel_km[prev, node]), 2),
            )
            for (node, arrival, start, leg), prev in zip(stops, [k] + nodes[:-1])
        ),
        travel_km=round(float(sum(problem.travel_km[a, c] for a, c in zip([k] + nodes, nodes + [k]))), 2),
        travel_min=sum(int(problem.travel_min[a, c]) for a, c in zip([k] + nodes, nodes + [k])),
    )
