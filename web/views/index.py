"""The start page's model: the planned days, newest first, with headline counts only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from web.i18n import weekday_label
from web.store import Day
from web.views.board import kpis_of


def index_model(
    days: Iterable[Day],
    lang: str,
    board_url: Callable[[str], str],
    org_url: Callable[[str], str],
    week_url: Callable[[str], str | None] = lambda date: None,
) -> dict:
    """One row per day: date, weekday, visits planned of all, technicians out; no customer data;
    ``week_url`` the week view from that day, when there is one."""
    rows = []
    for day in days:
        kpis = kpis_of(day.dataset, day.plan)
        date = day.plan.date.isoformat()
        rows.append(
            {
                "date": date,
                "weekday": weekday_label(day.plan.date.weekday(), lang),
                "served": f"{kpis['visits_served']} / {kpis['visits_total']}",
                "technicians": f"{kpis['technicians_used']} / {len(day.dataset.technicians)}",
                "board_url": board_url(date),
                "org_url": org_url(date),
                "week_url": week_url(date),
            }
        )
    return {"days": rows}
