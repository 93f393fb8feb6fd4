"""Tiny hand-checkable days for solver tests.

Places sit on one east-west line through central Beijing (lat 39.9):
0.01 degree of longitude there is 0.8528 km of great circle, 1.1087 km of
road at the default road factor 1.3, so 2.2 minutes at 30 km/h. The
helper ``east(minutes)`` gives the longitude that many whole travel
minutes east of the origin, which keeps expected numbers easy to follow.
"""

from __future__ import annotations

import datetime as dt

from planner.domain import Dataset, Part, Settings, Technician, Visit
from planner.plan import Plan, Stop
from planner.routing import SearchParams

ORIGIN = (39.9, 116.4)
PLAN_DATE = dt.date(2026, 11, 23)
FAST = SearchParams(time_limit=5.0, seed=0)


def east(minutes: float) -> float:
    """Longitude about ``minutes`` of travel east of the origin (rounded up by the model)."""
    return ORIGIN[1] + (minutes - 0.5) / 2.2 * 0.01


def tech(id: str, **fields) -> Technician:
    """A technician at the origin, 08:00-17:00, holding sofa_repair:3 unless told otherwise."""
    values = {
        "name": f"name {id}",
        "base_lat": ORIGIN[0],
        "base_lon": ORIGIN[1],
        "skills": {"sofa_repair": 3},
        "shift_start": 8 * 60,
        "shift_end": 17 * 60,
    }
    values.update(fields)
    return Technician(id=id, **values)


def visit(id: str, minutes_east: float = 10, **fields) -> Visit:
    """A normal-priority 60-minute sofa repair ``minutes_east`` of travel from the origin."""
    values = {
        "customer": f"customer {id}",
        "phone": "13800000000",
        "address": f"street {id}",
        "lat": ORIGIN[0],
        "lon": east(minutes_east),
        "type": "repair",
        "priority": 3,
        "required_skills": {"sofa_repair": 1},
        "duration_min": 60,
    }
    values.update(fields)
    return Visit(id=id, **values)


def day(technicians, visits, parts=None, regions=(), **settings) -> Dataset:
    """A dataset for the plan date; lunch settings can be overridden (lunch_minutes=0 for none)."""
    return Dataset(
        settings=Settings(date=PLAN_DATE, **settings),
        technicians=tuple(technicians),
        visits=tuple(visits),
        parts=None if parts is None else tuple(Part(id=p, name=p, stock=s) for p, s in parts.items()),
        regions=tuple(regions),
    )


def stops_of(plan: Plan, technician_id: str) -> tuple[Stop, ...]:
    """The stops of a technician's route in a plan; the test fails when they have none."""
    route = plan.route_of(technician_id)
    assert route is not None, f"{technician_id} has no route"
    return route.stops
