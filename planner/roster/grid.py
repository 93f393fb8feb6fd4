"""The roster as a person reads it: technician x day, and coverage under it.

The XLSX export and the roster page show the same grid, so what a cell
says (a shift's name, rest, the kind of leave) and how coverage is
counted are decided once, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from planner.roster.week import OFF, Week, is_weekend

WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
TEXTS = {
    "rest": {"zh": "休", "en": "rest"},
    "leave": {"zh": "假", "en": "leave"},
    "technician": {"zh": "技术员", "en": "Technician"},
    "group": {"zh": "班组", "en": "Group"},
    "days": {"zh": "天数", "en": "Days"},
    "hours": {"zh": "工时", "en": "Hours"},
    "coverage": {"zh": "需求覆盖（已排/需要）", "en": "Coverage (rostered/needed)"},
    "roster": {"zh": "排班表", "en": "Roster"},
    "anyone": {"zh": "不限技能", "en": "anyone"},
}


def text(key: str, lang: str) -> str:
    return TEXTS[key]["zh" if lang == "zh" else "en"]


def day_header(date: dt.date, lang: str) -> str:
    """``11-23 周一`` / ``11-23 Mon``."""
    name = WEEKDAYS["zh" if lang == "zh" else "en"][date.weekday()]
    return f"{date:%m-%d} {'周' + name if lang == 'zh' else name}"


@dataclass(frozen=True)
class Cell:
    """One person's day: what to print and how to shade it."""

    text: str
    kind: str  # "shift", "rest", "leave"
    weekend: bool


@dataclass(frozen=True)
class PersonRow:
    technician_id: str
    label: str
    group: str
    cells: tuple[Cell, ...]
    days: int
    hours: float


@dataclass(frozen=True)
class CoverageRow:
    """One demand line (shift and skill) over the days: (rostered, needed) or None where no demand."""

    shift: str
    skill: str
    counts: tuple[tuple[int, int] | None, ...]


def person_rows(week: Week, shifts: Mapping[tuple[str, dt.date], str], lang: str) -> list[PersonRow]:
    rows = []
    for person in week.people:
        cells, days, minutes = [], 0, 0
        for date in week.rules.dates:
            value = shifts.get((person.id, date), OFF)
            leave = week.leave_of(person.id, date)
            if value != OFF:
                shift = week.rules.shift(value)
                cells.append(Cell(shift.label(), "shift", is_weekend(date)))
                days, minutes = days + 1, minutes + shift.minutes
            elif leave is not None:
                cells.append(Cell(leave.kind or text("leave", lang), "leave", is_weekend(date)))
            else:
                cells.append(Cell(text("rest", lang), "rest", is_weekend(date)))
        rows.append(PersonRow(person.id, person.name or person.id, person.group, tuple(cells), days, minutes / 60))
    return rows


def coverage_rows(week: Week, shifts: Mapping[tuple[str, dt.date], str], lang: str) -> list[CoverageRow]:
    """Per shift and skill of demand.csv, how many holders are rostered each day against the need."""
    lines: dict[tuple[str, str | None, int], dict[dt.date, int]] = {}
    for demand in week.demand:
        lines.setdefault((demand.shift, demand.skill, demand.level), {})[demand.date] = demand.min_staff
    order = [s.id for s in week.rules.shifts]
    rows = []
    for (shift_id, skill, level), needs in sorted(
        lines.items(), key=lambda k: (order.index(k[0][0]), k[0][1] or "", k[0][2])
    ):
        counts: list[tuple[int, int] | None] = []
        for date in week.rules.dates:
            if date not in needs:
                counts.append(None)
                continue
            on = sum(1 for p in week.people if shifts.get((p.id, date)) == shift_id and p.holds(skill, level))
            counts.append((on, needs[date]))
        name = skill if level <= 1 else f"{skill}:{level}"
        rows.append(CoverageRow(week.rules.shift(shift_id).label(), name or text("anyone", lang), tuple(counts)))
    return rows
