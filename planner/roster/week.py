"""The week to roster: shifts, rules, people, leave, demand, wishes and history.

Kept apart from the readers and the solver so that the model, the
independent checker, the explanations and the pages all work from the same
immutable description of the week. Clock times are minutes after midnight
of the shift's own date; an overnight shift ends after 24:00 (its ``end``
is above 1440), so rest between two shifts is one subtraction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

OFF = "off"
"""The roster's word for a day not worked (rest day or leave)."""

WEEK_DAYS = 7
MINUTES_PER_DAY = 24 * 60
LATE_AFTER = 19 * 60
"""A shift ending after 19:00 (or overnight) counts as late unless the rules say otherwise."""


@dataclass(frozen=True)
class Shift:
    """One kind of shift, e.g. ``{id: early, name: 早班, start: 08:00, end: 16:00}``."""

    id: str
    name: str
    start: int
    end: int
    late: bool

    @property
    def minutes(self) -> int:
        """Length of the shift (an overnight shift's end is above 1440)."""
        return self.end - self.start

    def label(self) -> str:
        """The name a person reads, falling back to the id."""
        return self.name or self.id


@dataclass(frozen=True)
class Rules:
    """``roster_rules.yaml``: the week and the rules every person's roster keeps."""

    week_start: dt.date
    shifts: tuple[Shift, ...]
    days: int = WEEK_DAYS
    min_rest_days: int = 1
    max_consecutive_days: int = 6
    min_rest_hours: float = 11

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """Every date of the roster, in order."""
        return tuple(self.week_start + dt.timedelta(days=i) for i in range(self.days))

    def blocks(self) -> list[range]:
        """Day indexes of each seven-day block from ``week_start`` (the last may be shorter).

        The weekly limits apply to each block; a shorter block keeps the
        same caps, as if the days outside the roster were rest days.
        """
        return [range(start, min(start + WEEK_DAYS, self.days)) for start in range(0, self.days, WEEK_DAYS)]

    def shift(self, shift_id: str) -> Shift:
        """Look a shift up by id (KeyError when unknown)."""
        for shift in self.shifts:
            if shift.id == shift_id:
                return shift
        raise KeyError(shift_id)


@dataclass(frozen=True)
class Person:
    """A technician as the roster sees them: skills, group and weekly limits.

    ``days_per_week`` is the contracted number of working days the roster
    aims at (soft); the limits are hard.
    """

    id: str
    name: str = ""
    group: str = ""
    skills: Mapping[str, int] = field(default_factory=dict)
    max_days_per_week: int | None = None
    max_hours_per_week: float | None = None
    days_per_week: int | None = None

    def label(self) -> str:
        """``王建军 (T01)``: people read names, the id tells namesakes apart."""
        return f"{self.name} ({self.id})" if self.name else self.id

    def holds(self, skill: str | None, level: int) -> bool:
        """True for an empty skill (anyone), else the skill at ``level`` or above."""
        return not skill or self.skills.get(skill, 0) >= level


@dataclass(frozen=True)
class Leave:
    """A row of ``leave.csv``: that person does not work that date."""

    technician_id: str
    date: dt.date
    kind: str = ""


@dataclass(frozen=True)
class Demand:
    """A row of ``demand.csv``: at least ``min_staff`` holders of ``skill`` on that shift."""

    date: dt.date
    shift: str
    skill: str | None
    level: int
    min_staff: int

    def skill_text(self) -> str:
        """``sofa_repair:3``, ``sofa_repair`` (any level) or ``*`` (anyone)."""
        if not self.skill:
            return "*"
        return f"{self.skill}:{self.level}" if self.level > 1 else self.skill


@dataclass(frozen=True)
class Request:
    """A row of ``requests.csv``: a soft wish (``off``, ``work`` or a shift id)."""

    technician_id: str
    date: dt.date
    wish: str


@dataclass(frozen=True)
class Week:
    """Everything the roster of one week (or a longer span) is made from.

    ``history`` maps (technician id, date before ``week_start``) to the
    shift worked or ``off``; a day without a row counts as not worked.
    """

    rules: Rules
    people: tuple[Person, ...]
    leave: tuple[Leave, ...] = ()
    demand: tuple[Demand, ...] = ()
    requests: tuple[Request, ...] = ()
    history: Mapping[tuple[str, dt.date], str] = field(default_factory=dict)

    def person(self, technician_id: str) -> Person:
        """Look a person up by id (KeyError when unknown)."""
        for person in self.people:
            if person.id == technician_id:
                return person
        raise KeyError(technician_id)

    def leave_of(self, technician_id: str, date: dt.date) -> Leave | None:
        """The leave row of that person and date, None when they are not on leave."""
        for leave in self.leave:
            if leave.technician_id == technician_id and leave.date == date:
                return leave
        return None

    def history_shift(self, technician_id: str, date: dt.date) -> str:
        """What that person worked on a date before the week (``off`` when not known)."""
        return self.history.get((technician_id, date), OFF)

    def history_dates(self) -> tuple[dt.date, ...]:
        """The dates ``history.csv`` covers, in order."""
        return tuple(sorted({date for _, date in self.history}))


def is_weekend(date: dt.date) -> bool:
    """Saturday and Sunday: the days everyone would rather have off."""
    return date.weekday() >= 5


def contract_days(person: Person, rules: Rules) -> int:
    """Days a week the person is contracted for: their own figure, their cap, or every day but the rest days."""
    if person.days_per_week is not None:
        return person.days_per_week
    if person.max_days_per_week is not None:
        return person.max_days_per_week
    return WEEK_DAYS - rules.min_rest_days
