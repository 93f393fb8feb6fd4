"""Visits that need several people on site at once: choose the crew and the start first.

Keeping two routes in step inside the search would tie every move of one
route to another; instead the crews are settled before the search, most
important visit first: for each crew visit the earliest day and start at
which enough qualified people in its region can be there together, given
the crew visits they already hold. Each member then gets the visit as a
stop fixed to that start (``crew_copies``), and the search plans everything
else around those stops. Both members' stops therefore have the same start
and end; the first one to arrive waits.

A person's fixed stops are checked as a small day of their own: reachable
from base and back within the shift, the drives between them, the cap of
visits, and a gap for the lunch break when one is owed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planner.domain import Dataset, Settings, Technician, Visit
from planner.eligibility import window_bounds
from planner.horizon.vehicles import Vehicle, day_costs, released, vehicle_id
from planner.travel import TravelModel

#: Candidate starts are tried this many minutes apart, earliest first.
START_STEP = 10
#: Crew visits of this tier or more important (pinned, urgent, important) hold their stops firm.
FIRM_TIER = 2


class Drives:
    """The travel model's minutes, each drive worked out once: the same few are asked for at every candidate start."""

    def __init__(self, model: TravelModel):
        self.model = model
        self._known: dict[tuple[tuple[float, float], tuple[float, float]], int] = {}

    def minutes(self, a: tuple[float, float], b: tuple[float, float]) -> int:
        """Whole travel minutes from a to b."""
        if (a, b) not in self._known:
            self._known[(a, b)] = self.model.minutes(a, b)
        return self._known[(a, b)]


@dataclass(frozen=True)
class Booked:
    """A fixed stop of one person: where and when."""

    visit_id: str
    start: int
    end: int
    place: tuple[float, float]


@dataclass(frozen=True)
class CrewStop:
    """A crew visit settled on a day and start, with its members (the lead first)."""

    visit: Visit
    day: int
    start: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class CrewShortfall:
    """Why a crew visit found no day: the most people free at once on any day, and who they were."""

    visit: Visit
    free: tuple[str, ...] = ()
    leads: int = 0
    day: int | None = None


@dataclass
class CrewBook:
    """Every person's fixed crew stops, per day."""

    stops: dict[tuple[str, int], list[Booked]] = field(default_factory=dict)

    def of(self, person: str, day: int) -> list[Booked]:
        return self.stops.get((person, day), [])

    def add(self, person: str, day: int, booked: Booked) -> None:
        self.stops.setdefault((person, day), []).append(booked)


def crew_visits(visits: Iterable[Visit]) -> tuple[Visit, ...]:
    """The visits that need more than one person."""
    return tuple(v for v in visits if v.crew_size > 1)


def place_crews(
    dataset: Dataset,
    vehicles: tuple[Vehicle, ...],
    visits: Iterable[Visit],
    promised: Mapping[str, dt.date] | None = None,
) -> tuple[tuple[CrewStop, ...], tuple[CrewShortfall, ...]]:
    """Settle each crew visit, most important first, on its cheapest feasible day at its earliest start."""
    travel = Drives(TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor))
    settings = dataset.settings
    days = settings.days()
    by_day: dict[int, list[Vehicle]] = {}
    for vehicle in vehicles:
        by_day.setdefault(vehicle.day, []).append(vehicle)
    book = CrewBook()
    placed, failed = [], []
    for visit in sorted(visits, key=lambda v: (v.importance(settings.date), v.id)):
        costs = day_costs(visit, dataset, (promised or {}).get(visit.id))
        order = sorted((d for d in range(len(days)) if released(visit, days[d])), key=lambda d: (costs[d], d))
        best = CrewShortfall(visit)
        for day in order:
            found, short = _crew_on(visit, day, by_day.get(day, []), book, travel, settings)
            if found is not None:
                placed.append(found)
                for person in found.members:
                    book.add(
                        person,
                        day,
                        Booked(visit.id, found.start, found.start + visit.duration_min, (visit.lat, visit.lon)),
                    )
                break
            if len(short.free) > len(best.free) or best.day is None:
                best = short
        else:
            failed.append(best)
    return tuple(placed), tuple(failed)


def _crew_on(
    visit: Visit, day: int, people: list[Vehicle], book: CrewBook, travel: Drives, settings: Settings
) -> tuple[CrewStop | None, CrewShortfall]:
    """The earliest start on this day at which a lead and enough members are all free."""
    local = [v for v in people if v.technician.covers(visit.region) and v.technician.max_visits != 0]
    leads = [
        v
        for v in local
        if v.technician.qualifies(visit.required_skills)
        and (not visit.pinned_technician or v.person == visit.pinned_technician)
    ]
    members = [v for v in local if v.technician.qualifies(visit.crew_skills)]
    opens, closes = window_bounds(visit)
    most: tuple[str, ...] = ()
    if not leads:
        return None, CrewShortfall(visit, (), 0, day)
    earliest = max(opens, min(v.technician.shift_start for v in leads + members))
    latest = min(closes, max(v.technician.shift_end for v in leads + members) - visit.duration_min)
    for start in range(earliest, latest + 1, START_STEP):
        free = {v.person: v for v in leads + members if _fits(v, start, visit, book, travel, settings)}
        free_members = [v for v in members if v.person in free]
        if len(free) > len(most):
            most = tuple(sorted(free))
        for lead in sorted((v for v in leads if v.person in free), key=lambda v: (_away(v, visit, travel), v.person)):
            others = sorted(
                (v for v in free_members if v.person != lead.person),
                key=lambda v: (_away(v, visit, travel), len(book.of(v.person, day)), v.person),
            )
            if len(others) >= visit.crew_size - 1:
                crew = (lead.person, *(v.person for v in others[: visit.crew_size - 1]))
                return CrewStop(visit, day, start, crew), CrewShortfall(visit, most, len(leads), day)
    return None, CrewShortfall(visit, most, len(leads), day)


def _away(vehicle: Vehicle, visit: Visit, travel: Drives) -> int:
    t = vehicle.technician
    return travel.minutes((t.base_lat, t.base_lon), (visit.lat, visit.lon))


def _fits(vehicle: Vehicle, start: int, visit: Visit, book: CrewBook, travel: Drives, settings: Settings) -> bool:
    """Can this person hold their fixed stops of the day plus this one?"""
    stops = sorted(
        [
            *book.of(vehicle.person, vehicle.day),
            Booked(visit.id, start, start + visit.duration_min, (visit.lat, visit.lon)),
        ],
        key=lambda b: b.start,
    )
    return day_holds(vehicle.technician, stops, travel, settings)


def day_holds(technician: Technician, stops: list[Booked], travel: Drives, settings: Settings) -> bool:
    """Fixed stops in start order fit the shift, the drives between them, the cap and the lunch break."""
    if technician.max_visits is not None and len(stops) > technician.max_visits:
        return False
    base = (technician.base_lat, technician.base_lon)
    gaps = []  # (free from, free until, minutes of driving inside)
    at, free_from = base, technician.shift_start
    for stop in stops:
        drive = travel.minutes(at, stop.place)
        if free_from + drive > stop.start:
            return False
        gaps.append((free_from, stop.start, drive))
        at, free_from = stop.place, stop.end
    drive = travel.minutes(at, base)
    if free_from + drive > technician.shift_end:
        return False
    gaps.append((free_from, technician.shift_end, drive))
    lunch = settings.lunch_minutes
    owed = lunch > 0 and technician.shift_start <= settings.lunch_start and technician.shift_end >= settings.lunch_end
    if not owed:
        return True
    return any(
        min(until, settings.lunch_end) - max(begin, settings.lunch_start) >= lunch and until - begin - drive >= lunch
        for begin, until, drive in gaps
    )


def crew_copies(
    crews: Iterable[CrewStop], plan_date: dt.date, firm_tier: int = FIRM_TIER
) -> tuple[tuple[Visit, str], ...]:
    """Each member's fixed stop as a visit of its own (``copy_id``) with the vehicle allowed to do it.

    The copy's window is the settled start, so the search cannot move it.
    The copies of pinned, urgent and important work (tier up to
    ``firm_tier``) are pinned to their member, the last work the search
    gives up: a search that dropped one member's stop would lose the
    whole visit and leave the other member's hours empty. Normal and low
    work keeps its priority, so a crew job never pushes out more important
    work done alone. Only the lead's copy carries the parts.
    """
    copies = []
    for crew in crews:
        firm = crew.visit.importance(plan_date)[0] <= firm_tier
        for i, person in enumerate(crew.members):
            vehicle = vehicle_id(person, crew.day)
            copy = crew.visit.model_copy(
                update={
                    "id": copy_id(crew.visit.id, i),
                    "window_start": crew.start,
                    "window_end": crew.start,
                    "pinned_technician": vehicle if firm else None,
                    "preferred_technician": None,
                    "required_skills": {},
                    "parts": crew.visit.parts if i == 0 else {},
                    "crew_size": 1,
                    "crew_skills": {},
                    "release_date": None,
                }
            )
            copies.append((copy, vehicle))
    return tuple(copies)


#: Marks a member's stop of a crew visit inside the routing problem (never shown to anyone).
COPY_MARK = "#crew"


def copy_id(visit_id: str, member: int) -> str:
    """The routing problem's id of one member's stop of a crew visit."""
    return f"{visit_id}{COPY_MARK}{member}"


def original_id(node_id: str) -> str:
    """The visit a routing problem's id stands for."""
    return node_id.rpartition(COPY_MARK)[0] if COPY_MARK in node_id else node_id
