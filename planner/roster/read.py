"""Reading a roster folder: ``roster_rules.yaml`` and its CSV (or XLSX) tables.

The tables go through the same readers as a dataset (``planner.io``), so
a manager's Excel file in GB18030 or UTF-8 reads the same and every
problem names the file, row and column. Nothing stops at the first
problem: the week is built only when no error was found in any file.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.io.cells import (
    CellError,
    parse_clock,
    parse_date,
    parse_id,
    parse_label,
    parse_number,
    parse_skills,
    parse_text,
    parse_whole,
    show,
)
from planner.io.rows import RowReader
from planner.io.schema import TECHNICIANS, TableSpec, check_columns
from planner.io.tables import RawTable, read_csv, read_workbook, read_yaml
from planner.problems import Problem, errors
from planner.roster.week import (
    LATE_AFTER,
    MINUTES_PER_DAY,
    OFF,
    WEEK_DAYS,
    Demand,
    Leave,
    Person,
    Request,
    Rules,
    Shift,
    Week,
)
from planner.validate import Record

RULES_FILE = "roster_rules.yaml"
RULE_KEYS = ("week_start", "days", "shifts", "min_rest_days", "max_consecutive_days", "min_rest_hours")
SHIFT_KEYS = ("id", "name", "start", "end", "late", "overnight")
MAX_DAYS = 56

PEOPLE = TableSpec(
    "technicians",
    required=("id",),
    optional=tuple(c for c in TECHNICIANS.columns if c != "id")
    + ("group", "max_days_per_week", "max_hours_per_week", "days_per_week"),
)
LEAVE = TableSpec("leave", required=("technician_id", "date"), optional=("kind",))
DEMAND = TableSpec("demand", required=("date", "shift", "min_staff"), optional=("skill",))
REQUESTS = TableSpec("requests", required=("technician_id", "date", "wish"), optional=("note",))
HISTORY = TableSpec("history", required=("technician_id", "date", "shift"), optional=("name",))
ROSTER_TABLES = (PEOPLE, LEAVE, DEMAND, REQUESTS, HISTORY)
OPTIONAL_TABLES = ("leave", "demand", "requests", "history")


def read_roster_folder(folder: str | Path) -> tuple[Week | None, list[Problem]]:
    """The week of a roster folder, or None with every problem found."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, [
            Problem(
                folder.name or str(folder),
                None,
                None,
                f"{folder} is not a folder; expected a roster folder with {RULES_FILE}",
            )
        ]
    problems: list[Problem] = []
    rules = _read_rules(folder / RULES_FILE, problems)
    tables = _read_tables(folder, problems)
    people = _people(tables.get("technicians"), problems)
    if rules is None or people is None:
        return None, problems
    known = {person.id for person in people}
    leave = _leave(tables.get("leave"), rules, known, problems)
    demand = _demand(tables.get("demand"), rules, problems)
    requests = _requests(tables.get("requests"), rules, known, problems)
    history = _history(tables.get("history"), rules, known, problems)
    if errors(problems):
        return None, problems
    week = Week(rules, tuple(people), tuple(leave), tuple(demand), tuple(requests), history)
    return week, problems


def _read_tables(folder: Path, problems: list[Problem]) -> dict[str, RawTable]:
    """Each table from ``NAME.csv``, else from a sheet of the folder's one workbook."""
    tables: dict[str, RawTable] = {}
    workbooks = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    sheets: dict[str, RawTable] = {}
    if len(workbooks) == 1 and not all((folder / f"{s.name}.csv").exists() for s in ROSTER_TABLES):
        workbook, found = read_workbook(workbooks[0], {spec.name for spec in ROSTER_TABLES})
        problems += found
        sheets = dict(workbook.tables) if workbook is not None else {}
    for spec in ROSTER_TABLES:
        path = folder / f"{spec.name}.csv"
        if path.exists():
            table, found = read_csv(path)
            problems += found
            if table is not None:
                tables[spec.name] = table
        elif spec.name in sheets:
            tables[spec.name] = sheets[spec.name]
        elif spec.name == "technicians":
            problems.append(Problem(path.name, None, None, f"{path.name} is missing; the roster needs the technicians"))
    for name, table in tables.items():
        spec = next(s for s in ROSTER_TABLES if s.name == name)
        problems += check_columns(table, spec)
    return tables


def _read_rules(path: Path, problems: list[Problem]) -> Rules | None:
    """``roster_rules.yaml``: every key checked, defaults for the rest."""
    label = path.name
    if not path.exists():
        problems.append(Problem(label, None, None, f"{label} is missing; it must give week_start and the shifts"))
        return None
    document, found = read_yaml(path)
    problems += found
    if found:
        return None
    if not isinstance(document, dict):
        problems.append(Problem(label, None, None, f"{label} must be a mapping such as 'week_start: 2026-11-23'"))
        return None
    before = len(errors(problems))

    def take(key: str, parse: Callable, default=None):
        value = document.get(key)
        if value is None or value == "":
            return default
        try:
            return parse(value)
        except CellError as exc:
            problems.append(Problem(label, None, key, f"{key} {show(value)} {exc}"))
            return default

    for key in document:
        if key not in RULE_KEYS:
            problems.append(
                Problem(
                    label,
                    None,
                    str(key),
                    f"{key} is not a roster rule and is ignored; rules are {', '.join(RULE_KEYS)}",
                    "warning",
                )
            )
    week_start = take("week_start", parse_date)
    if "week_start" not in document:
        problems.append(Problem(label, None, "week_start", "week_start is missing; give the first date, YYYY-MM-DD"))
    days = take(
        "days",
        functools.partial(parse_whole, low=1, high=MAX_DAYS, meaning=f"a number of days from 1 to {MAX_DAYS}"),
        WEEK_DAYS,
    )
    min_rest = take(
        "min_rest_days", functools.partial(parse_whole, high=WEEK_DAYS, meaning="rest days in a week, 0 to 7"), 1
    )
    max_run = take(
        "max_consecutive_days",
        functools.partial(parse_whole, low=1, high=MAX_DAYS, meaning="a number of days, 1 or more"),
        6,
    )
    rest_hours = take(
        "min_rest_hours", functools.partial(parse_number, low=0, high=48, meaning="hours from 0 to 48"), 11
    )
    shifts = _shifts(label, document.get("shifts"), problems)
    if len(errors(problems)) > before or week_start is None or shifts is None:
        return None
    return Rules(week_start, tuple(shifts), days, min_rest, max_run, rest_hours)


def _shifts(label: str, value: object, problems: list[Problem]) -> list[Shift] | None:
    """The list of shifts; an end before the start needs ``overnight: true``."""
    if not isinstance(value, list) or not value:
        problems.append(
            Problem(
                label,
                None,
                "shifts",
                "shifts must be a list such as [{id: day, name: 白班, start: '08:30', end: '17:30'}]",
            )
        )
        return None
    shifts: list[Shift] = []
    seen: set[str] = set()
    for index, item in enumerate(value, start=1):
        where = f"shifts[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(label, None, where, f"{where} must be a mapping with id, name, start and end"))
            continue
        shift = _shift(label, where, item, problems)
        if shift is None:
            continue
        if shift.id in seen:
            problems.append(Problem(label, None, f"{where}.id", f"shift id {shift.id} is given twice"))
        elif shift.id == OFF:
            problems.append(Problem(label, None, f"{where}.id", f"shift id {OFF} is reserved for days off"))
        seen.add(shift.id)
        shifts.append(shift)
    return shifts


def _shift(label: str, where: str, item: dict, problems: list[Problem]) -> Shift | None:
    """One shift; minutes of its end run past 1440 when it is overnight."""
    for key in item:
        if key not in SHIFT_KEYS:
            problems.append(
                Problem(
                    label,
                    None,
                    f"{where}.{key}",
                    f"{key} is not a shift field and is ignored; fields are {', '.join(SHIFT_KEYS)}",
                    "warning",
                )
            )
    values: dict[str, Any] = {}
    for key, parse in (
        ("id", parse_id),
        ("name", parse_label),
        ("start", parse_clock),
        ("end", functools.partial(parse_clock, end=True)),
    ):
        raw = item.get(key)
        if raw is None or raw == "":
            if key != "name":
                problems.append(Problem(label, None, f"{where}.{key}", f"{where} has no {key}"))
            continue
        try:
            values[key] = parse(raw if not isinstance(raw, int) or key in ("id", "name") else _minutes_text(raw))
        except CellError as exc:
            problems.append(Problem(label, None, f"{where}.{key}", f"{key} {show(raw)} {exc}"))
    flags = {}
    for key in ("late", "overnight"):
        if key in item and not isinstance(item[key], bool):
            problems.append(Problem(label, None, f"{where}.{key}", f"{key} {show(item[key])} is not true or false"))
        flags[key] = item.get(key) if isinstance(item.get(key), bool) else None
    if not all(key in values for key in ("id", "start", "end")):
        return None
    start, end = values["start"], values["end"]
    if end <= start:
        if not flags["overnight"] or end == start:
            problems.append(
                Problem(
                    label,
                    None,
                    f"{where}.end",
                    f"shift {values['id']} ends at {show(item['end'])}, not after it starts "
                    f"({show(item['start'])}); an overnight shift needs overnight: true",
                )
            )
            return None
        end += MINUTES_PER_DAY
    late = flags["late"] if flags["late"] is not None else end > LATE_AFTER
    return Shift(str(values["id"]), str(values.get("name", "")), start, end, late)


def _minutes_text(value: int) -> str:
    """YAML 1.1 reads ``08:30`` unquoted as sexagesimal minutes (510): turn it back into a clock."""
    return f"{value // 60:02d}:{value % 60:02d}"


def _records(table: RawTable | None, read_row: Callable[[RowReader], None], problems: list[Problem]) -> list[Record]:
    """Every row's parsed fields (bad cells already reported)."""
    if table is None:
        return []
    records = []
    for row in table.rows:
        reader = RowReader(table, row, problems)
        read_row(reader)
        records.append(reader.record())
    return records


_parse_limit_days = functools.partial(parse_whole, high=WEEK_DAYS, meaning="days in a week, 0 to 7")
_parse_hours = functools.partial(parse_number, low=0, high=WEEK_DAYS * 24, meaning="hours in a week, 0 to 168")


def _person_fields(reader: RowReader) -> None:
    """The columns of a technician row the roster uses; the dataset's others are not read."""
    reader.take("id", parse_id, required=True)
    reader.take("name", parse_label)
    reader.take("group", parse_id)
    reader.take("skills", parse_skills)
    reader.take("max_days_per_week", _parse_limit_days)
    reader.take("max_hours_per_week", _parse_hours)
    reader.take("days_per_week", _parse_limit_days)


def _people(table: RawTable | None, problems: list[Problem]) -> list[Person] | None:
    """The people to roster; ids must be unique."""
    if table is None:
        return None
    records = _records(table, _person_fields, problems)
    _duplicates(records, ("id",), "technician id", problems)
    return [Person(**record.fields) for record in records if record.id is not None]


def _in_week(reader: RowReader, rules: Rules, column: str = "date") -> dt.date | None:
    """A date that must fall inside the roster's days."""
    date = reader.take(column, parse_date, required=True)
    if date is not None and date not in rules.dates:
        reader.error(column, f"{column} {date} is outside the roster ({rules.dates[0]} to {rules.dates[-1]})")
        return None
    return date


def _known_person(reader: RowReader, known: set[str]) -> str | None:
    person = reader.take("technician_id", parse_text, required=True)
    if person is not None and person not in known:
        reader.error("technician_id", f"technician_id {person} is not in technicians.csv")
        return None
    return person


def _leave(table: RawTable | None, rules: Rules, known: set[str], problems: list[Problem]) -> list[Leave]:
    def read(reader: RowReader) -> None:
        _known_person(reader, known)
        _in_week(reader, rules)
        reader.take("kind", parse_text)

    records = _records(table, read, problems)
    _duplicates(records, ("technician_id", "date"), "leave of the same person on the same date", problems)
    return _complete(records, Leave, ("technician_id", "date"))


def _demand(table: RawTable | None, rules: Rules, problems: list[Problem]) -> list[Demand]:
    shift_ids = {shift.id for shift in rules.shifts}

    def read(reader: RowReader) -> None:
        _in_week(reader, rules)
        shift = reader.take("shift", parse_text, required=True)
        if shift is not None and shift not in shift_ids:
            reader.error("shift", f"shift {shift} is not a shift of {RULES_FILE} ({', '.join(sorted(shift_ids))})")
            reader.fields.pop("shift")
        skills = reader.take("skill", parse_skills)
        if skills is not None and len(skills) != 1:
            reader.error(
                "skill",
                f"skill {show(reader.row.cells['skill'])} names {len(skills)} skills; "
                "expected one skill (or skill:level) per row",
            )
        elif skills:
            ((reader.fields["skill"], reader.fields["level"]),) = skills.items()
        reader.take(
            "min_staff",
            functools.partial(parse_whole, high=1000, meaning="a whole number of people, 0 or more"),
            required=True,
        )

    records = _records(table, read, problems)
    _duplicates(records, ("date", "shift", "skill", "level"), "demand for the same date, shift and skill", problems)
    demand = []
    for record in records:
        fields = record.fields
        if all(key in fields for key in ("date", "shift", "min_staff")) and not record.unreadable:
            demand.append(
                Demand(
                    fields["date"], fields["shift"], fields.get("skill"), fields.get("level", 1), fields["min_staff"]
                )
            )
    return demand


def _requests(table: RawTable | None, rules: Rules, known: set[str], problems: list[Problem]) -> list[Request]:
    wishes = (OFF, "work", *(shift.id for shift in rules.shifts))

    def read(reader: RowReader) -> None:
        _known_person(reader, known)
        _in_week(reader, rules)
        wish = reader.take("wish", parse_text, required=True)
        if wish is not None and wish not in wishes:
            reader.error("wish", f"wish {wish} is not one of {', '.join(wishes)}")
            reader.fields.pop("wish")

    records = _records(table, read, problems)
    _duplicates(records, ("technician_id", "date"), "request of the same person for the same date", problems)
    return _complete(records, Request, ("technician_id", "date", "wish"))


def _history(
    table: RawTable | None, rules: Rules, known: set[str], problems: list[Problem]
) -> dict[tuple[str, dt.date], str]:
    shifts = {shift.id for shift in rules.shifts}

    def read(reader: RowReader) -> None:
        _known_person(reader, known)
        date = reader.take("date", parse_date, required=True)
        if date is not None and date >= rules.week_start:
            reader.error(
                "date",
                f"date {date} is not before week_start {rules.week_start}; history holds the days before the roster",
            )
            reader.fields.pop("date")
        shift = reader.take("shift", parse_text, required=True)
        if shift is not None and shift != OFF and shift not in shifts:
            reader.error("shift", f"shift {shift} is not {OFF} nor a shift of {RULES_FILE}")
            reader.fields.pop("shift")

    records = _records(table, read, problems)
    _duplicates(records, ("technician_id", "date"), "history of the same person on the same date", problems)
    return {
        (r.fields["technician_id"], r.fields["date"]): r.fields["shift"]
        for r in records
        if all(k in r.fields for k in ("technician_id", "date", "shift"))
    }


def _complete(records: list[Record], kind: type, needed: tuple[str, ...]) -> list:
    """The rows whose needed fields all parsed, as model values."""
    return [
        kind(**record.fields)
        for record in records
        if all(key in record.fields for key in needed) and not record.unreadable
    ]


def _duplicates(records: list[Record], key: tuple[str, ...], what: str, problems: list[Problem]) -> None:
    """Two rows saying the same thing twice (or contradicting each other): error on the repeat."""
    first: dict[tuple, int] = {}
    for record in records:
        if not all(k in record.fields for k in key if k not in ("skill", "level")):
            continue
        value = tuple(record.fields.get(k) for k in key)
        if value in first:
            problems.append(
                Problem(record.file, record.row, key[0], f"{what} is given twice (first on row {first[value]})")
            )
        else:
            first[value] = record.row
