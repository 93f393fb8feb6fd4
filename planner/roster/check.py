"""An independent checker of a roster against the contract's hard rules.

It shares nothing with the CP-SAT model but the week it reads: it walks
each person's days as a manager would (a timeline of worked shifts, runs
of days, counts per week) so that a roster written by the solver, by hand
or by another tool is judged the same way, and every broken rule is
listed, not only the first.

Rule codes: ``format`` (a person or date without exactly one known value),
``leave``, ``min_rest_days``, ``max_consecutive_days``,
``max_days_per_week``, ``max_hours_per_week``, ``min_rest_hours``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from planner.roster.week import MINUTES_PER_DAY, OFF, WEEK_DAYS, Person, Week
from planner.violation_words import said


@dataclass(frozen=True)
class Violation:
    """One broken rule of one person (and date, where one date is to blame)."""

    rule: str
    message: str
    technician_id: str | None = None
    date: dt.date | None = None

    def __str__(self) -> str:
        return said(self.rule, self.message, "en")

    def said(self, lang: str) -> str:
        """The broken rule as a person reads it, in Chinese for ``zh`` (``planner.violation_words``)."""
        return said(self.rule, self.message, lang)


def check_roster(week: Week, shifts: Mapping[tuple[str, dt.date], str]) -> list[Violation]:
    """Every hard rule broken by ``shifts`` ((technician id, date) -> shift id or ``off``)."""
    violations = list(_format(week, shifts))
    for person in week.people:
        days = [shifts.get((person.id, date), OFF) for date in week.rules.dates]
        days = [day if day == OFF or _known(week, day) else OFF for day in days]
        violations += _leave(week, person, days)
        violations += _weekly(week, person, days)
        violations += _runs(week, person, days)
        violations += _rest(week, person, days)
    return violations


def _known(week: Week, shift_id: str) -> bool:
    return any(shift.id == shift_id for shift in week.rules.shifts)


def _format(week: Week, shifts: Mapping[tuple[str, dt.date], str]) -> Iterator[Violation]:
    dates = set(week.rules.dates)
    people = {person.id for person in week.people}
    for person in week.people:
        for date in week.rules.dates:
            value = shifts.get((person.id, date))
            if value is None:
                yield Violation("format", f"{person.label()} has no shift or {OFF} on {date}", person.id, date)
            elif value != OFF and not _known(week, value):
                yield Violation(
                    "format", f"{person.label()} on {date}: {value} is not a shift of the rules", person.id, date
                )
    for technician_id, date in shifts:
        if technician_id not in people or date not in dates:
            yield Violation(
                "format", f"{technician_id} on {date} is not a person and date of this roster", technician_id, date
            )


def _leave(week: Week, person: Person, days: list[str]) -> Iterator[Violation]:
    for date, day in zip(week.rules.dates, days):
        leave = week.leave_of(person.id, date)
        if leave is not None and day != OFF:
            yield Violation(
                "leave",
                f"{person.label()} is on leave{f' ({leave.kind})' if leave.kind else ''} on {date} "
                f"but rostered on {week.rules.shift(day).label()}",
                person.id,
                date,
            )


def _weekly(week: Week, person: Person, days: list[str]) -> Iterator[Violation]:
    rules = week.rules
    dates = rules.dates
    for start in range(0, len(days), WEEK_DAYS):
        block = range(start, min(start + WEEK_DAYS, len(days)))
        worked = [i for i in block if days[i] != OFF]
        first = dates[block.start]
        rest_needed = rules.min_rest_days - (WEEK_DAYS - len(block))
        if len(block) - len(worked) < rest_needed:
            yield Violation(
                "min_rest_days",
                f"{person.label()} rests {len(block) - len(worked)} day(s) in the "
                f"week from {first}; at least {rest_needed} needed",
                person.id,
                first,
            )
        if person.max_days_per_week is not None and len(worked) > person.max_days_per_week:
            yield Violation(
                "max_days_per_week",
                f"{person.label()} works {len(worked)} days in the week from {first}; at most {person.max_days_per_week}",
                person.id,
                first,
            )
        hours = sum(rules.shift(days[i]).minutes for i in worked) / 60
        if person.max_hours_per_week is not None and hours > person.max_hours_per_week + 1e-9:
            yield Violation(
                "max_hours_per_week",
                f"{person.label()} works {hours:g} hours in the week from {first}; at most {person.max_hours_per_week:g}",
                person.id,
                first,
            )


def _timeline(week: Week, person: Person, days: list[str]) -> list[tuple[dt.date, str]]:
    """Worked (date, shift) of history and roster together, in date order."""
    past = [(date, shift) for (who, date), shift in week.history.items() if who == person.id and shift != OFF]
    now = [(date, day) for date, day in zip(week.rules.dates, days) if day != OFF]
    return sorted(past) + now


def _runs(week: Week, person: Person, days: list[str]) -> Iterator[Violation]:
    limit = week.rules.max_consecutive_days
    run, previous = 0, None
    for date, _ in _timeline(week, person, days):
        run = run + 1 if previous is not None and (date - previous).days == 1 else 1
        previous = date
        if run == limit + 1 and date >= week.rules.week_start:
            yield Violation(
                "max_consecutive_days",
                f"{person.label()} works {run} days in a row up to {date} (history counted); at most {limit}",
                person.id,
                date,
            )


def _rest(week: Week, person: Person, days: list[str]) -> Iterator[Violation]:
    rest = week.rules.min_rest_hours * 60
    previous_end: tuple[dt.date, int] | None = None
    for date, shift_id in _timeline(week, person, days):
        shift = week.rules.shift(shift_id)
        start = date.toordinal() * MINUTES_PER_DAY + shift.start
        if previous_end is not None and date >= week.rules.week_start and start - previous_end[1] < rest:
            hours = (start - previous_end[1]) / 60
            yield Violation(
                "min_rest_hours",
                f"{person.label()} rests {hours:g} hours before the {shift.label()} shift "
                f"on {date} (after {previous_end[0]}); at least "
                f"{week.rules.min_rest_hours:g}",
                person.id,
                date,
            )
        previous_end = (date, date.toordinal() * MINUTES_PER_DAY + shift.end)
