"""Instants and local days as SQL, the same on SQLite and PostgreSQL.

The KPIs count events on the department's local dates (``Asia/Shanghai``
by default) and group them into days, ISO weeks and months. Counting
months of history in Python means reading every order; in SQL the
database groups and only the sums come back. The two databases spell
time differently, so this is the one place that knows both spellings:

- an instant is whole seconds since 1970 (UTC), as the work order keeps
  the facts of its history (``order_facts``), or a naive UTC ``DateTime``
  turned into them;
- a local day is a day number (days since 1970-01-01): the instant plus
  the zone's offset, divided by 86,400. SQLite knows no time zones, so
  the zone's offsets over the years the store spans are written into the
  SQL (one number for China, which has had no summer time since 1991;
  one branch per change elsewhere), and PostgreSQL gets the same SQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from sqlalchemy import BigInteger, Date, Text, case, cast, func, literal
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql import ColumnElement

from planner.history.periods import Period, PeriodKind
from planner.store.clock import day_bounds

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _offsets(zone: zoneinfo.ZoneInfo, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(from this UTC second on, the zone's offset in seconds) over ``first``..``last``, in order."""

    def offset(second: int) -> int:
        aware = dt.datetime.fromtimestamp(second, zone)  # zone-aware, so it always has an offset
        return int((aware.utcoffset() or dt.timedelta()).total_seconds())

    second = int((dt.datetime.combine(first, dt.time(), dt.UTC) - _EPOCH).total_seconds())
    stop = int((dt.datetime.combine(last, dt.time(), dt.UTC) - _EPOCH).total_seconds())
    found = [(-(2**62), offset(second))]
    day = 86400
    while second < stop:
        if offset(second + day) != found[-1][1]:
            low, high = second, second + day  # the change lies in (low, high]: halve to the second
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == found[-1][1] else (low, middle)
            found.append((high, offset(high)))
        second += day
    return found


#: A column of a table or an expression over columns.
Column = ColumnElement[Any] | QueryableAttribute[Any]


class LocalClock:
    """SQL for instants and local days in one time zone on one database (``dialect``: sqlite or postgresql).

    Days are numbers (days since 1970-01-01) rather than dates: the
    database then compares, groups and buckets integers, which is many
    times cheaper than formatting a date per order per figure.
    """

    def __init__(self, dialect: str, timezone: str, first: dt.date, last: dt.date) -> None:
        """``first``..``last``: the dates the store's instants fall in (the zone's offsets are looked up there)."""
        self.postgres = dialect == "postgresql"
        self.timezone = timezone
        self._offsets = _offsets(zoneinfo.ZoneInfo(timezone), first - dt.timedelta(days=2), last + dt.timedelta(days=2))

    def _offset(self, second: Column) -> ColumnElement[Any]:
        """The zone's offset in seconds at an instant (one number for China: no daylight saving since 1991)."""
        if len(self._offsets) == 1:
            return literal(self._offsets[0][1], BigInteger)
        return case(
            *[(second < start, before) for (_, before), (start, _) in zip(self._offsets, self._offsets[1:])],
            else_=self._offsets[-1][1],
        )

    def utc_second(self, moment: Column) -> ColumnElement[Any]:
        """A naive UTC ``DateTime`` as whole seconds since 1970."""
        if self.postgres:
            return cast(func.floor(func.extract("epoch", moment)), BigInteger)
        return cast(func.strftime("%s", moment), BigInteger)

    def utc_span(self, first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """Local midnight before ``first`` and after ``last`` as the store's naive UTC: a raw ``DateTime`` column
        compared with these uses its index, where its local day number would be worked out row by row."""
        return day_bounds(first, self.timezone)[0], day_bounds(last, self.timezone)[1]

    def date_number(self, day: Column) -> ColumnElement[Any]:
        """A ``Date`` column as days since 1970-01-01."""
        if self.postgres:
            return cast(day - literal(_EPOCH.date(), Date), BigInteger)
        return cast(func.julianday(day) - 2440587.5, BigInteger)

    def day_number(self, second: Column) -> ColumnElement[Any]:
        """The local day (days since 1970-01-01) of an instant given in whole seconds since 1970."""
        return (second + self._offset(second)) // 86400

    def joined(self, number: Column) -> ColumnElement[Any]:
        """Whole numbers of a group as one text, comma between: a few rows to read where each number
        would be a row of its own."""
        if self.postgres:
            return func.string_agg(cast(number, Text), ",")
        return func.group_concat(number)

    @staticmethod
    def period_start(day: ColumnElement[Any], kind: PeriodKind, spans: list[Period]) -> ColumnElement[Any]:
        """The day number of the day, ISO week (Monday) or month of ``spans`` holding a day number in their range."""
        if kind == "day":
            return day
        if kind == "week":
            return day - (day + 3) % 7  # 1970-01-01 was a Thursday
        if len(spans) == 1:
            return literal(day_number(spans[0].start), BigInteger)
        return case(
            *[
                (day < day_number(later.start), day_number(earlier.start))
                for earlier, later in itertools.pairwise(spans)
            ],
            else_=day_number(spans[-1].start),
        )


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH.date()).days


def number_day(number: int) -> dt.date:
    """The date of a day number."""
    return _EPOCH.date() + dt.timedelta(days=int(number))
