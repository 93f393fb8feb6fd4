"""The dispatch board of one day (staff only: it shows customers)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Response, current_app, url_for

from planner.store import orders
from web.auth import staff_required, technician_token
from web.current import get_workorders
from web.edit_log import recorded
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import day_or_404, map_tiles, page_url, parse_date, render_page, with_tiles_allowed
from web.pages.week import week_url
from web.proxy import public_url_for
from web.store import Day
from web.views.board import board_model
from web.views.board_edit import edit_model
from web.views.field_status import age_days, backlog_rows, board_status_rows, labels_json
from web.views.maps import live_map

#: Orders the board lists as carried over: waiting for a plan, a call or a part.
WAITING = frozenset({"open", "rescheduled", "not_home", "needs_part"})


@bp.get("/d/<date>/")
@staff_required
def board(date: str) -> Response:
    """KPIs, timeline, route map, unassigned visits and each technician's signed link."""
    day_date = parse_date(date)
    day = day_or_404(day_date)
    lang = request_lang()

    def signed_link(technician_id: str) -> str:
        return public_url_for(
            "pages.technician_route",
            date=date,
            technician_id=technician_id,
            k=technician_token(day_date, technician_id),
        )

    model = board_model(
        day.dataset,
        day.plan,
        lang,
        signed_link,
        day.changes,
        lambda technician_id: page_url("pages.technician_work_order", date=date, technician_id=technician_id),
    )
    tiles = map_tiles()
    html = render_page(
        "board.html",
        lang,
        model=model,
        link_days=current_app.config.get("PLANNER_LINK_DAYS", 2),
        org_url=page_url("pages.day_org", date=date),
        week_url=week_url(day_date),
        paper_urls={
            "work_orders": page_url("pages.work_orders", date=date),
            "pick_list": page_url("pages.parts_pick_list", date=date),
        },
        live_map=live_map(day.dataset, day.plan, lang, tiles) if tiles else None,
        status=board_status(day, date, lang),
        edit=board_edit(day, date, lang),
    )
    return with_tiles_allowed(html, tiles)


def board_edit(day: Day, date: str, lang: str) -> dict:
    """The edit panel's choices, where it sends edits, and the day's recorded edits (newest first)."""
    model = edit_model(
        day.dataset,
        day.plan,
        lang,
        url_for("api.list_edits", date=date).rsplit("/", 1)[0],
        url_for("api.offer_slots", date=date),
    )
    model["history"] = list(reversed(recorded(day.plan.date, day.plan.timezone, lang)))
    return model


def board_status(day: Day, date: str, lang: str) -> dict | None:
    """Each planned stop's status and where the page polls for news, when the app keeps work orders."""
    database = get_workorders()
    if database is None:
        return None
    ids = {stop.visit_id for route in day.plan.routes for stop in route.stops}
    states = {state.visit_id: state for state in orders(database, ids=ids, with_history=False)}
    left_out = orders(database, ids={u.visit_id for u in day.plan.unassigned}, with_history=False)
    waiting = [state for state in orders(database, with_history=False) if state.status in WAITING]
    return {
        "rows": board_status_rows(day.dataset, day.plan, states, lang),
        "labels": labels_json(lang),
        "backlog": backlog_rows(waiting, day.plan, lang),
        "api": url_for("api.list_visits", date=date),
        "replan": url_for("api.replan_from_field", date=date),
        "day_start": day_start(day.plan.date, day.plan.timezone).isoformat(),
        "ages": {state.visit_id: age_days(state, day.plan.date) for state in left_out},
    }


def day_start(date: dt.date, timezone: str) -> dt.datetime:
    """Midnight of the plan date where the department is: the page's "now" line counts minutes from it."""
    return dt.datetime.combine(date, dt.time(), ZoneInfo(timezone))
