"""Printed paperwork of a day: technicians' work order sheets and the parts pick list (staff only).

The sheets carry customers, phones and addresses, so only staff open
them; the pick list carries none, but it is a page of the office like
the board, and the static site publishes its own copy.
"""

from __future__ import annotations

from flask import abort

from web.auth import staff_required
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import day_or_404, parse_date, render_page
from web.views.paperwork import pick_list, work_order_sheet, work_order_sheets


@bp.get("/d/<date>/work-orders")
@staff_required
def work_orders(date: str) -> str:
    """Every technician's 派工单 of the day, one A4 page each, in order of departure."""
    day = day_or_404(parse_date(date))
    lang = request_lang()
    return render_page("work_orders.html", lang, date=date, sheets=work_order_sheets(day.dataset, day.plan, lang))


@bp.get("/d/<date>/t/<technician_id>/work-order")
@staff_required
def technician_work_order(date: str, technician_id: str) -> str:
    """One technician's 派工单."""
    day = day_or_404(parse_date(date))
    lang = request_lang()
    try:
        sheet = work_order_sheet(day.dataset, day.plan, technician_id, lang)
    except KeyError:
        abort(404)
    return render_page("work_orders.html", lang, date=date, sheets=[sheet])


@bp.get("/d/<date>/pick-list")
@staff_required
def parts_pick_list(date: str) -> str:
    """The parts desk's 配件领料单: who collects what, and the totals per part."""
    day = day_or_404(parse_date(date))
    lang = request_lang()
    return render_page("pick_list.html", lang, model=pick_list(day.dataset, day.plan, lang))
