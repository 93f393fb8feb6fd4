"""Small dataset files for the reader tests, written row by row.

Each builder returns one valid row as a dict; a test changes only the
cell it is about (``visit(priority="7")``) so the expected problem is the
only one. ``None`` removes a column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from planner.domain import Dataset
from planner.io import Loaded, read_dataset
from planner.problems import Problem

Row = dict[str, str]
Table = list[Row] | str | None

SETTINGS = "date: 2026-11-23\ntimezone: Asia/Shanghai\n"


def _row(base: Row, changes: Mapping[str, str | None]) -> Row:
    """``base`` with ``changes`` applied; a None change drops the column."""
    row = dict(base)
    for column, value in changes.items():
        if value is None:
            row.pop(column, None)
        else:
            row[column] = value
    return row


def technician(**changes: str | None) -> Row:
    """A valid technician row (T01, sofa repair level 3, 08:30-17:30 in chaoyang)."""
    return _row(
        {
            "id": "T01",
            "name": "Wang Wei",
            "role": "repair_technician",
            "base_lat": "39.90",
            "base_lon": "116.40",
            "regions": "chaoyang",
            "skills": "sofa_repair:3;install",
            "shift_start": "08:30",
            "shift_end": "17:30",
            "max_visits": "6",
        },
        changes,
    )


def visit(**changes: str | None) -> Row:
    """A valid visit row (V001, a sofa repair in chaoyang taking one spring)."""
    return _row(
        {
            "id": "V001",
            "customer": "Zhang San",
            "phone": "13800138000",
            "address": "1 Jianguo Rd",
            "lat": "39.91",
            "lon": "116.41",
            "region": "chaoyang",
            "type": "repair",
            "priority": "2",
            "required_skills": "sofa_repair:2",
            "duration_min": "60",
            "window_start": "09:00",
            "window_end": "12:00",
            "due_date": "2026-11-23",
            "parts": "P1:1",
            "pinned_technician": "",
            "preferred_technician": "T01",
        },
        changes,
    )


def part(**changes: str | None) -> Row:
    """A valid parts row (P1, three springs in stock)."""
    return _row({"part_id": "P1", "name": "Spring", "stock": "3"}, changes)


def region(**changes: str | None) -> Row:
    """A valid regions row (chaoyang)."""
    return _row({"id": "chaoyang", "name": "朝阳区", "name_en": "Chaoyang"}, changes)


def csv_text(rows: Iterable[Row]) -> str:
    """CSV with a header that is the union of the rows' columns, in first-seen order."""
    rows = list(rows)
    columns = list(dict.fromkeys(column for row in rows for column in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_dataset(
    folder: Path,
    *,
    settings: str | None = SETTINGS,
    technicians: Table = "default",
    visits: Table = "default",
    parts: Table = "default",
    regions: Table = "default",
    org: str | None = None,
) -> Path:
    """Write a dataset folder; each table is rows, raw CSV text, None (no file) or the default."""
    defaults: dict[str, list[Row]] = {
        "technicians": [
            technician(),
            technician(id="T02", name="Li Na", regions="", skills="install:2", max_visits=""),
        ],
        "visits": [
            visit(),
            visit(
                id="V002",
                type="install",
                required_skills="install",
                parts="",
                window_start="",
                window_end="",
                preferred_technician="",
            ),
        ],
        "parts": [part()],
        "regions": [region(), region(id="haidian", name="海淀区", name_en="Haidian")],
    }
    folder.mkdir(parents=True, exist_ok=True)
    given = {"technicians": technicians, "visits": visits, "parts": parts, "regions": regions}
    for name, table in given.items():
        if table == "default":
            table = defaults[name]
        if table is not None:
            text = table if isinstance(table, str) else csv_text(table)
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    if settings is not None:
        (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    if org is not None:
        (folder / "org.yaml").write_text(org, encoding="utf-8")
    return folder


def found(
    loaded: Loaded,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    severity: str | None = None,
    contains: str = "",
) -> list[Problem]:
    """The problems matching every criterion given."""
    return [
        p
        for p in loaded.problems
        if (file is None or p.file == file)
        and (row is None or p.row == row)
        and (column is None or p.column == column)
        and (severity is None or p.severity == severity)
        and contains in p.message
    ]


def only_problem(loaded: Loaded) -> Problem:
    """The single problem a one-mistake dataset must produce."""
    assert len(loaded.problems) == 1, [str(p) for p in loaded.problems]
    return loaded.problems[0]


def read_ok(path: str | Path, horizon_days: int | None = None) -> Dataset:
    """The dataset at ``path``, which must read without errors (else the test fails naming its problems)."""
    loaded = read_dataset(path, horizon_days)
    assert loaded.dataset is not None, [str(p) for p in loaded.problems]
    return loaded.dataset
