"""``roster.csv``: one row per technician and date, written and read back.

The contract's columns are ``technician_id,date,shift``; the name and the
shift's clock times follow so the file is readable on its own and the
daily planner needs nothing else. ``--lang zh`` writes Chinese headers
for people; the reader accepts either. Cells that Excel would run as a
formula (starting with = + - @) are written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

from planner.domain import hhmm
from planner.io.cells import parse_date, parse_text
from planner.io.rows import RowReader
from planner.io.tables import RawTable, read_csv
from planner.problems import Problem
from planner.roster.week import MINUTES_PER_DAY, OFF, Week

COLUMNS: tuple[tuple[str, str], ...] = (
    ("technician_id", "技术员编号"),
    ("date", "日期"),
    ("shift", "班次"),
    ("name", "姓名"),
    ("shift_start", "上班时间"),
    ("shift_end", "下班时间"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text Excel shows as typed instead of evaluating it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def roster_csv(week: Week, shifts: Mapping[tuple[str, dt.date], str], lang: str = "en") -> str:
    """The roster as CSV text (the caller writes it with a BOM so Excel reads Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([zh if lang == "zh" else en for en, zh in COLUMNS])
    for person in week.people:
        for date in week.rules.dates:
            shift_id = shifts[person.id, date]
            start = end = ""
            if shift_id != OFF:
                shift = week.rules.shift(shift_id)
                start, end = (
                    hhmm(shift.start),
                    hhmm(shift.end % MINUTES_PER_DAY if shift.end > MINUTES_PER_DAY else shift.end),
                )
            writer.writerow(
                [safe_cell(person.id), date.isoformat(), safe_cell(shift_id), safe_cell(person.name), start, end]
            )
    return out.getvalue()


def english_table(table: RawTable) -> RawTable:
    """The table with Chinese headers renamed to the contract's names."""
    names = {zh: en for en, zh in COLUMNS}
    columns = tuple(names.get(c, c) for c in table.columns)
    rows = tuple(
        type(row)(row.file, row.row, {names.get(k, k): _unquote(v) for k, v in row.cells.items()}) for row in table.rows
    )
    return RawTable(table.file, columns, rows, table.header_row)


def _unquote(value):
    """Undo ``safe_cell``: the apostrophe only protected the cell from Excel."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def read_roster_csv(path: Path) -> tuple[dict[tuple[str, dt.date], str] | None, list[Problem]]:
    """(technician id, date) -> shift id or ``off``, as the file says; None on any error."""
    table, problems = read_csv(path)
    if table is None:
        return None, problems
    table = english_table(table)
    for column in ("technician_id", "date", "shift"):
        if column not in table.columns:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    column,
                    f"required column {column} is missing; roster.csv needs technician_id, date, shift",
                )
            )
    if problems:
        return None, problems
    shifts: dict[tuple[str, dt.date], str] = {}
    first: dict[tuple[str, dt.date], int] = {}
    for row in table.rows:
        reader = RowReader(table, row, problems)
        who = reader.take("technician_id", parse_text, required=True)
        date = reader.take("date", parse_date, required=True)
        shift = reader.take("shift", parse_text, required=True)
        if who is None or date is None or shift is None:
            continue
        if (who, date) in first:
            reader.error("date", f"{who} has a second row for {date} (first on row {first[who, date]})")
            continue
        first[who, date] = row.row
        shifts[who, date] = shift
    return (None if problems else shifts), problems
