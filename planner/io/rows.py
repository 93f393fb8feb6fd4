"""Reading the typed fields of one raw row, noting every bad cell.

A ``RowReader`` never stops at a bad cell: it records a problem pointing
at the cell and carries on, so one pass over a file lists everything a
dispatcher has to fix. The fields that did parse are kept (even on a row
with errors) so that cross-record checks such as duplicate ids still see
the row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from planner.io.cells import CellError, show
from planner.io.tables import Cell, RawRow, RawTable
from planner.problems import Problem
from planner.validate import Record

T = TypeVar("T")


class RowReader:
    """Collects the model fields of one row and the problems found in it."""

    def __init__(self, table: RawTable, row: RawRow, problems: list[Problem]):
        self.table = table
        self.row = row
        self.problems = problems
        self.fields: dict[str, Any] = {}
        self.unreadable: set[str] = set()

    def take(
        self, column: str, parse: Callable[[Cell], T], *, required: bool = False, field: str | None = None
    ) -> T | None:
        """Parse ``column`` into ``fields[field or column]``; None when empty or bad.

        An empty required cell is reported only when the column exists:
        a missing column was already reported once for the whole table.
        """
        value = self.row.get(column)
        if value is None:
            if required and column in self.table.columns:
                self.error(column, f"{column} is empty; every row needs one")
            return None
        try:
            parsed = parse(value)
        except CellError as exc:
            self.error(column, f"{column} {show(value)} {exc}")
            self.unreadable.add(column)
            return None
        self.fields[field or column] = parsed
        return parsed

    def error(self, column: str | None, message: str) -> None:
        """Note an error located at this row."""
        self.problems.append(Problem(self.row.file, self.row.row, column, message))

    def record(self) -> Record:
        """The row's parsed fields with its location, for cross-record checks."""
        return Record(self.row.file, self.row.row, dict(self.fields), frozenset(self.unreadable))
