"""Days, weeks and months of a date range: the rows of a KPI trend.

Weeks are ISO weeks (Monday first, as 周一 starts the week in China) and
months calendar months; the first and last periods are cut at the range,
so a report from the 15th counts nothing from the 1st.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeGuard

from planner.domain import Frozen

PeriodKind = Literal["day", "week", "month"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("day", "week", "month")


def is_period_kind(value: str) -> TypeGuard[PeriodKind]:
    """Whether ``value`` names a kind of period (``PERIOD_KINDS``)."""
    return value in PERIOD_KINDS


class Period(Frozen):
    """One row's time span, both ends included, with its label (2026-11-23, 2026-W48, 2026-11)."""

    label: str
    start: dt.date
    end: dt.date


#: Longest range a KPI report may span: ten years of daily rows is already more than anyone reads,
#: and a range from year 1 would make the server count millions of empty days.
MAX_RANGE_DAYS = 3660


class DateRangeError(ValueError):
    """A range that ends before it starts, or spans more than ``MAX_RANGE_DAYS``; the message says both dates."""


def check_range(start: dt.date, end: dt.date) -> None:
    """Refuse a range ending before it starts or longer than ten years (the CLI exits 2, the API answers 422)."""
    if end < start:
        raise DateRangeError(f"the date range ends ({end}) before it starts ({start})")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise DateRangeError(
            f"the date range {start} to {end} spans more than {MAX_RANGE_DAYS} days; ask for at most ten years"
        )


def periods(start: dt.date, end: dt.date, kind: PeriodKind) -> list[Period]:
    """The periods covering ``start``..``end`` in order, cut at both ends."""
    check_range(start, end)
    found: list[Period] = []
    day = start
    while day <= end:
        last = min(end, _period_end(day, kind))
        found.append(Period(label=_label(day, kind), start=day, end=last))
        day = last + dt.timedelta(days=1)
    return found


def _period_end(day: dt.date, kind: PeriodKind) -> dt.date:
    if kind == "day":
        return day
    if kind == "week":
        return day + dt.timedelta(days=6 - day.weekday())
    return month_span(day)[1]


def month_span(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month holding ``day``."""
    first = day.replace(day=1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _label(day: dt.date, kind: PeriodKind) -> str:
    if kind == "day":
        return day.isoformat()
    if kind == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"
