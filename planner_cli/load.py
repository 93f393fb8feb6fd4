"""Reading a dataset for a command: every problem printed where it is, and the dataset or nothing.

Every command that takes a dataset reads it here, so the located
messages (file, row, column, what is wrong) and the closing count read
the same whatever the command; the command then exits ``Exit.BAD_INPUT``.
Problems are printed in the command's language (``--lang``, else the
terminal's locale, ``planner_cli.lang.COMMAND_LANG``), so no command has
to pass it down to every place that reads a file; the rules a plan
breaks, which commands print after checking it, too.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Protocol, TextIO

from planner.domain import Dataset
from planner.io import read_dataset
from planner.problem_words import say_zh
from planner.problems import Problem, errors
from planner_cli.lang import COMMAND_LANG


def print_problems(problems: Iterable[Problem]) -> None:
    """Every problem on standard error, one a line, as the loaders located it, in ``COMMAND_LANG``."""
    for problem in problems:
        print(problem.said(COMMAND_LANG.get()), file=sys.stderr)


class Broken(Protocol):
    """A broken rule of a plan or a roster, as the checkers report it."""

    def said(self, lang: str) -> str: ...


def print_violations(violations: Iterable[Broken], file: TextIO | None = None, before: str = "") -> None:
    """Every broken rule, one a line after ``before``, in ``COMMAND_LANG``, on ``file`` (standard error)."""
    for violation in violations:
        print(before + violation.said(COMMAND_LANG.get()), file=file or sys.stderr)


def report_problems(problems: Iterable[Problem], what: str) -> bool:
    """Print every problem; True, after the count of errors and ``what`` that means, when any is an error."""
    problems = list(problems)
    print_problems(problems)
    if errors(problems):
        count = len(errors(problems))
        said = f"共 {count} 个错误：{say_zh(what)}" if COMMAND_LANG.get() == "zh" else f"{count} error(s): {what}"
        print(said, file=sys.stderr)
        return True
    return False


def load_dataset(path: str, purpose: str = "planned", horizon_days: int | None = None) -> Dataset | None:
    """The dataset at ``path`` (over ``horizon_days`` when given), or None after printing every problem and
    that it ``cannot be <purpose>``."""
    loaded = read_dataset(path, horizon_days)
    if report_problems(loaded.problems, f"{path} cannot be {purpose}"):
        return None
    return loaded.dataset
