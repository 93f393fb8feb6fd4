"""What the field reported, as re-planning events: the store's statuses instead of a hand-written events.yaml.

Of the day's planned visits that have not started by the moment of
re-planning (by the plan's clock), those the customer is not home for
become ``not_home``, and those that will not happen today (needs a part,
rescheduled, cancelled) become ``cancelled``: both leave today's routes.
Visits that started by the plan stay as planned, whatever was reported,
since the re-plan never moves what has begun.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.plan import Plan
from planner.replan.events import Events, started_visits

#: Reported statuses that take a visit that has not started off today's routes, and how.
CALLED_OFF: Mapping[str, str] = {
    "not_home": "not_home",
    "needs_part": "cancelled",
    "rescheduled": "cancelled",
    "cancelled": "cancelled",
}


def events_from_statuses(plan: Plan, statuses: Mapping[str, str], at: int) -> Events:
    """Events for ``replan`` from each planned visit's reported status (visit id -> status)."""
    started = started_visits(plan, at)
    off: dict[str, list[str]] = {"not_home": [], "cancelled": []}
    for route in plan.routes:
        for stop in route.stops:
            kind = CALLED_OFF.get(statuses.get(stop.visit_id, ""))
            if kind is not None and stop.visit_id not in started:
                off[kind].append(stop.visit_id)
    return Events(at=at, not_home=tuple(off["not_home"]), cancelled=tuple(off["cancelled"]))
