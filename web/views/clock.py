"""Clock and number formatting shared by the view models.

Plans carry aware datetimes; the pages place them on a common clock of
minutes after midnight of the plan date (the dataset's own unit).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from planner.domain import Visit, hhmm
from planner.plan import Plan
from web.i18n import translator


def minute_of_day(value: dt.datetime, day: dt.date, timezone: str) -> int:
    """Minutes after local midnight of ``day`` (a time after midnight counts past 24:00)."""
    tz = ZoneInfo(timezone)
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return int((value.astimezone(tz) - midnight).total_seconds() // 60)


def clock_text(minutes: int | None) -> str:
    """``HH:MM`` or an empty string when there is no time."""
    return "" if minutes is None else hhmm(minutes)


def window_text(start: int | None, end: int | None, any_time: str) -> str:
    """An arrival window as ``09:00–11:00``, open ends as ``09:00–`` / ``–11:00``."""
    if start is None and end is None:
        return any_time
    return f"{clock_text(start)}–{clock_text(end)}"


def percent(share: float) -> str:
    """0.829 -> ``82.9%``."""
    return f"{share * 100:.1f}%"


def km_text(km: float) -> str:
    """Kilometres with one decimal."""
    return f"{km:.1f}"


def plan_minute(plan: Plan, value: dt.datetime) -> int:
    """Minutes after midnight of the plan's own date and time zone."""
    return minute_of_day(value, plan.date, plan.timezone)


def plan_clock(plan: Plan, value: dt.datetime) -> str:
    """``HH:MM`` of a plan time on the plan's clock."""
    return clock_text(plan_minute(plan, value))


def overdue_text(visit: Visit, plan_date: dt.date, lang: str) -> str:
    """``逾期 3 天`` for a visit past its due date on the plan date; empty when it is not overdue."""
    days = visit.days_overdue(plan_date)
    return translator(lang)("overdue", days=days) if days else ""
