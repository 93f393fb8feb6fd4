"""The working-day calendar of mainland China: weekends, public holidays, 调休.

Callbacks are due "within three working days", and in China that count
cannot be made from the weekday alone: around the Spring Festival and
National Day the State Council moves rest days onto weekdays and makes
some Saturdays and Sundays working days (调休). The official calendar
comes from the ``chinesecalendar`` package, which carries every year the
State Council has published and refuses years it does not know rather
than guessing them. A department can override any date from a small
``date,kind`` file, which is how a year is added before the package
knows it (the notice for the next year appears in November or December).

A date in a year that neither the package nor the file knows falls back
to Monday-Friday; ``guessed_years`` names such years so that ``planner kpis``
can say the count is not the official one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from planner.io.cells import CellError, parse_date, show
from planner.io.tables import RawTable, read_csv
from planner.problems import Problem

#: Accepted words for ``kind`` in an override file, to whether the date is a working day.
KINDS: Mapping[str, bool] = {
    "workday": True,
    "上班": True,
    "班": True,
    "holiday": False,
    "rest": False,
    "放假": False,
    "休": False,
}

CALENDAR_COLUMNS: tuple[str, ...] = ("date", "kind")


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days: the official calendar plus local overrides.

    ``overrides`` maps a date to True (a working day) or False (a rest
    day); it wins over the official calendar, so a department may also
    mark its own closing days.
    """

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def is_workday(self, day: dt.date) -> bool:
        """True when people work that date in mainland China (or as overridden)."""
        if day in self.overrides:
            return self.overrides[day]
        official = _official_workday(day)
        return day.weekday() < 5 if official is None else official

    def guessed_years(self, days: Iterable[dt.date]) -> tuple[int, ...]:
        """Years among ``days`` counted on Monday-Friday because nobody gave their calendar."""
        overridden = {day.year for day in self.overrides}
        return tuple(
            sorted({day.year for day in days if day.year not in overridden and _official_workday(day) is None})
        )

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself when count is 0).

        Counting starts the day after ``start`` whatever ``start`` is, so
        an order done on a Saturday with three working days for the
        callback is due on the Wednesday of an ordinary week.
        """
        if count < 0:
            raise ValueError(f"count must be 0 or more, not {count}")
        day = start
        while count:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def workdays_after(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``: how late ``end`` is after a due date ``start``."""
        days = (end - start).days
        return sum(self.is_workday(start + dt.timedelta(days=n)) for n in range(1, days + 1))


def _official_workday(day: dt.date) -> bool | None:
    """The official answer, or None for a year the package does not carry."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def calendar_from_table(table: RawTable) -> tuple[WorkCalendar | None, list[Problem]]:
    """The calendar with the table's overrides, or None with every problem found.

    A date given twice is an error even with the same kind: a copied
    block of rows is usually a mistake the department wants to see.
    """
    problems = [
        Problem(
            table.file,
            table.header_row,
            column,
            f"required column {column} is missing; a calendar file needs "
            f"{', '.join(CALENDAR_COLUMNS)} (kind: workday or holiday)",
        )
        for column in CALENDAR_COLUMNS
        if column not in table.columns
    ]
    if problems:
        return None, problems
    overrides: dict[dt.date, bool] = {}
    first_row: dict[dt.date, int] = {}
    for raw in table.rows:
        day = kind = None
        value = raw.get("date")
        if value is None:
            problems.append(Problem(table.file, raw.row, "date", "date is empty; expected YYYY-MM-DD"))
        else:
            try:
                day = parse_date(value)
            except CellError as exc:
                problems.append(Problem(table.file, raw.row, "date", f"date {show(value)} {exc}"))
        value = raw.get("kind")
        if value is None or str(value).strip().lower() not in KINDS:
            shown = "is empty" if value is None else f"{show(value)} is not a kind"
            problems.append(
                Problem(table.file, raw.row, "kind", f"kind {shown}; expected workday (上班) or holiday (放假)")
            )
        else:
            kind = KINDS[str(value).strip().lower()]
        if day is not None and day in first_row:
            problems.append(
                Problem(table.file, raw.row, "date", f"date {day} is given twice (first on row {first_row[day]})")
            )
            continue
        if day is not None:
            first_row[day] = raw.row
        if day is not None and kind is not None:
            overrides[day] = kind
    if problems:
        return None, problems
    return WorkCalendar(overrides), []


def load_calendar(path: Path | None) -> tuple[WorkCalendar | None, list[Problem]]:
    """The official calendar, with the overrides of the CSV file at ``path`` when given."""
    if path is None:
        return WorkCalendar(), []
    table, problems = read_csv(path)
    if table is None:
        return None, problems
    calendar, more = calendar_from_table(table)
    return calendar, problems + more
