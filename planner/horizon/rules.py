"""Input rules of a horizon and of crews that need more than one row.

A shift for a person who does not exist, or for a date the plan does not
cover, is almost always a typo in the roster export; a release date after
the due date cannot be met by any plan; a crew larger than the number of
people who could ever form it (skills and region, whatever the day) can
never be sent. All of these are errors at the row and column that hold
them, so the dispatcher fixes the files before anything is planned. A crew
that only fails on a particular day (someone on leave) is not an input
error: the plan gives it a reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from planner.domain import Settings
from planner.problems import Problem
from planner.validate import Record, RecordTable


def check_horizon_records(
    settings: Settings | None,
    technicians: RecordTable | None,
    visits: RecordTable | None,
    availability: RecordTable | None,
) -> list[Problem]:
    """Every horizon and crew rule, in the order of the report."""
    problems: list[Problem] = []
    if availability is not None and technicians is not None:
        problems += unknown_people(availability, technicians)
        problems += repeated_dates(availability)
    if availability is not None and settings is not None:
        problems += dates_outside(availability, settings)
    if visits is not None:
        problems += release_after_due(visits)
    if visits is not None and technicians is not None:
        problems += crews_too_large(visits, technicians)
    return problems


def unknown_people(availability: RecordTable, technicians: RecordTable) -> list[Problem]:
    """A shift row must name a technician of technicians.csv."""
    known = technicians.ids()
    return [
        Problem(
            r.file,
            r.row,
            "technician_id",
            f"technician_id {r.fields['technician_id']} is not a technician id in {technicians.file}",
        )
        for r in availability.records
        if isinstance(r.fields.get("technician_id"), str) and r.fields["technician_id"] not in known
    ]


def repeated_dates(availability: RecordTable) -> list[Problem]:
    """One row per person and date: two shifts for the same day leave it unclear which holds."""
    seen = Counter((r.fields.get("technician_id"), r.fields.get("date")) for r in availability.records)
    problems, told = [], set()
    for r in availability.records:
        key = (r.fields.get("technician_id"), r.fields.get("date"))
        if None not in key and seen[key] > 1 and key not in told:
            told.add(key)
            problems.append(
                Problem(
                    r.file,
                    r.row,
                    "date",
                    f"technician {key[0]} has {seen[key]} rows for {key[1]}; expected one shift (or off) per date",
                )
            )
    return problems


def dates_outside(availability: RecordTable, settings: Settings) -> list[Problem]:
    """A shift for a date outside the horizon is a sign of the wrong week's roster."""
    days = settings.days()
    problems = []
    for r in availability.records:
        date = r.fields.get("date")
        if isinstance(date, dt.date) and date not in days:
            problems.append(
                Problem(
                    r.file,
                    r.row,
                    "date",
                    f"date {date} is outside the plan's horizon {days[0]} to {days[-1]} "
                    f"(date and horizon_days of the settings)",
                )
            )
    return problems


def release_after_due(visits: RecordTable) -> list[Problem]:
    """A visit released only after it is due can never be on time."""
    problems = []
    for r in visits.records:
        release, due = r.fields.get("release_date"), r.fields.get("due_date")
        if isinstance(release, dt.date) and isinstance(due, dt.date) and release > due:
            problems.append(Problem(r.file, r.row, "release_date", f"release_date {release} is after due_date {due}"))
    return problems


def crews_too_large(visits: RecordTable, technicians: RecordTable) -> list[Problem]:
    """A crew needs a lead holding ``required_skills`` and others holding ``crew_skills``, all in the region.

    Counted over the whole team whatever the day; when nobody at all can
    lead, the visit's usual reason (no qualified technician) says so.
    """
    people = [(r.id, r) for r in technicians.records if r.id is not None]
    problems = []
    for r in visits.records:
        size = r.fields.get("crew_size")
        if not isinstance(size, int) or size < 2:
            continue
        given = r.fields.get("region")
        region = given if isinstance(given, str) else ""
        local = [(person_id, p) for person_id, p in people if _covers(p, region)]
        leads = [person_id for person_id, p in local if _holds(p, r.fields.get("required_skills"))]
        members = [person_id for person_id, p in local if _holds(p, r.fields.get("crew_skills"))]
        if not leads:
            continue
        if not any(len(set(members) - {lead}) >= size - 1 for lead in leads):
            others = sorted(set(members) | set(leads))
            problems.append(
                Problem(
                    r.file,
                    r.row,
                    "crew_size",
                    f"crew_size {size} needs {size} people (a lead with required_skills, "
                    f"the others with crew_skills, all working in region {region or 'any'}); "
                    f"only {len(others)} technician(s) could ever form it "
                    f"({', '.join(others)})",
                )
            )
    return problems


def _covers(person: Record, region: str) -> bool:
    regions = person.fields.get("regions")
    return not regions or not region or (isinstance(regions, tuple) and region in regions)


def _holds(person: Record, needed: object) -> bool:
    skills = person.fields.get("skills")
    held: Mapping[str, int] = skills if isinstance(skills, Mapping) else {}
    wanted: Mapping[str, int] = needed if isinstance(needed, Mapping) else {}
    return all(held.get(skill, 0) >= level for skill, level in wanted.items())
