"""The daily planner follows the roster: ``roster.csv`` beside a dataset sets the day's shifts.

For the plan date each technician with a row takes that row's shift
(``shift_start``/``shift_end`` as written by ``planner roster``, or the
shift's times from ``roster_rules.yaml`` in the same folder); ``off``
takes them off today's roster. A technician without a row keeps the shift
of ``technicians.csv``, as the contract says for a missing row. The plan
covers its own date, so an overnight shift ends at 24:00 in it. A
``roster.csv`` without a ``shift`` column is the day sheet
``planner plan --roster`` writes, not a roster to follow: it is left alone.

A dataset of several days (``horizon_days``) follows the roster on each
of its dates: every row of a date inside the horizon becomes that
person's shift of that date, as a row of ``availability.csv`` would. A
row of ``availability.csv`` for the same person and date wins: it records
a change made after the roster was posted (a sick day, a swapped shift).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.domain import MINUTES_PER_DAY, Availability, Dataset
from planner.io.cells import CellError, parse_clock, parse_date, parse_text, show
from planner.io.tables import RawRow, read_csv
from planner.problems import Problem, errors
from planner.roster.csvfile import english_table
from planner.roster.read import RULES_FILE, read_roster_folder
from planner.roster.week import OFF

ROSTER_FILE = "roster.csv"


def follow_roster(dataset: Dataset, path: Path) -> tuple[Dataset, list[Problem]]:
    """The dataset with the shifts of ``path`` for its date (each date of a horizon); unchanged when it has errors."""
    table, problems = read_csv(path)
    if table is None:
        return dataset, problems
    table = english_table(table)
    if "shift" not in table.columns:
        return dataset, [
            Problem(
                path.name,
                None,
                None,
                f"{path.name} has no shift column, so it is not a weekly "
                "roster (planner roster) and the shifts of technicians.csv are used",
                "warning",
            )
        ]
    date = dataset.settings.date
    dates = dataset.settings.days()
    rows = [row for row in table.rows if _date(row) in dates]
    if not rows:
        when = date if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
        return dataset, [
            *problems,
            Problem(
                path.name,
                None,
                "date",
                f"{path.name} has no rows for {when}; the shifts of technicians.csv are used",
                "warning",
            ),
        ]
    known = {t.id for t in dataset.technicians}
    by_date: dict[tuple[str, dt.date], tuple[int, int] | None] = {}
    for row in rows:
        who = row.get("technician_id")
        who = None if who is None else str(who)
        if who not in known:
            problems.append(
                Problem(
                    path.name,
                    row.row,
                    "technician_id",
                    f"technician_id {who} is not in technicians.csv; the row is ignored",
                    "warning",
                )
            )
            continue
        by_date[(who, _date(row))] = _times(path, row, problems)
    if errors(problems):
        return dataset, problems
    if len(dates) > 1:
        return _as_availability(dataset, by_date), problems
    shifts = {who: times for (who, _), times in by_date.items()}
    technicians = []
    for technician in dataset.technicians:
        if technician.id not in shifts:
            technicians.append(technician)
            continue
        times = shifts[technician.id]
        if times is not None:
            technicians.append(technician.model_copy(update={"shift_start": times[0], "shift_end": times[1]}))
    return dataset.model_copy(update={"technicians": tuple(technicians)}), problems


def _as_availability(dataset: Dataset, shifts: dict[tuple[str, dt.date], tuple[int, int] | None]) -> Dataset:
    """The roster's shifts of the horizon's dates as availability rows, where availability.csv says nothing."""
    given = {(row.technician_id, row.date) for row in dataset.availability}
    added = tuple(
        Availability(
            technician_id=who, date=date, shift_start=times[0] if times else None, shift_end=times[1] if times else None
        )
        for (who, date), times in sorted(shifts.items())
        if (who, date) not in given
    )
    return dataset.model_copy(update={"availability": dataset.availability + added})


def _date(row: RawRow):
    given = row.get("date")
    try:
        return parse_date(given) if given is not None else None
    except CellError:
        return None


def _times(path: Path, row: RawRow, problems: list[Problem]) -> tuple[int, int] | None:
    """(start, end) minutes of the row's shift; None for ``off``."""
    shift = row.get("shift")
    if shift is None:
        problems.append(Problem(path.name, row.row, "shift", f"shift is empty; expected a shift id or {OFF}"))
        return None
    shift = parse_text(shift)
    if shift == OFF:
        return None
    start, end = row.get("shift_start"), row.get("shift_end")
    if start is None or end is None:
        return _rules_times(path, row, shift, problems)
    try:
        first, last = parse_clock(start), parse_clock(end, end=True)
    except CellError as exc:
        problems.append(Problem(path.name, row.row, "shift_start", f"shift times {show(start)}-{show(end)} {exc}"))
        return None
    return first, last if last > first else MINUTES_PER_DAY


def _rules_times(path: Path, row: RawRow, shift: str, problems: list[Problem]) -> tuple[int, int] | None:
    week, _found = read_roster_folder(path.parent) if (path.parent / RULES_FILE).exists() else (None, [])
    if week is not None:
        for item in week.rules.shifts:
            if item.id == shift:
                return item.start, min(item.end, MINUTES_PER_DAY)
    problems.append(
        Problem(
            path.name,
            row.row,
            "shift",
            f"shift {shift} has no shift_start/shift_end and is not a shift of a readable {RULES_FILE} beside it",
        )
    )
    return None
