"""Cells of CSV files written for people to open in Excel: text never runs as a formula.

Excel (and WPS) treat a cell starting with ``=``, ``+``, ``-`` or ``@`` as
a formula, and a tab or carriage return in front does not stop them. A
technician's name or a customer's note typed like ``=HYPERLINK(...)``
would then run on the dispatcher's machine (CSV injection). Every CSV the
planner writes for people (``roster.csv``, the scenarios'
``comparison.csv``, a dataset's tables) passes its cells through
``excel_text``, and the dataset readers undo it with ``plain_text``, so a
written dataset still reads back equal.

The rule, as ``docs/formats.md`` states it: a text cell starting with one
of those characters gets an apostrophe in front, as Excel itself shows
text that looks like a formula; a text that is wholly a number (``-3``,
``+86``, ``-1.5e3``) is left alone, since Excel reads it as that number
and runs nothing; numbers are never changed. Text that already starts
with apostrophes before such a character gets one more, so the reader's
removal of exactly one is never ambiguous.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def _formula_like(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def excel_text(value: object) -> object:
    """``value`` as a CSV cell Excel shows as written: formula-like text behind an apostrophe."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def plain_text(text: str) -> str:
    """The text ``excel_text`` was given: one protecting apostrophe removed."""
    return text[1:] if _NEUTRALISED.match(text) else text
