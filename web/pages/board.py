"""The dispatch board of one day (staff only: it shows customers)."""

from __future__ import annotations

from flask import Response, current_app, url_for

from web.auth import staff_required, technician_token
from web.pages import bp
from web.pages.context import (day_or_404, map_tiles, page_lang, page_url, parse_date, render_page,
                               with_tiles_allowed)
from web.views.board import board_model
from web.views.maps import live_map


@bp.get("/d/<date>/")
@staff_required
def board(date: str) -> Response:
    """KPIs, timeline, route map, unassigned visits and each technician's signed link."""
    day_date = parse_date(date)
    day = day_or_404(day_date)
    lang = page_lang()

    def signed_link(technician_id: str) -> str:
        return url_for("pages.technician_route", date=date, technician_id=technician_id,
                       k=technician_token(day_date, technician_id), _external=True)

    model = board_model(day.dataset, day.plan, lang, signed_link, day.changes,
                        lambda technician_id: page_url("pages.technician_work_order", date=date,
                                                       technician_id=technician_id))
    tiles = map_tiles()
    html = render_page("board.html", lang, model=model, link_days=current_app.config.get("PLANNER_LINK_DAYS", 2),
                       org_url=page_url("pages.day_org", date=date),
                       paper_urls={"work_orders": page_url("pages.work_orders", date=date),
                                   "pick_list": page_url("pages.parts_pick_list", date=date)},
                       live_map=live_map(day.dataset, day.plan, lang, tiles) if tiles else None)
    return with_tiles_allowed(html, tiles)
