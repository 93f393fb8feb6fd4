"""Moments of the store: ISO text with offset as people report them, UTC for sorting.

The contract records ``at`` with its offset (what the phone said); the
store also keeps the same instant in UTC without an offset, because
SQLite keeps no offsets and "the changes of one day" must compare alike
on both databases.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def now_in(timezone: str) -> dt.datetime:
    """The current moment in the department's time zone, to the second."""
    return dt.datetime.now(ZoneInfo(timezone)).replace(microsecond=0)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC, without tzinfo (how the store's DateTime columns hold it)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def day_bounds(date: dt.date, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """Start and end (exclusive) of a local calendar day, in UTC without tzinfo."""
    zone = ZoneInfo(timezone)
    start = dt.datetime.combine(date, dt.time(), zone)
    return as_utc(start), as_utc(start + dt.timedelta(days=1))
