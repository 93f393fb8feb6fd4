"""The hard rules of a one-day ``plan.json``, checked independently of the solver that made it.

A plan is only trustworthy when something other than the solver that made
it confirms it. So this module reads the plan as plain parsed JSON (never
the solver's objects), recomputes the contract's travel model with
``math`` on its own, and reports every broken rule as a ``Violation``
instead of raising: one run lists everything that is wrong, even in a
plan written by hand or by another tool.

Rule codes: ``format`` (the JSON does not have the contract's shape),
``times`` (a date-time that does not parse, has the wrong UTC offset or is
not on the plan date; plan date or timezone not the dataset's),
``coverage``, ``duration``, ``skills``, ``region``, ``window``, ``shift``,
``travel``, ``travel_total``, ``overlap``, ``break``, ``max_visits``,
``parts``, ``pinned``, ``reason`` (a reason for an unassigned visit that
is not true of the plan, ``planner.check_reasons``), ``figures`` (a
reported distance, travel time or KPI total that is not finite or does not
match its recomputed value, ``planner.check_figures``). Plans over several
days, and plans with crews or shifts by date, are checked day by day by
``planner.check_horizon`` with these rules; ``planner.check`` chooses. A route whose clock times cannot all be read is
still checked for who does what, but not for timing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.check_figures import FigureChecker
from planner.check_reasons import ReasonChecker, RouteFacts, Service
from planner.domain import Dataset, Settings, Technician, Visit
from planner.violation_words import said

EARTH_RADIUS_KM = 6371.0088
DAY_END = 24 * 60

#: The contract's reason codes, spelled out here rather than imported so the
#: checker stays a second opinion on the plan model too.
REASON_CODES: tuple[str, ...] = (
    "no_qualified_technician",
    "no_technician_in_region",
    "window_outside_shifts",
    "parts_out_of_stock",
    "capacity",
    "deferred",
    "no_plan_in_time",
)


@dataclass(frozen=True)
class Violation:
    """One broken rule: a short code for machines and a sentence for people."""

    rule: str
    message: str
    technician_id: str | None = None
    visit_id: str | None = None

    def __str__(self) -> str:
        return said(self.rule, self.message, "en")

    def said(self, lang: str) -> str:
        """The broken rule as a person reads it, in Chinese for ``zh`` (``planner.violation_words``)."""
        return said(self.rule, self.message, lang)


# --- the plan as far as it could be read -------------------------------------------


@dataclass(frozen=True)
class _Stop:
    """A stop's identity and the travel it claims; enough for who-does-what rules."""

    visit_id: str
    travel_min: float | None


@dataclass(frozen=True)
class _Service:
    """A stop's clock times in minutes after midnight of the plan date."""

    visit_id: str
    arrival: float
    start: float
    end: float


@dataclass(frozen=True)
class _Day:
    """A route's clock times; built only when every one of them could be read."""

    depart: float
    back: float
    lunch: tuple[float, float] | None
    services: tuple[_Service, ...]


@dataclass(frozen=True)
class _Route:
    """A route as read. ``complete`` is False when a stop was unreadable, so the
    order of places (and with it every travel leg) is unknown."""

    technician_id: str
    stops: tuple[_Stop, ...]
    complete: bool
    travel_min: float | None
    day: _Day | None


@dataclass(frozen=True)
class _Unassigned:
    """An entry of ``unassigned``; the reason code is kept raw so a bad one can be named."""

    visit_id: str
    reason_code: object
    evidence: object = None


@dataclass(frozen=True)
class _Context:
    """What every rule looks at: the dataset, lookups by id and the readable plan."""

    dataset: Dataset
    technicians: Mapping[str, Technician]
    visits: Mapping[str, Visit]
    routes: tuple[_Route, ...]
    unassigned: tuple[_Unassigned, ...]
    as_of: float | None = None
    plan: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class _Leg:
    """One drive between two places, as the travel model prices it."""

    origin: str
    destination: str
    km: float
    minutes: int


# --- small helpers -----------------------------------------------------------------


def _whole(value: float) -> float:
    """Whole numbers as ``int`` so that messages read ``45``, not ``45.0``."""
    if isinstance(value, int):
        return value
    return int(value) if value.is_integer() else value


def _clock(minutes: float) -> str:
    """``HH:MM`` for messages (``HH:MM:SS`` when seconds are set); 24:00 and beyond stay readable."""
    sign = "-" if minutes < 0 else ""
    seconds = round(abs(minutes) * 60)
    hours, rest = divmod(seconds, 3600)
    text = f"{sign}{hours:02d}:{rest // 60:02d}"
    return text + f":{rest % 60:02d}" if rest % 60 else text


def _utc_offset(moment: dt.datetime) -> str:
    """The UTC offset of an aware date-time as ``+08:00``."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = offset.total_seconds() / 60
    return ("+" if minutes >= 0 else "") + _clock(minutes)


def _who(technician_id: str, technicians: Mapping[str, Technician]) -> str:
    """A technician as a dispatcher recognises them: id and, when known, name."""
    technician = technicians.get(technician_id)
    if technician is not None and technician.name:
        return f"{technician.id} ({technician.name})"
    return technician_id


def _overlap(span: tuple[float, float] | None, begin: float, finish: float) -> float:
    """Minutes of ``span`` (the lunch break) that fall inside [begin, finish]."""
    if span is None:
        return 0
    return max(0, min(span[1], finish) - max(span[0], begin))


_HOUR_24 = re.compile(r"T24:00(?::00(?:\.0+)?)?(?=$|[+\-Z])")


def _parse_iso(text: str) -> dt.datetime | None:
    """An ISO 8601 date-time, or None; ``T24:00`` (end of day) is midnight of the next day."""
    end_of_day = _HOUR_24.search(text)
    try:
        if end_of_day is None:
            return dt.datetime.fromisoformat(text)
        midnight = text[: end_of_day.start()] + "T00:00" + text[end_of_day.end() :]
        return dt.datetime.fromisoformat(midnight) + dt.timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def _clock_minutes(local: dt.datetime, date: dt.date) -> float:
    """Wall-clock minutes after midnight of ``date`` (next day's midnight = 1440)."""
    days = (local.date() - date).days
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return _whole(days * DAY_END + seconds / 60)


def _travel(settings: Settings, a: tuple[float, float], b: tuple[float, float]) -> tuple[float, int]:
    """The contract's travel model: road km and whole minutes rounded up."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h))) * settings.road_factor
    return km, math.ceil(km / settings.speed_kmh * 60)


# --- reading the raw plan (reports "format" and "times") ---------------------------

_MISSING = object()


class _Reader:
    """Turns the raw plan into what rules can check, noting each malformed part once.

    Reading is lenient on purpose: whatever can be read is checked, whatever
    cannot becomes a ``format`` or ``times`` violation instead of an exception.
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.date = dataset.settings.date
        self.problems: list[Violation] = []
        try:
            self.zone: dt.tzinfo = ZoneInfo(dataset.settings.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            self.zone = dt.UTC
            self.problem(
                "times",
                f"The dataset's timezone {dataset.settings.timezone!r} is not a "
                "known IANA name, so UTC offsets are checked against UTC.",
            )

    def problem(self, rule: str, message: str, technician_id: str | None = None, visit_id: str | None = None) -> None:
        """Record one problem found while reading."""
        self.problems.append(Violation(rule, message, technician_id, visit_id))

    def read(self, plan: object) -> _Context:
        """The whole plan; a plan that is not a JSON object has nothing else to read."""
        dataset = self.dataset
        technicians = {t.id: t for t in dataset.technicians}
        visits = {v.id: v for v in dataset.visits}
        if not isinstance(plan, Mapping):
            self.problem("format", f"The plan must be a JSON object, not {type(plan).__name__}.")
            return _Context(dataset, technicians, visits, (), ())
        self.header(plan)
        raw_routes = self.items(plan, "routes", "The plan") or []
        routes = tuple(
            route for n, raw in enumerate(raw_routes, 1) if (route := self.route(raw, f"Route {n}")) is not None
        )
        raw_unassigned = self.items(plan, "unassigned", "The plan") or []
        unassigned = tuple(
            item
            for n, raw in enumerate(raw_unassigned, 1)
            if (item := self.unassigned(raw, f"Unassigned entry {n}")) is not None
        )
        as_of = self.time(plan, "as_of", "The plan", "") if plan.get("as_of") is not None else None
        return _Context(dataset, technicians, visits, routes, unassigned, as_of, plan)

    def header(self, plan: Mapping) -> None:
        """A plan for another day or zone cannot be checked against this dataset's clock."""
        date = self.field(plan, "date", "The plan")
        if date is not _MISSING and date != self.date.isoformat():
            self.problem("times", f"The plan is dated {date!r} but the dataset is for {self.date}.")
        timezone = self.field(plan, "timezone", "The plan")
        if timezone is not _MISSING and timezone != self.dataset.settings.timezone:
            self.problem(
                "times", f"The plan's timezone is {timezone!r} but the dataset's is {self.dataset.settings.timezone!r}."
            )

    def field(
        self, raw: Mapping, key: str, where: str, technician_id: str | None = None, visit_id: str | None = None
    ) -> object:
        """A required key's value, or ``_MISSING`` after noting its absence."""
        if key not in raw:
            self.problem("format", f"{where} has no {key!r}.", technician_id, visit_id)
            return _MISSING
        return raw[key]

    def items(self, raw: Mapping, key: str, where: str, technician_id: str | None = None) -> list | None:
        """A required list, or None when it is missing or not a list."""
        value = self.field(raw, key, where, technician_id)
        if value is _MISSING:
            return None
        if not isinstance(value, (list, tuple)):
            self.problem("format", f"{where}: {key!r} must be a list, not {value!r}.", technician_id)
            return None
        return list(value)

    def number(
        self, raw: Mapping, key: str, where: str, technician_id: str, visit_id: str | None = None
    ) -> float | None:
        """A required finite number, or None."""
        value = self.field(raw, key, where, technician_id, visit_id)
        if value is _MISSING:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            self.problem("format", f"{where}: {key} {value!r} is not a number.", technician_id, visit_id)
            return None
        return _whole(value)

    def time(
        self,
        raw: Mapping,
        key: str,
        where: str,
        technician_id: str,
        visit_id: str | None = None,
        *,
        ends_day: bool = False,
    ) -> float | None:
        """A required date-time as clock minutes, or None when it does not parse.

        A wrong offset or date is reported but the instant is still used, so
        the other rules can say what else is wrong. ``ends_day`` lets an end
        fall exactly on the next midnight (24:00).
        """
        value = self.field(raw, key, where, technician_id, visit_id)
        if value is _MISSING:
            return None
        moment = _parse_iso(value) if isinstance(value, str) else None
        if moment is None:
            self.problem("times", f"{where}: {key} {value!r} is not an ISO 8601 date-time.", technician_id, visit_id)
            return None
        if moment.tzinfo is None:
            self.problem("times", f"{where}: {key} {value!r} has no UTC offset.", technician_id, visit_id)
            local = moment.replace(tzinfo=self.zone)
        else:
            try:
                local = moment.astimezone(self.zone)
            except OverflowError:
                self.problem(
                    "times",
                    f"{where}: {key} {value!r} is at the edge of the calendar, nowhere near the plan date {self.date}.",
                    technician_id,
                    visit_id,
                )
                return None
            if moment.utcoffset() != local.utcoffset():
                self.problem(
                    "times",
                    f"{where}: {key} {value!r} has UTC offset {_utc_offset(moment)} "
                    f"but {self.dataset.settings.timezone} is at {_utc_offset(local)} then.",
                    technician_id,
                    visit_id,
                )
        minutes = _clock_minutes(local, self.date)
        if not (0 <= minutes < DAY_END or (ends_day and minutes == DAY_END)):
            self.problem(
                "times", f"{where}: {key} {value!r} is not on the plan date {self.date}.", technician_id, visit_id
            )
        return minutes

    def route(self, raw: object, where: str) -> _Route | None:
        """One route; None when not even its technician can be told."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("technician_id"), str):
            self.problem("format", f"{where} must be an object with a technician_id string.")
            return None
        technician_id: str = raw["technician_id"]
        where = f"The route of {technician_id}"
        raw_stops = self.items(raw, "stops", where, technician_id)
        read = [
            self.stop(item, f"Stop {n} of {technician_id}", technician_id) for n, item in enumerate(raw_stops or [], 1)
        ]
        readable = [item for item in read if item is not None]
        complete = raw_stops is not None and len(readable) == len(read)
        depart = self.time(raw, "depart", where, technician_id)
        back = self.time(raw, "return", where, technician_id, ends_day=True)
        lunch, lunch_known = self.lunch(raw, where, technician_id)
        travel_min = self.number(raw, "travel_min", where, technician_id)
        services = [service for _, service in readable if service is not None]
        day = None
        if complete and lunch_known and depart is not None and back is not None and len(services) == len(readable):
            day = _Day(depart, back, lunch, tuple(services))
        return _Route(technician_id, tuple(stop for stop, _ in readable), complete, travel_min, day)

    def stop(self, raw: object, where: str, technician_id: str) -> tuple[_Stop, _Service | None] | None:
        """One stop; None when not even its visit can be told."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("visit_id"), str):
            self.problem("format", f"{where} must be an object with a visit_id string.", technician_id)
            return None
        visit_id: str = raw["visit_id"]
        where = f"The stop of {technician_id} at visit {visit_id}"
        arrival = self.time(raw, "arrival", where, technician_id, visit_id)
        start = self.time(raw, "start", where, technician_id, visit_id)
        end = self.time(raw, "end", where, technician_id, visit_id, ends_day=True)
        travel_min = self.number(raw, "travel_min", where, technician_id, visit_id)
        service = None
        if arrival is not None and start is not None and end is not None:
            service = _Service(visit_id, arrival, start, end)
        return _Stop(visit_id, travel_min), service

    def lunch(self, raw: Mapping, where: str, technician_id: str) -> tuple[tuple[float, float] | None, bool]:
        """The break span and whether it is known; a missing key reads as no break."""
        value = self.field(raw, "break", where, technician_id)
        if value is _MISSING or value is None:
            return None, True
        if not isinstance(value, Mapping):
            self.problem("format", f"{where}: break must be an object or null, not {value!r}.", technician_id)
            return None, False
        start = self.time(value, "start", f"The break of {technician_id}", technician_id)
        end = self.time(value, "end", f"The break of {technician_id}", technician_id, ends_day=True)
        if start is None or end is None:
            return None, False
        return (start, end), True

    def unassigned(self, raw: object, where: str) -> _Unassigned | None:
        """One unassigned entry; None when its visit cannot be told."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("visit_id"), str):
            self.problem("format", f"{where} must be an object with a visit_id string.")
            return None
        return _Unassigned(raw["visit_id"], raw.get("reason_code"), raw.get("evidence"))


# --- shared views for the rules ------------------------------------------------------


def _assignments(ctx: _Context) -> Iterator[tuple[Technician, Visit]]:
    """Every routed visit with its technician, where both exist (the rest is coverage's job)."""
    for route in ctx.routes:
        technician = ctx.technicians.get(route.technician_id)
        for stop in route.stops:
            visit = ctx.visits.get(stop.visit_id)
            if technician is not None and visit is not None:
                yield technician, visit


def _days(ctx: _Context) -> Iterator[tuple[Technician, _Day]]:
    """Every route of a known technician whose clock times could all be read."""
    for route in ctx.routes:
        technician = ctx.technicians.get(route.technician_id)
        if technician is not None and route.day is not None:
            yield technician, route.day


def _legs(ctx: _Context, route: _Route) -> list[_Leg] | None:
    """Base -> stops in order -> base, priced by the travel model; None when a place is unknown."""
    technician = ctx.technicians.get(route.technician_id)
    if technician is None or not route.complete:
        return None
    base = ("base", (technician.base_lat, technician.base_lon))
    places = [base]
    for stop in route.stops:
        visit = ctx.visits.get(stop.visit_id)
        if visit is None:
            return None
        places.append((f"visit {visit.id}", (visit.lat, visit.lon)))
    places.append(base)
    settings = ctx.dataset.settings
    return [_Leg(a, b, *_travel(settings, pa, pb)) for (a, pa), (b, pb) in itertools.pairwise(places)]


# --- the rules -----------------------------------------------------------------------


def _check_coverage(ctx: _Context) -> Iterator[Violation]:
    """Every visit exactly once, nothing invented, one route per person, known reasons.

    A visit left out is silently never done, a visit listed twice sends two
    people, and an unknown reason code leaves the dispatcher guessing.
    """
    seen = Counter(stop.visit_id for route in ctx.routes for stop in route.stops)
    seen.update(item.visit_id for item in ctx.unassigned)
    for visit in ctx.dataset.visits:
        if seen[visit.id] == 0:
            yield Violation("coverage", f"Visit {visit.id} is neither on a route nor in unassigned.", visit_id=visit.id)
        elif seen[visit.id] > 1:
            yield Violation(
                "coverage",
                f"Visit {visit.id} appears {seen[visit.id]} times in the plan instead of exactly once.",
                visit_id=visit.id,
            )
    for visit_id in seen:
        if visit_id not in ctx.visits:
            yield Violation("coverage", f"Visit {visit_id} is in the plan but not in the dataset.", visit_id=visit_id)
    for technician_id, count in Counter(route.technician_id for route in ctx.routes).items():
        if technician_id not in ctx.technicians:
            yield Violation(
                "coverage", f"Technician {technician_id} has a route but is not in the dataset.", technician_id
            )
        if count > 1:
            yield Violation(
                "coverage", f"Technician {technician_id} has {count} routes; a person has at most one.", technician_id
            )
    for item in ctx.unassigned:
        if item.reason_code not in REASON_CODES:
            yield Violation(
                "coverage",
                f"Visit {item.visit_id} is unassigned with reason_code "
                f"{item.reason_code!r}, which is not one of {', '.join(REASON_CODES)}.",
                visit_id=item.visit_id,
            )


def _check_duration(ctx: _Context) -> Iterator[Violation]:
    """A visit takes its planned minutes, and work cannot start before the technician arrives."""
    for technician, day in _days(ctx):
        who = _who(technician.id, ctx.technicians)
        for service in day.services:
            visit = ctx.visits.get(service.visit_id)
            spent = service.end - service.start
            if visit is not None and spent != visit.duration_min:
                yield Violation(
                    "duration",
                    f"{who} spends {spent} minutes at visit {visit.id} "
                    f"({_clock(service.start)}-{_clock(service.end)}) but it takes "
                    f"{visit.duration_min} minutes.",
                    technician.id,
                    visit.id,
                )
            if service.arrival > service.start:
                yield Violation(
                    "duration",
                    f"{who} starts visit {service.visit_id} at "
                    f"{_clock(service.start)}, before arriving at {_clock(service.arrival)}.",
                    technician.id,
                    service.visit_id,
                )


def _check_skills(ctx: _Context) -> Iterator[Violation]:
    """The person sent must hold every required skill at the required level, or the job fails."""
    for technician, visit in _assignments(ctx):
        who = _who(technician.id, ctx.technicians)
        for skill, level in visit.required_skills.items():
            held = technician.skills.get(skill, 0)
            if held >= level:
                continue
            holding = f"holds {skill} at level {held}" if held else f"does not hold {skill}"
            yield Violation(
                "skills", f"{who} {holding} but visit {visit.id} needs level {level}.", technician.id, visit.id
            )


def _check_region(ctx: _Context) -> Iterator[Violation]:
    """People work only in their regions (none listed = anywhere; a visit without region fits all)."""
    for technician, visit in _assignments(ctx):
        if technician.regions and visit.region and visit.region not in technician.regions:
            yield Violation(
                "region",
                f"Visit {visit.id} is in region {visit.region}, where "
                f"{_who(technician.id, ctx.technicians)} does not work (regions: "
                f"{', '.join(technician.regions)}).",
                technician.id,
                visit.id,
            )


def _check_window(ctx: _Context) -> Iterator[Violation]:
    """Service starts inside the arrival window promised to the customer (ends inclusive)."""
    for technician, day in _days(ctx):
        for service in day.services:
            visit = ctx.visits.get(service.visit_id)
            if visit is None:
                continue
            low = 0 if visit.window_start is None else visit.window_start
            high = DAY_END if visit.window_end is None else visit.window_end
            if not low <= service.start <= high:
                yield Violation(
                    "window",
                    f"{_who(technician.id, ctx.technicians)} starts visit "
                    f"{visit.id} at {_clock(service.start)}, outside its window "
                    f"{_clock(low)}-{_clock(high)}.",
                    technician.id,
                    visit.id,
                )


def _check_shift(ctx: _Context) -> Iterator[Violation]:
    """The day lies inside the shift, and the stops lie between leaving base and coming back."""
    for technician, day in _days(ctx):
        who = _who(technician.id, ctx.technicians)
        if day.depart < technician.shift_start:
            yield Violation(
                "shift",
                f"{who} leaves base at {_clock(day.depart)}, before the shift "
                f"starts at {_clock(technician.shift_start)}.",
                technician.id,
            )
        if day.back > technician.shift_end:
            yield Violation(
                "shift",
                f"{who} is back at base at {_clock(day.back)}, after the shift ends at {_clock(technician.shift_end)}.",
                technician.id,
            )
        if not day.services:
            continue
        first, last = day.services[0], day.services[-1]
        if day.depart > first.arrival:
            yield Violation(
                "shift",
                f"{who} leaves base at {_clock(day.depart)}, after arriving at "
                f"visit {first.visit_id} at {_clock(first.arrival)}.",
                technician.id,
                first.visit_id,
            )
        if last.end > day.back:
            yield Violation(
                "shift",
                f"{who} is back at base at {_clock(day.back)}, before finishing "
                f"visit {last.visit_id} at {_clock(last.end)}.",
                technician.id,
                last.visit_id,
            )


def _leg_spans(day: _Day) -> list[tuple[float, float]]:
    """When each leg may be driven: from leaving base or the previous visit to the next arrival or home."""
    begins = [day.depart] + [service.end for service in day.services]
    finishes = [service.arrival for service in day.services] + [day.back]
    return list(zip(begins, finishes))


def _check_travel(ctx: _Context) -> Iterator[Violation]:
    """Nobody drives faster than the travel model allows (lunch is not driving time), and
    no stop claims less travel than the model, or the day could not be done as shown."""
    for route in ctx.routes:
        legs = _legs(ctx, route)
        if legs is None:
            continue
        who = _who(route.technician_id, ctx.technicians)
        for stop, leg in zip(route.stops, legs):
            if stop.travel_min is not None and stop.travel_min < leg.minutes:
                yield Violation(
                    "travel",
                    f"The stop of {who} at visit {stop.visit_id} reports "
                    f"{stop.travel_min} travel minutes from {leg.origin} but the travel "
                    f"model needs {leg.minutes} minutes for {leg.km:.1f} km.",
                    route.technician_id,
                    stop.visit_id,
                )
        if route.day is None:
            continue
        for leg, (begin, finish), stop_id in zip(
            legs, _leg_spans(route.day), [s.visit_id for s in route.stops] + [None]
        ):
            lunch = _overlap(route.day.lunch, begin, finish)
            available = finish - begin - lunch
            if available < leg.minutes:
                after_lunch = f" after {lunch} minutes of lunch break" if lunch else ""
                yield Violation(
                    "travel",
                    f"{who} has {available} minutes{after_lunch} to get from "
                    f"{leg.origin} ({_clock(begin)}) to {leg.destination} ({_clock(finish)}) "
                    f"but the travel model needs {leg.minutes} minutes for {leg.km:.1f} km.",
                    route.technician_id,
                    stop_id,
                )


def _check_travel_total(ctx: _Context) -> Iterator[Violation]:
    """The route's travel_min is the sum of its legs, the way home included, so KPIs add up."""
    for route in ctx.routes:
        legs = _legs(ctx, route)
        if legs is None or route.travel_min is None:
            continue
        total = sum(leg.minutes for leg in legs)
        if route.travel_min != total:
            yield Violation(
                "travel_total",
                f"The route of {_who(route.technician_id, ctx.technicians)} "
                f"reports {route.travel_min} travel minutes but its {len(legs)} legs add up "
                f"to {total} minutes under the travel model.",
                route.technician_id,
            )


def _check_overlap(ctx: _Context) -> Iterator[Violation]:
    """One person does one visit at a time, in the order the route lists them."""
    for technician, day in _days(ctx):
        who = _who(technician.id, ctx.technicians)
        for before, after in zip(day.services, day.services[1:]):
            if after.start < before.start:
                yield Violation(
                    "overlap",
                    f"{who} starts visit {after.visit_id} at "
                    f"{_clock(after.start)}, before visit {before.visit_id} listed ahead of "
                    f"it (starts {_clock(before.start)}).",
                    technician.id,
                    after.visit_id,
                )
            elif after.start < before.end:
                yield Violation(
                    "overlap",
                    f"{who} starts visit {after.visit_id} at "
                    f"{_clock(after.start)}, before finishing visit {before.visit_id} at "
                    f"{_clock(before.end)}.",
                    technician.id,
                    after.visit_id,
                )


def _break_problems(
    ctx: _Context, technician: Technician, day: _Day, lunch: tuple[float, float]
) -> Iterator[Violation]:
    """What is wrong with a break that is present."""
    settings = ctx.dataset.settings
    who = _who(technician.id, ctx.technicians)
    start, end = lunch
    span = f"{_clock(start)}-{_clock(end)}"
    if start < settings.lunch_start or end > settings.lunch_end:
        yield Violation(
            "break",
            f"The break of {who} ({span}) is not inside the lunch window "
            f"{_clock(settings.lunch_start)}-{_clock(settings.lunch_end)}.",
            technician.id,
        )
    if end - start != settings.lunch_minutes:
        yield Violation(
            "break",
            f"The break of {who} ({span}) lasts {end - start} minutes instead of {settings.lunch_minutes}.",
            technician.id,
        )
    if start < day.depart or end > day.back:
        yield Violation(
            "break",
            f"The break of {who} ({span}) is not inside the working day {_clock(day.depart)}-{_clock(day.back)}.",
            technician.id,
        )
    for service in day.services:
        if start < service.end and service.start < end:
            yield Violation(
                "break",
                f"The break of {who} ({span}) overlaps visit {service.visit_id} "
                f"({_clock(service.start)}-{_clock(service.end)}).",
                technician.id,
                service.visit_id,
            )


def _check_break(ctx: _Context) -> Iterator[Violation]:
    """Whoever works across the lunch window gets a full break inside it, free of visits."""
    settings = ctx.dataset.settings
    for technician, day in _days(ctx):
        if day.lunch is not None:
            yield from _break_problems(ctx, technician, day, day.lunch)
        elif settings.lunch_minutes > 0 and day.depart <= settings.lunch_start and day.back >= settings.lunch_end:
            yield Violation(
                "break",
                f"{_who(technician.id, ctx.technicians)} works "
                f"{_clock(day.depart)}-{_clock(day.back)}, across the lunch window "
                f"{_clock(settings.lunch_start)}-{_clock(settings.lunch_end)}, but has no "
                f"{settings.lunch_minutes}-minute break.",
                technician.id,
            )


def _check_max_visits(ctx: _Context) -> Iterator[Violation]:
    """A person's daily cap on visits is respected."""
    counts: Counter[str] = Counter()
    for route in ctx.routes:
        counts[route.technician_id] += len(route.stops)
    for technician_id, count in counts.items():
        technician = ctx.technicians.get(technician_id)
        if technician is not None and technician.max_visits is not None and count > technician.max_visits:
            yield Violation(
                "max_visits",
                f"{_who(technician_id, ctx.technicians)} has {count} visits but at most {technician.max_visits} a day.",
                technician_id,
            )


def _check_parts(ctx: _Context) -> Iterator[Violation]:
    """Planned visits cannot take more spare parts than the parts desk holds."""
    if ctx.dataset.parts is None:
        return
    stock = {part.id: part.stock for part in ctx.dataset.parts}
    routed = {stop.visit_id for route in ctx.routes for stop in route.stops}
    yield from parts_over_stock((visit for visit in ctx.dataset.visits if visit.id in routed), stock)


def parts_over_stock(planned: Iterable[Visit], stock: Mapping[str, int], span: str = "") -> Iterator[Violation]:
    """A violation for each part the ``planned`` visits take more of than ``stock`` holds, naming the visits.

    One rule for a day and for a horizon (whose stock is one pool for all
    its days); ``span`` says over what time, as " over the horizon".
    """
    takers: dict[str, list[str]] = {}
    used: Counter[str] = Counter()
    for visit in planned:
        for part_id, quantity in visit.parts.items():
            used[part_id] += quantity
            takers.setdefault(part_id, []).append(visit.id)
    for part_id, quantity in used.items():
        if quantity > stock.get(part_id, 0):
            yield Violation(
                "parts",
                f"Planned visits {', '.join(takers[part_id])} take {quantity} of "
                f"part {part_id}{span} but only {stock.get(part_id, 0)} are in stock.",
            )


def _check_pinned(ctx: _Context) -> Iterator[Violation]:
    """A visit pinned to a person is done by that person or not at all."""
    for route in ctx.routes:
        for stop in route.stops:
            visit = ctx.visits.get(stop.visit_id)
            if visit is not None and visit.pinned_technician and visit.pinned_technician != route.technician_id:
                yield Violation(
                    "pinned",
                    f"Visit {visit.id} is pinned to {visit.pinned_technician} "
                    f"but is on the route of {_who(route.technician_id, ctx.technicians)}.",
                    route.technician_id,
                    visit.id,
                )


def _check_reasons(ctx: _Context) -> Iterator[Violation]:
    """Every reason for a visit left out is true of this plan (``planner.check_reasons``)."""
    settings = ctx.dataset.settings
    routes = {
        route.technician_id: RouteFacts(
            tuple(Service(s.visit_id, s.start, s.end) for s in route.day.services)
            if route.day
            else tuple(Service(s.visit_id, 0, DAY_END) for s in route.stops),
            route.day.back if route.day else None,
        )
        for route in ctx.routes
    }
    checker = ReasonChecker(ctx.dataset, routes, lambda a, b: _travel(settings, a, b)[1], ctx.as_of)
    for item in ctx.unassigned:
        if item.reason_code in REASON_CODES:
            for problem in checker.problems(item.visit_id, str(item.reason_code), item.evidence):
                yield Violation(
                    "reason",
                    f"The reason for visit {item.visit_id} ({item.reason_code}) {problem}.",
                    visit_id=item.visit_id,
                )


def _check_figures(ctx: _Context) -> Iterator[Violation]:
    """Reported distances, travel times and KPI totals match the routes (``planner.check_figures``)."""
    settings = ctx.dataset.settings
    checker = FigureChecker(ctx.dataset, lambda a, b: _travel(settings, a, b))
    for figure in checker.problems(ctx.plan):
        yield Violation("figures", figure.message, figure.technician_id, figure.visit_id)


_RULES: tuple[Callable[[_Context], Iterable[Violation]], ...] = (
    _check_coverage,
    _check_duration,
    _check_skills,
    _check_region,
    _check_window,
    _check_shift,
    _check_travel,
    _check_travel_total,
    _check_overlap,
    _check_break,
    _check_max_visits,
    _check_parts,
    _check_pinned,
    _check_reasons,
    _check_figures,
)


# --- public API ----------------------------------------------------------------------


def check_day_plan(dataset: Dataset, plan: object) -> list[Violation]:
    """Every hard rule a one-day raw ``plan.json`` (parsed JSON, of any shape) breaks; empty when it is valid.

    Never raises on a malformed plan: what cannot be read is reported as
    ``format`` or ``times`` and the rest is still checked.
    """
    reader = _Reader(dataset)
    ctx = reader.read(plan)
    return reader.problems + [violation for rule in _RULES for violation in rule(ctx)]
