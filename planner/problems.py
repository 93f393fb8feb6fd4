"""Problems found in input files, reported all at once.

A dispatcher fixes a spreadsheet in one pass only if every problem is
listed together, each pointing at the file, the row and the column, so
loaders collect ``Problem`` values instead of raising on the first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (error) or worth knowing (warning) about the input.

    ``row`` is the line number a person sees in the file or the sheet
    (the header is line 1), or None for whole-file problems.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", {'line' if self.file.endswith(('.yaml', '.yml')) else 'row'} {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{self.severity}: {where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The JSON form used by the API's 422 answers."""
        return {
            "severity": self.severity,
            "table": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def errors(problems: tuple[Problem, ...] | list[Problem]) -> list[Problem]:
    """Only the problems that stop the day from being planned."""
    return [p for p in problems if p.severity == "error"]


class InvalidInput(Exception):
    """Raised by callers that cannot go on: carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(f"{len(errors(self.problems))} error(s) in the input")
