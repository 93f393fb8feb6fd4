"""Timing a route of the compiled search the slow way, one stop after another: the judge of its shortcuts."""

from __future__ import annotations

from planner.routing.ruin import schedule


def keeps_every_rule(instance, solution, vehicle, place=0, owed=None, taken=schedule.INF):
    """Can the vehicle's route be served from ``place`` (0 = leaving the base) on, starting there at ``owed``
    (break still owed; the shift start by default) or ``taken`` (break taken)?"""
    length = int(solution.lengths[vehicle])
    nodes = [vehicle, *solution.routes[vehicle, :length], vehicle]
    owed = instance.shift_start[vehicle] if owed is None else owed
    for q in range(place, length + 1):
        here, there = nodes[q], nodes[q + 1]
        owed, taken = schedule.advance(
            owed,
            taken,
            instance.leg_min[here, there],
            instance.service_min[here],
            instance.service_min[there],
            instance.window_open[there],
            instance.window_close[there],
            instance.has_lunch[vehicle],
            instance.lunch_earliest[vehicle],
            instance.lunch_latest[vehicle],
            instance.lunch_min[vehicle],
            q == length,
        )
    return owed < schedule.INF or taken < schedule.INF
