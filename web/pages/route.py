"""A technician's route page and calendar file (their signed link, or staff).

A missing link token sends the visitor to the staff login; a wrong or
expired one is refused outright (403), since logging in cannot fix it
for a technician: the page says to ask the dispatcher for today's link.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, make_response, request, url_for

from planner.io.ics import route_calendar
from planner.store import orders
from web.auth import AccessDenied, technician_allowed
from web.current import get_workorders
from web.edit_log import recorded
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import day_or_404, map_tiles, page_url, parse_date, render_page, with_tiles_allowed
from web.store import Day
from web.views.field_status import route_status_model
from web.views.maps import live_map
from web.views.route import route_page_model


def allowed_day(date: str, technician_id: str) -> Day:
    """Check access first (so strangers learn nothing), then that the day and technician exist."""
    day_date = parse_date(date)
    token = request.args.get("k")
    if not technician_allowed(day_date, technician_id, token):
        if not token:
            raise AccessDenied()
        abort(make_response(render_page("link_refused.html", request_lang()), 403))
    day = day_or_404(day_date)
    if technician_id not in {t.id for t in day.dataset.technicians}:
        abort(404)
    return day


@bp.get("/d/<date>/t/<technician_id>")
def technician_route(date: str, technician_id: str) -> Response:
    """The day in order, phone first."""
    day = allowed_day(date, technician_id)
    lang = request_lang()
    token = request.args.get("k")
    ics = page_url(
        "pages.technician_calendar", date=date, technician_id=technician_id, **({"k": token} if token else {})
    )
    model = route_page_model(day.dataset, day.plan, technician_id, lang, ics)
    tiles = map_tiles()
    live = (
        live_map(day.dataset, day.plan, lang, tiles, [technician_id], sketch=True)
        if tiles and model["has_route"]
        else None
    )
    return with_tiles_allowed(
        render_page(
            "route.html",
            lang,
            model=model,
            live_map=live,
            status=field_status(day, technician_id, token, lang),
            edits=dispatcher_changes(day, technician_id, lang),
        ),
        tiles,
    )


def dispatcher_changes(day: Day, technician_id: str, lang: str) -> list[dict]:
    """The board's recorded edits that changed this technician's route: when, and what (ids and names only)."""
    return recorded(day.plan.date, day.plan.timezone, lang, technician_id)


def field_status(day: Day, technician_id: str, token: str | None, lang: str) -> dict | None:
    """The status buttons' model when the app keeps work orders, else None (no buttons)."""
    database = get_workorders()
    route = day.plan.route_of(technician_id)
    if database is None or route is None:
        return None
    ids = {stop.visit_id for stop in route.stops}
    states = {state.visit_id: state for state in orders(database, ids=ids, with_history=False)}
    signed: dict[str, Any] = {"k": token} if token else {}
    api = url_for("api.set_status", visit_id="__VISIT__", **signed)
    key = f"planner.status-queue.{day.plan.date.isoformat()}.{technician_id}"
    return route_status_model(day.dataset, states, api, key, lang)


@bp.get("/d/<date>/t/<technician_id>.ics")
def technician_calendar(date: str, technician_id: str) -> Response:
    """The same day as an iCalendar file, one event per visit."""
    day = allowed_day(date, technician_id)
    text = route_calendar(day.dataset, day.plan, technician_id, request_lang())
    return Response(
        text.encode("utf-8"),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{date}-{technician_id}.ics"'},
    )
