"""The week view of a multi-day plan (staff only, like the board it leads to)."""

from __future__ import annotations

import datetime as dt

from web.auth import staff_required
from web.current import get_store
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import day_or_404, page_url, parse_date, render_page
from web.store import Day
from web.views.week import week_model

#: The most days the view puts side by side (a horizon is at most a month; a screen shows two weeks).
MOST_DAYS = 14


def days_from(first: dt.date) -> list[Day]:
    """The planned days from ``first`` on, date after date, up to the first date without a plan."""
    days = [day_or_404(first)]
    store = get_store()
    while len(days) < MOST_DAYS:
        following = store.day(days[-1].plan.date + dt.timedelta(days=1))
        if following is None:
            break
        days.append(following)
    return days


def week_url(date: dt.date) -> str | None:
    """The week view from ``date`` when the day after it is planned too, else None (one day is the board)."""
    if get_store().day(date + dt.timedelta(days=1)) is None:
        return None
    return page_url("pages.week", date=date.isoformat())


@bp.get("/w/<date>/")
@staff_required
def week(date: str) -> str:
    """Technician x day: visits and load per cell; a cell opens that day's board."""
    lang = request_lang()
    model = week_model(days_from(parse_date(date)), lang, lambda d: page_url("pages.board", date=d))
    return render_page("week.html", lang, model=model)
