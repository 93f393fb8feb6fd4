"""Problems found in input files, reported all at once.

A dispatcher fixes a spreadsheet in one pass only if every problem is
listed together, each pointing at the file, the row and the column, so
loaders collect ``Problem`` values instead of raising on the first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.problem_words import say_zh

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
        return self.said("en")

    @property
    def message_zh(self) -> str:
        """The message in Chinese (see ``planner.problem_words``); English when no entry reads it."""
        return say_zh(self.message)

    def said(self, lang: str) -> str:
        """The located problem as a person reads it: ``zh`` in Chinese, anything else in English.

        ``error: technicians.csv, row 3, column shift_end: ...`` reads in
        Chinese ``错误：technicians.csv 第 3 行，shift_end 列：...``; the
        file, row and column are named the same way in both.
        """
        if lang == "zh":
            where = self.file + (f" 第 {self.row} 行" if self.row is not None else "")
            where += f"，{self.column} 列" if self.column else ""
            return f"{_SEVERITY_ZH[self.severity]}：{where}：{self.message_zh}"
        where = self.file
        if self.row is not None:
            where += f", {'line' if self.file.endswith(('.yaml', '.yml')) else 'row'} {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{self.severity}: {where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The JSON form used by the API's 422 answers: ``message`` in English, ``message_zh`` in Chinese."""
        return {
            "severity": self.severity,
            "table": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "message_zh": self.message_zh,
        }


_SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告"}


def errors(problems: tuple[Problem, ...] | list[Problem]) -> list[Problem]:
    """Only the problems that stop the day from being planned."""
    return [p for p in problems if p.severity == "error"]


class InvalidInput(Exception):
    """Raised by callers that cannot go on: carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(f"{len(errors(self.problems))} error(s) in the input")
