"""The independent checker for plans over several days and plans with crews.

Every rule of a one-day plan is checked on each day, against that day's
shifts (``availability.csv``): the day's routes are handed to the one-day
rules of ``planner.check_day`` as a plan of that date. A crew member other
than the lead is checked there as doing a visit of their own that needs
the crew skills (``crew_skills``) in the visit's region, so skills,
regions, windows, shifts, travel, overlaps, breaks and caps hold for
every member. What spans the days is checked here: each visit at most
once over the horizon (a crew visit in exactly its members' routes of one
day, with the same start and end and the same ``crew`` list, the lead
first), nobody on a day off, nothing before its release date, the parts
stock as one pool, and the reasons of what was left out (on the day their
evidence names).

Extra rule codes: ``crew`` (a crew visit's stops disagree or the crew is
incomplete), ``release`` (planned before its release date), ``day_off``
(a route on a date the person does not work).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from planner import check_day as one_day
from planner.check_reasons import ReasonChecker, RouteFacts, Service
from planner.domain import MAX_HORIZON_DAYS, Dataset, Visit
from planner.horizon.vehicles import day_dataset, with_days

#: The one-day rules that hold per day as they are; coverage, parts and reasons span the horizon.
_PER_DAY = tuple(
    rule
    for rule in one_day._RULES
    if rule not in (one_day._check_coverage, one_day._check_parts, one_day._check_reasons)
)

Violation = one_day.Violation


def member_id(visit_id: str, member: int) -> str:
    """How a crew member other than the lead is named in the per-day rules: ``V012 (crew member 2)``."""
    return f"{visit_id} (crew member {member + 1})"


def check_horizon_plan(dataset: Dataset, plan: Mapping) -> list[Violation]:
    """Every hard rule a multi-day plan (or a one-day plan with crews or shifts by date) breaks."""
    raw_days = plan.get("days") if "days" in plan else [{"date": plan.get("date"), "routes": plan.get("routes")}]
    if not isinstance(raw_days, list) or not raw_days:
        return [Violation("format", "The plan's days must be a non-empty list of {date, routes}.")]
    horizon = with_days(dataset, len(raw_days))
    dates = horizon.settings.days()
    problems: list[Violation] = []
    if "days" in plan and plan.get("horizon_days") != len(raw_days):
        problems.append(
            Violation("format", f"horizon_days is {plan.get('horizon_days')!r} but the plan has {len(raw_days)} days.")
        )
    if plan.get("date") != dates[0].isoformat():
        problems.append(
            Violation("times", f"The plan is dated {plan.get('date')!r} but the dataset is for {dates[0]}.")
        )
    visits = {v.id: v for v in dataset.visits}
    days: list[list[Mapping]] = []
    for n, raw in enumerate(raw_days):
        routes = raw.get("routes") if isinstance(raw, Mapping) else None
        if not isinstance(routes, list) or not isinstance(raw, Mapping) or raw.get("date") != dates[n].isoformat():
            problems.append(
                Violation("format", f"Day {n + 1} must be an object with date {dates[n]} and a list of routes.")
            )
            routes = routes if isinstance(routes, list) else []
        days.append([r for r in routes if isinstance(r, Mapping)])
    for n, routes in enumerate(days):
        problems += _day(horizon, n, routes, plan.get("timezone"), visits)
    unassigned = [u for u in plan.get("unassigned") or [] if isinstance(u, Mapping)]
    problems += list(_coverage(horizon, days, unassigned, visits))
    problems += list(_crews(days, visits, dates))
    problems += list(_release(days, visits, dates))
    problems += list(_parts(dataset, days, visits))
    problems += list(_reasons(horizon, days, unassigned, visits))
    return problems


def _stops(days: list[list[Mapping]]) -> Iterator[tuple[int, str, Mapping]]:
    """Every readable stop: day index, technician id, the stop."""
    for n, routes in enumerate(days):
        for route in routes:
            for stop in route.get("stops") or []:
                if isinstance(stop, Mapping) and isinstance(stop.get("visit_id"), str):
                    yield n, str(route.get("technician_id")), stop


def _as_member(stop: Mapping, technician_id: str) -> Mapping:
    """A non-lead crew member's stop renamed for the per-day rules."""
    crew = stop.get("crew")
    if isinstance(crew, list) and technician_id in crew and crew.index(technician_id) > 0:
        return {**stop, "visit_id": member_id(stop["visit_id"], crew.index(technician_id))}
    return stop


def _day(
    horizon: Dataset, n: int, routes: list[Mapping], timezone: Any, visits: Mapping[str, Visit]
) -> list[Violation]:
    """The one-day rules on one date, with that date's shifts and the crew members as visits of their own."""
    data = day_dataset(horizon, n)
    working = {t.id for t in data.technicians}
    problems = []
    counts = Counter(str(r.get("technician_id")) for r in routes)
    for technician_id, count in counts.items():
        if count > 1:
            problems.append(
                Violation(
                    "coverage",
                    f"Technician {technician_id} has {count} routes on {data.settings.date}; "
                    "a person has at most one a day.",
                    technician_id,
                )
            )
        if technician_id not in working:
            known = any(t.id == technician_id for t in horizon.technicians)
            problems.append(
                Violation(
                    "day_off" if known else "coverage",
                    f"Technician {technician_id} has a route on {data.settings.date} but "
                    + ("does not work that day (availability.csv)." if known else "is not in the dataset."),
                    technician_id,
                )
            )
    mine = [r for r in routes if str(r.get("technician_id")) in working]
    members = []
    renamed = []
    for route in mine:
        stops = [
            _as_member(s, str(route.get("technician_id"))) if isinstance(s, Mapping) else s
            for s in route.get("stops") or []
        ]
        renamed.append({**route, "stops": stops})
        for stop in stops:
            if isinstance(stop, Mapping) and " (crew member " in str(stop.get("visit_id")):
                members.append(str(stop["visit_id"]))
    extra = []
    for name in dict.fromkeys(members):
        visit = visits.get(name.split(" (crew member ")[0])
        if visit is not None:
            extra.append(
                visit.model_copy(
                    update={"id": name, "required_skills": visit.crew_skills, "parts": {}, "pinned_technician": None}
                )
            )
    data = data.model_copy(update={"visits": data.visits + tuple(extra)})
    reader = one_day._Reader(data)
    ctx = reader.read(
        {"date": data.settings.date.isoformat(), "timezone": timezone, "routes": renamed, "unassigned": []}
    )
    return problems + reader.problems + [v for rule in _PER_DAY for v in rule(ctx)]


def _coverage(
    horizon: Dataset, days: list[list[Mapping]], unassigned: list[Mapping], visits: Mapping[str, Visit]
) -> Iterator[Violation]:
    """Each visit once over the horizon: on one day (a crew visit in each member's route) or unassigned."""
    on_days: dict[str, set[int]] = {}
    stops: Counter[str] = Counter()
    for n, _, stop in _stops(days):
        on_days.setdefault(stop["visit_id"], set()).add(n)
        stops[stop["visit_id"]] += 1
    left = Counter(str(u.get("visit_id")) for u in unassigned)
    for visit in horizon.visits:
        planned = visit.id in on_days
        if not planned and not left[visit.id]:
            yield Violation("coverage", f"Visit {visit.id} is neither on a route nor in unassigned.", visit_id=visit.id)
        elif planned and left[visit.id]:
            yield Violation("coverage", f"Visit {visit.id} is both planned and unassigned.", visit_id=visit.id)
        elif left[visit.id] > 1:
            yield Violation("coverage", f"Visit {visit.id} is unassigned {left[visit.id]} times.", visit_id=visit.id)
        elif planned and len(on_days[visit.id]) > 1:
            yield Violation(
                "coverage",
                f"Visit {visit.id} is planned on {len(on_days[visit.id])} days instead of one.",
                visit_id=visit.id,
            )
        elif planned and stops[visit.id] != visit.crew_size:
            yield Violation(
                "coverage" if visit.crew_size == 1 else "crew",
                f"Visit {visit.id} is in {stops[visit.id]} routes but needs {visit.crew_size} "
                f"{'person' if visit.crew_size == 1 else 'people'} on site.",
                visit_id=visit.id,
            )
    for visit_id in set(on_days) | set(left):
        if visit_id not in visits:
            yield Violation("coverage", f"Visit {visit_id} is in the plan but not in the dataset.", visit_id=visit_id)
    for item in unassigned:
        if item.get("reason_code") not in one_day.REASON_CODES:
            yield Violation(
                "coverage",
                f"Visit {item.get('visit_id')} is unassigned with reason_code "
                f"{item.get('reason_code')!r}, which is not one of {', '.join(one_day.REASON_CODES)}.",
            )


def _crews(days: list[list[Mapping]], visits: Mapping[str, Visit], dates: tuple[dt.date, ...]) -> Iterator[Violation]:
    """Every member's stop of a crew visit has the same start, end and crew list, and that list is who does it."""
    seen: dict[str, list[tuple[str, Mapping]]] = {}
    for _day, technician_id, stop in _stops(days):
        visit = visits.get(stop["visit_id"])
        if visit is not None and visit.crew_size > 1:
            seen.setdefault(visit.id, []).append((technician_id, stop))
        elif visit is not None and stop.get("crew") not in (None, [technician_id]):
            yield Violation(
                "crew",
                f"Visit {visit.id} needs one person but its stop lists a crew {stop.get('crew')}.",
                technician_id,
                visit.id,
            )
    for visit_id, members in seen.items():
        crews = {tuple(s.get("crew") or ()) for _, s in members}
        times = {(s.get("start"), s.get("end")) for _, s in members}
        who = sorted(t for t, _ in members)
        if len(times) > 1:
            yield Violation(
                "crew",
                f"Crew visit {visit_id} starts and ends at different times in its members' routes: "
                + ", ".join(f"{t} {s.get('start')}-{s.get('end')}" for t, s in members)
                + ".",
                visit_id=visit_id,
            )
        if len(crews) > 1:
            yield Violation("crew", f"The stops of crew visit {visit_id} list different crews.", visit_id=visit_id)
        elif sorted(next(iter(crews))) != who:
            yield Violation(
                "crew",
                f"Crew visit {visit_id} lists crew {list(next(iter(crews)))} but is in the routes of {', '.join(who)}.",
                visit_id=visit_id,
            )


def _release(days: list[list[Mapping]], visits: Mapping[str, Visit], dates: tuple[dt.date, ...]) -> Iterator[Violation]:
    """Nothing is planned before its release date."""
    for n, technician_id, stop in _stops(days):
        visit = visits.get(stop["visit_id"])
        if visit is not None and visit.release_date is not None and dates[n] < visit.release_date:
            yield Violation(
                "release",
                f"Visit {visit.id} is planned on {dates[n]}, before its release date {visit.release_date}.",
                technician_id,
                visit.id,
            )


def _parts(dataset: Dataset, days: list[list[Mapping]], visits: Mapping[str, Visit]) -> Iterator[Violation]:
    """The stock of parts.csv is one pool for the whole horizon; a crew visit takes its parts once."""
    stock = dataset.stock()
    if stock is None:
        return
    planned = dict.fromkeys(stop["visit_id"] for _, _, stop in _stops(days) if stop["visit_id"] in visits)
    yield from one_day.parts_over_stock((visits[visit_id] for visit_id in planned), stock, " over the horizon")


def _minutes(text: object, date: dt.date) -> float | None:
    moment = one_day._parse_iso(text) if isinstance(text, str) else None
    return None if moment is None else one_day._clock_minutes(moment.replace(tzinfo=None), date)


def _reasons(
    horizon: Dataset, days: list[list[Mapping]], unassigned: list[Mapping], visits: Mapping[str, Visit]
) -> Iterator[Violation]:
    """Each reason holds on the day its evidence names (the only day for a one-day plan).

    A reason without a day (nobody could ever do it, the stock) must hold
    on at least one day the visit was released on; a visit released after
    the horizon is ``deferred``.
    """
    dates = horizon.settings.days()
    holders_routes: dict[int, dict[str, list[Mapping]]] = {}
    for n, technician_id, stop in _stops(days):
        holders_routes.setdefault(n, {}).setdefault(technician_id, []).append(stop)
    checkers: dict[int, ReasonChecker] = {}

    def checker(n: int) -> ReasonChecker:
        if n not in checkers:
            data = day_dataset(horizon, n)
            facts = {}
            for route in days[n]:
                services = tuple(
                    Service(
                        str(s["visit_id"]),
                        _minutes(s.get("start"), dates[n]) or 0,
                        _minutes(s.get("end"), dates[n]) or 0,
                    )
                    for s in route.get("stops") or []
                    if isinstance(s, Mapping) and "visit_id" in s
                )
                facts[str(route.get("technician_id"))] = RouteFacts(services, _minutes(route.get("return"), dates[n]))
            made = ReasonChecker(data, facts, lambda a, b: one_day._travel(data.settings, a, b)[1])
            made.holders = {}
            for _, _, stop in _stops(days):
                held = visits.get(stop["visit_id"])
                if held is None:
                    continue
                for part, qty in held.parts.items():
                    made.holders.setdefault(part, {})[held.id] = qty
            checkers[n] = made
        return checkers[n]

    for item in unassigned:
        visit = visits.get(str(item.get("visit_id")))
        code = item.get("reason_code")
        if visit is None or code not in one_day.REASON_CODES:
            continue
        if visit.release_date is not None and visit.release_date > dates[-1]:
            if code != "deferred":
                yield Violation(
                    "reason",
                    f"The reason for visit {visit.id} ({code}) should be deferred: it is released "
                    f"on {visit.release_date}, after the horizon.",
                    visit_id=visit.id,
                )
            continue
        given = item.get("evidence")
        evidence = given if isinstance(given, Mapping) else {}
        named = evidence.get("date")
        if named is not None or len(dates) == 1:
            day = 0 if named is None else next((i for i, d in enumerate(dates) if d.isoformat() == named), None)
            if day is None:
                yield Violation(
                    "reason",
                    f"The reason for visit {visit.id} names {named}, which is not a day of the plan.",
                    visit_id=visit.id,
                )
                continue
            for problem in checker(day).problems(visit.id, str(code), evidence):
                yield Violation(
                    "reason", f"The reason for visit {visit.id} ({code}) {problem} on {dates[day]}.", visit_id=visit.id
                )
            continue
        released = [n for n, d in enumerate(dates) if visit.release_date is None or visit.release_date <= d]
        found = [list(checker(n).problems(visit.id, str(code), evidence)) for n in released]
        if found and all(found):
            yield Violation(
                "reason",
                f"The reason for visit {visit.id} ({code}) holds on none of the days: {found[0][0]}.",
                visit_id=visit.id,
            )


def planned_days(plan: object) -> int | None:
    """How many days a ``plan.json`` covers (its ``horizon_days``), None when it does not say.

    The dataset is read over that horizon, so the shifts of every date it
    plans (``availability.csv``, a ``roster.csv`` beside it) are known.
    """
    days = plan.get("horizon_days") if isinstance(plan, Mapping) else None
    return days if isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MAX_HORIZON_DAYS else None
