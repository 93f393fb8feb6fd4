"""The horizon figures: a generated week planned at once against planning each day on its own.

A week is five days of ``planner.demo`` work for one team: each day's new
visits are released that morning (``release_date``), a share of them
need a crew of two, and some people have a day off. Two ways to plan it:

- ``horizon``: one plan over the week (``planner.horizon``), crews settled
  first and kept in step;
- ``daily``: what the product did before, each morning a one-day plan of
  the visits released so far and not yet done, the leftovers carried to
  the next morning. A crew visit is planned for its lead alone and then
  paired after the fact: it counts as done only when a helper who may do
  it is idle for the whole visit (half an hour either side to get there
  and away); otherwise it is carried over like any leftover.

Both are verified by ``planner check`` (the daily one day by day, with the
crew visits as solo jobs). Reported: visits done, due visits done by
their due date, crew visits done, travel, and for the week plan its time
and the process's peak memory (the week is planned first, so the peak is its own).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

from planner.check import check
from planner.demo import DEFAULT_DATE, DISTRICTS, _fit_load, _parts, _technicians, _visits, capacity_minutes
from planner.domain import Availability, Dataset, Region, Settings, Visit
from planner.horizon.solve import due_on_time, plan_horizon
from planner.horizon.vehicles import day_dataset
from planner.planning import default_time_limit, plan_day
from planner.routing import SearchParams

#: Share of the visits that need a crew of two, and of person-days off.
CREW_SHARE = 0.10
OFF_SHARE = 0.08
#: Minutes a helper needs free before and after a crew visit to be paired after the fact.
PAIRING_SLACK = 30


@dataclass(frozen=True)
class WeekFigures:
    """One week planned one way."""

    week: int
    method: str
    visits: int
    served: int
    due: int
    due_on_time: int
    crews: int
    crews_served: int
    travel_km: float
    seconds: float
    peak_mb: float
    violations: int


def generate_week(seed: int, technicians: int = 40, per_day: int = 300, days: int = 5, regions: int = 10) -> Dataset:
    """A week of one team: each day's visits released that day, crews, and some days off."""
    rng = random.Random(seed)
    districts = DISTRICTS[:regions]
    settings = Settings(date=DEFAULT_DATE, horizon_days=days)
    staff = _technicians(rng, technicians, districts)
    visits: list[Visit] = []
    for day, date in enumerate(settings.days()):
        drafted = _fit_load(rng, _visits(rng, per_day, districts, staff, date), capacity_minutes(staff, settings))
        for v in drafted:
            local = [t for t in staff if t.covers(v.region)]
            crew = rng.random() < CREW_SHARE and len(local) >= 3 and not v.pinned_technician
            visits.append(
                v.model_copy(
                    update={
                        "id": f"D{day + 1}-{v.id}",
                        "release_date": date if day else None,
                        "created_date": date,
                        "crew_size": 2 if crew else 1,
                    }
                )
            )
    off = [
        Availability(technician_id=t.id, date=date)
        for date in settings.days()[1:]
        for t in staff
        if rng.random() < OFF_SHARE
    ]
    return Dataset(
        settings=settings,
        technicians=staff,
        visits=tuple(visits),
        parts=_parts(rng, visits),
        regions=tuple(Region(id=d.id, name=d.name, name_en=d.name_en) for d in districts),
        availability=tuple(off),
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def week_at_once(week: int, dataset: Dataset, time_limit: float | None, seed: int) -> WeekFigures:
    """Plan the whole week in one run and check it."""
    began = time.perf_counter()
    limit = default_time_limit(dataset, time_limit)
    plan = plan_horizon(dataset, SearchParams(time_limit=limit, seed=seed)).plan
    seconds = time.perf_counter() - began
    violations = len(check(dataset, plan))
    done = {s.visit_id: d.date for d in plan.days for r in d.routes for s in r.stops}
    return _figures(
        week,
        "horizon",
        dataset,
        done,
        sum(r.travel_km for d in plan.days for r in d.routes),
        seconds,
        _peak_mb(),
        violations,
    )


def day_by_day(week: int, dataset: Dataset, time_limit: float | None, seed: int) -> WeekFigures:
    """Each morning a one-day plan of what is released and not done; crews paired after the fact."""
    began = time.perf_counter()
    done: dict[str, dt.date] = {}
    travel = 0.0
    violations = 0
    stock = dict(dataset.stock() or {})
    for day, date in enumerate(dataset.settings.days()):
        waiting = tuple(
            v.model_copy(update={"crew_size": 1, "crew_skills": {}, "release_date": None})
            for v in dataset.visits
            if v.id not in done and (v.release_date or date) <= date
        )
        today = day_dataset(dataset, day, waiting).model_copy(
            update={"parts": tuple(p.model_copy(update={"stock": stock[p.id]}) for p in dataset.parts or ())}
        )
        plan = plan_day(today, SearchParams(time_limit=default_time_limit(today, time_limit), seed=seed)).plan
        violations += len(check(today, plan))
        travel += sum(r.travel_km for r in plan.routes)
        for route in plan.routes:
            for stop in route.stops:
                visit = dataset.visit(stop.visit_id)
                if visit.crew_size > 1 and not _helper_free(
                    visit, route.technician_id, stop.start, stop.end, plan, today
                ):
                    continue
                done[visit.id] = date
                for part, qty in visit.parts.items():
                    stock[part] -= qty
    return _figures(week, "daily", dataset, done, travel, time.perf_counter() - began, 0.0, violations)


def _helper_free(visit: Visit, lead: str, start: dt.datetime, end: dt.datetime, plan, today: Dataset) -> bool:
    """Is somebody who may help idle around the whole visit (and in their shift)?"""
    slack = dt.timedelta(minutes=PAIRING_SLACK)
    for person in today.technicians:
        if person.id == lead or not person.covers(visit.region) or not person.qualifies(visit.crew_skills):
            continue
        midnight = start.replace(hour=0, minute=0)
        opens = midnight + dt.timedelta(minutes=person.shift_start)
        closes = midnight + dt.timedelta(minutes=person.shift_end)
        if start - slack < opens or end + slack > closes:
            continue
        route = plan.route_of(person.id)
        if route is None or all(s.end + slack <= start or s.start >= end + slack for s in route.stops):
            return True
    return False


def _figures(
    week: int,
    method: str,
    dataset: Dataset,
    done: dict[str, dt.date],
    travel: float,
    seconds: float,
    peak: float,
    violations: int,
) -> WeekFigures:
    on_time, due = due_on_time(dataset.visits, done, dataset.settings.date, dataset.settings.days()[-1])
    return WeekFigures(
        week=week,
        method=method,
        visits=len(dataset.visits),
        served=len(done),
        due=due,
        due_on_time=on_time,
        crews=sum(v.crew_size > 1 for v in dataset.visits),
        crews_served=sum(v.crew_size > 1 and v.id in done for v in dataset.visits),
        travel_km=round(travel, 1),
        seconds=round(seconds, 1),
        peak_mb=round(peak),
        violations=violations,
    )


def run_weeks(
    weeks: int,
    technicians: int,
    per_day: int,
    days: int,
    time_limit: float | None,
    seed: int,
    progress: Callable[[str], None] = lambda line: None,
) -> list[WeekFigures]:
    """Both ways on each generated week; the week plan first, so its peak memory is its own."""
    rows = []
    for week in range(1, weeks + 1):
        dataset = generate_week(seed + week, technicians, per_day, days)
        for method in (week_at_once, day_by_day):
            row = method(week, dataset, time_limit, seed)
            progress(
                f"week {week} {row.method}: {row.served}/{row.visits} done, {row.due_on_time}/{row.due} due on "
                f"time, crews {row.crews_served}/{row.crews}, {row.travel_km} km, {row.seconds} s"
            )
            rows.append(row)
    return rows


def report(rows: list[WeekFigures]) -> str:
    """A Markdown table, the two ways of each week side by side."""
    lines = [
        "| week | method | visits done | due done on time | crew visits done | travel km | km per visit | "
        "seconds | peak MB | violations |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        per_visit = f"{r.travel_km / r.served:.2f}" if r.served else "-"
        lines.append(
            f"| {r.week} | {r.method} | {r.served}/{r.visits} | {r.due_on_time}/{r.due} | "
            f"{r.crews_served}/{r.crews} | {r.travel_km} | {per_visit} | {r.seconds} | "
            f"{f'{r.peak_mb:g}' if r.peak_mb else '-'} | {r.violations} |"
        )
    return "\n".join(lines) + "\n"
