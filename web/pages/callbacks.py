"""Customer service's call list (回访) and the manager's escalation list: staff only (names and phones)."""

from __future__ import annotations

import datetime as dt

from flask import abort, request, url_for

from planner.history.escalations import escalation_list
from planner.store.calendar import stored_calendar
from planner.store.callbacks import call_list, department_timezone
from planner.store.clock import now_in
from planner.store.followup_settings import service_rules
from planner.store.records import kpi_names, store_history
from web.auth import staff_required
from web.current import get_workorders
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import render_page
from web.views.followup import call_cards, escalation_rows, outcome_buttons


def _store():
    database = get_workorders()
    if database is None:
        abort(404)
    return database


@bp.get("/callbacks")
@staff_required
def callbacks() -> str:
    """Today's calls (``?date=`` for another day), overdue first, with tap-to-call and outcome buttons."""
    lang = request_lang()
    database = _store()
    try:
        today = (
            dt.date.fromisoformat(request.args["date"])
            if request.args.get("date")
            else now_in(department_timezone(database)).date()
        )
    except ValueError:
        abort(404)
    with database.transaction() as session:
        calendar = stored_calendar(session)
    cards = call_cards(call_list(database, today), today, kpi_names(database, "technician"), calendar, lang)
    return render_page(
        "callbacks.html",
        lang,
        cards=cards,
        today=today.isoformat(),
        buttons=outcome_buttons(lang),
        api=url_for("api.set_callback_outcome", visit_id="__VISIT__"),
    )


@bp.get("/escalations")
@staff_required
def escalations() -> str:
    """Complaints past their deadline, or open a month, for the manager: major and longest overdue first."""
    lang = request_lang()
    database = _store()
    history = store_history(database)
    found = escalation_list(history.orders, history.statuses, now_in(history.timezone), service_rules(database))
    return render_page("escalations.html", lang, rows=escalation_rows(found, lang))
