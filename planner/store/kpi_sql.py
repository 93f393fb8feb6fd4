"""The orders' facts read as one text per column, the same numbers on SQLite and PostgreSQL.

The KPIs are counted in NumPy (``kpi_count``) over whole columns: every
order's key, dates as day numbers, instants as whole UTC seconds. Read
row by row, each of 180,000 orders' dozen values becomes a Python object
in the driver, which costs more than all the counting. So each column
comes back as one text, its values joined by ``SEPARATOR`` (the
databases join in C), and NumPy parses it: a dozen values cross the
driver instead of two million. Every aggregate of one statement reads
the rows in the same order, so the n-th value of every column is the
same order's. A value that is not there (an order not done, a callback
not called) is ``NEVER`` for a number, empty for a text: joining skips
NULL, which would shift the column.

The two databases spell this differently, and this is the one place
that knows both: SQLite keeps dates and times as ISO text, which NumPy
parses several times faster than SQLite's date functions turn them into
numbers; PostgreSQL turns its dates and times into numbers for next to
nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, Date, Text, cast, func, literal
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql import ColumnElement

#: A fact that is not there: an instant or day after every other.
NEVER = 2**62
#: Between the values of a column: a control character no key, type or outcome contains.
SEPARATOR = "\x1f"
_EPOCH = dt.date(1970, 1, 1)

Numbers = npt.NDArray[np.int64]
_Values = TypeVar("_Values", Numbers, list[str])
#: A column of a table or an expression over columns.
Column = ColumnElement[Any] | QueryableAttribute[Any]


def constant(value: int | str) -> ColumnElement[Any]:
    """A constant written into the SQL rather than bound: SQLite reads a bound value again for every row,
    which makes joining 180,000 orders' columns a third slower."""
    return literal(value, literal_execute=True)


class ColumnText:
    """Columns of every row as one text each, and those texts as arrays, on one database (sqlite or postgresql)."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgresql"

    def _joined(self, value: Column) -> ColumnElement[Any]:
        if self.postgres:
            return func.string_agg(cast(value, Text), constant(SEPARATOR))
        return func.group_concat(value, constant(SEPARATOR))

    def numbers(self, column: Column) -> ColumnElement[Any]:
        """Whole numbers, ``NEVER`` for NULL (read with ``read_numbers``)."""
        return self._joined(func.coalesce(column, constant(NEVER)))

    def texts(self, column: Column) -> ColumnElement[Any]:
        """Texts, empty for NULL (read with ``read_texts``)."""
        return self._joined(func.coalesce(column, constant("")))

    def days(self, day: Column) -> ColumnElement[Any]:
        """A ``Date`` column: day numbers from PostgreSQL, the ISO text SQLite keeps (read with ``read_days``)."""
        if self.postgres:
            return self.numbers(cast(day - literal(_EPOCH, Date), BigInteger))
        return self.texts(day)

    def instants(self, moment: Column) -> ColumnElement[Any]:
        """A naive UTC ``DateTime`` column: whole seconds from PostgreSQL, ISO text from SQLite (``read_instants``)."""
        if self.postgres:
            return self.numbers(cast(func.floor(func.extract("epoch", moment)), BigInteger))
        return self.texts(moment)

    def read_days(self, text: str, count: int) -> Numbers:
        """Day numbers (days since 1970-01-01), ``NEVER`` for none."""
        return read_numbers(text, count) if self.postgres else _iso(text, count, "datetime64[D]")

    def read_instants(self, text: str, count: int) -> Numbers:
        """Whole UTC seconds since 1970 (fractions dropped), ``NEVER`` for none."""
        return read_numbers(text, count) if self.postgres else _iso(text, count, "datetime64[s]")


def read_numbers(text: str, count: int) -> Numbers:
    """The ``count`` whole numbers of one column's text."""
    return _counted(np.fromstring(text, dtype=np.int64, sep=SEPARATOR), count)


def read_texts(text: str, count: int) -> list[str]:
    """The ``count`` texts of one column's text."""
    return _counted(text.split(SEPARATOR), count)


def _iso(text: str, count: int, unit: str) -> Numbers:
    moments = np.array(read_texts(text, count), dtype=unit)
    return np.where(np.isnat(moments), NEVER, moments.astype(np.int64))


def _counted(values: _Values, count: int) -> _Values:
    """``values``, when there is one for each of ``count`` rows: a text holding ``SEPARATOR`` would shift the rest."""
    if len(values) != count:
        raise ValueError(f"{len(values)} values for {count} rows: a text holds the separator U+{ord(SEPARATOR):04X}")
    return values
