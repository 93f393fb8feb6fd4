"""People and dates as the vehicles of one routing problem.

Each vehicle is one technician on one date of the horizon, with that
date's shift (``availability.csv``, else the usual shift of
technicians.csv). Routes of different days never share a clock, so the
one-day model carries over unchanged: every time stays minutes after
midnight of the vehicle's own date. A visit may ride with the qualified
people on the dates from its release date to the horizon's end; what
decides the day is its cost (``day_costs``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.domain import Dataset, Technician, Visit
from planner.eligibility import Eligibility, Exclusion, eligibility
from planner.plan import REASON_ORDER
from planner.routing.problem import TRAVEL_COST_PER_MIN

#: Minutes of travel one day's delay is worth, by the visit's tier (0 = pinned or due urgent work):
#: urgent work goes to the first day it fits, routine work only breaks ties towards earlier days.
DELAY_MINUTES = {0: 60, 1: 45, 2: 15, 3: 4, 4: 2}
#: Minutes of travel each day after the due date is worth: being late outweighs most detours.
#: (Kept moderate: these costs count into the bound every drop penalty must exceed, and a
#: 1,500-visit week with its crews must stay inside 64 bits.)
LATE_MINUTES_PER_DAY = 120
#: Minutes of travel that moving a date a customer was already given is worth (``--previous``):
#: a proposal moves for a real gain (urgent work, a day off), not for a small detour.
MOVE_MINUTES = 120


@dataclass(frozen=True)
class Vehicle:
    """One person on one date: ``technician`` carries that date's shift and the vehicle's id."""

    technician: Technician
    person: str
    day: int
    date: dt.date

    @property
    def id(self) -> str:
        """The vehicle's id inside the routing problem (never shown to anyone)."""
        return self.technician.id


def vehicle_id(person: str, day: int) -> str:
    """``T01@2``: technician T01 on the third day of the horizon."""
    return f"{person}@{day}"


def day_vehicles(dataset: Dataset) -> tuple[Vehicle, ...]:
    """Every working person on every date of the horizon, day by day, in technicians.csv order."""
    vehicles = []
    for day, date in enumerate(dataset.settings.days()):
        for person in dataset.technicians:
            shift = dataset.shift_on(person, date)
            if shift is None:
                continue
            copy = person.model_copy(
                update={"id": vehicle_id(person.id, day), "shift_start": shift[0], "shift_end": shift[1]}
            )
            vehicles.append(Vehicle(copy, person.id, day, date))
    return tuple(vehicles)


def with_days(dataset: Dataset, days: int | None) -> Dataset:
    """The dataset with ``--days`` in place of the settings' ``horizon_days`` (None keeps it)."""
    if days is None or days == dataset.settings.horizon_days:
        return dataset
    return dataset.model_copy(update={"settings": dataset.settings.model_copy(update={"horizon_days": days})})


def day_dataset(dataset: Dataset, day: int, visits: tuple[Visit, ...] | None = None) -> Dataset:
    """One date of the horizon as a one-day dataset: who works that date, with that date's shift."""
    date = dataset.settings.days()[day]
    people = []
    for person in dataset.technicians:
        shift = dataset.shift_on(person, date)
        if shift is not None:
            people.append(person.model_copy(update={"shift_start": shift[0], "shift_end": shift[1]}))
    return dataset.model_copy(
        update={
            "settings": dataset.settings.model_copy(update={"date": date, "horizon_days": 1}),
            "technicians": tuple(people),
            "visits": dataset.visits if visits is None else visits,
            "availability": (),
        }
    )


def released(visit: Visit, date: dt.date) -> bool:
    """May the visit be done on this date?"""
    return visit.release_date is None or visit.release_date <= date


@dataclass(frozen=True)
class HorizonEligibility:
    """``allowed``: vehicle ids per plannable visit; ``excluded`` with the day it came closest on;
    ``later``: visits released only after the horizon."""

    allowed: Eligibility
    closest_day: dict[str, int]
    later: tuple[str, ...]


def horizon_eligibility(dataset: Dataset, visits: tuple[Visit, ...]) -> HorizonEligibility:
    """Allowed vehicles of each visit over the horizon, exclusions, and visits released after it.

    Eligibility is settled day by day (that day's shifts), and a visit is
    excluded only when no day allows it; its reason is the one of the day
    on which it came closest (furthest in the contract's order of rules).
    """
    days = dataset.settings.days()
    allowed: dict[str, list[str]] = {}
    closest: dict[str, Exclusion] = {}
    closest_day: dict[str, int] = {}
    for day, date in enumerate(days):
        mine = tuple(v for v in visits if released(v, date))
        found = eligibility(day_dataset(dataset, day, mine))
        for visit_id, people in found.allowed.items():
            allowed.setdefault(visit_id, []).extend(vehicle_id(p, day) for p in people)
        for visit_id, exclusion in found.excluded.items():
            known = closest.get(visit_id)
            if known is None or REASON_ORDER.index(exclusion.reason_code) > REASON_ORDER.index(known.reason_code):
                closest[visit_id] = exclusion
                closest_day[visit_id] = day
    later = tuple(v.id for v in visits if not released(v, days[-1]))
    excluded = {v.id: closest[v.id] for v in visits if v.id not in allowed and v.id in closest}
    return HorizonEligibility(Eligibility({v: tuple(ids) for v, ids in allowed.items()}, excluded), closest_day, later)


def day_costs(visit: Visit, dataset: Dataset, promised: dt.date | None = None) -> tuple[int, ...]:
    """What doing the visit on each day of the horizon costs, in the search's cost units.

    A day's delay costs by importance; each day after the due date costs
    far more, so due work takes the early days and routine work fills the
    later days where its travel is least. A date the customer was already
    given (``promised``) makes every other day cost ``MOVE_MINUTES`` more.
    The cheapest day costs nothing: only the differences steer the search,
    and small costs keep the penalties of a large week inside 64 bits.
    """
    tier = visit.importance(dataset.settings.date)[0]
    costs = []
    for day, date in enumerate(dataset.settings.days()):
        late = max(0, (date - visit.due_date).days) if visit.due_date is not None else 0
        moved = MOVE_MINUTES if promised is not None and date != promised else 0
        costs.append((DELAY_MINUTES[tier] * day + LATE_MINUTES_PER_DAY * late + moved) * TRAVEL_COST_PER_MIN)
    cheapest = min(costs)
    return tuple(cost - cheapest for cost in costs)
