"""Callbacks, escalations and KPIs over the API (staff only).

Every rule is the library's: ``planner.store.callbacks`` records an
outcome (and the complaint it opens), ``planner.history`` computes the
figures and the escalation list. This module reads requests and words
answers: 404 for an unknown order, 409 for one not done or already
settled (with the first outcome's time), 422 for a body that cannot be
used or a date range ending before it starts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, request
from werkzeug.exceptions import NotFound

from planner.callbacks import OUTCOMES, Callback, CallbackRefused
from planner.history.escalations import escalation_list
from planner.history.kpis import BY_KINDS, is_by
from planner.history.periods import PERIOD_KINDS, DateRangeError, check_range, is_period_kind
from planner.history.report import as_json
from planner.problems import Problem
from planner.store.callbacks import call_list, department_timezone, record_callback
from planner.store.clock import now_in
from planner.store.followup_settings import service_rules
from planner.store.kpi_query import kpi_rows
from planner.store.records import kpi_names, store_history
from web.api.blueprint import bp
from web.api.body import REQUEST
from web.api.replies import json_response
from web.api.visits import _moment, field_report, invalid_request, workorders
from web.auth import staff_login, staff_required

CALLBACK_KEYS = ("outcome", "note", "client_id", "at")


def callback_json(callback: Callback, complaint_id: str | None = None) -> dict[str, Any]:
    """A callback as the API gives it: no customer details, every attempt."""
    return {
        "visit_id": callback.visit_id,
        "due_date": callback.due_date.isoformat(),
        "done_at": callback.done_at.isoformat(),
        "outcome": callback.outcome,
        "closed_at": callback.closed_at.isoformat() if callback.closed_at else None,
        "attempts": [
            {"outcome": a.outcome, "at": a.at.isoformat(), "by": a.by, "note": a.note, "client_id": a.client_id}
            for a in callback.attempts
        ],
        "complaint_id": complaint_id,
    }


def read_outcome() -> tuple[dict[str, Any] | None, list[Problem]]:
    """The body as the fields of an attempt; every problem at once."""
    body, problems = field_report(CALLBACK_KEYS, "outcome", OUTCOMES)
    if body is None:
        return None, problems
    outcome, client_id, note = body.get("outcome"), body.get("client_id"), body.get("note")
    at = _moment(body.get("at"), problems)
    if problems:
        return None, problems
    return {"outcome": outcome, "client_id": client_id, "note": note or "", "at": at}, []


@bp.post("/visits/<visit_id>/callback")
@staff_required
def set_callback_outcome(visit_id: str) -> Response:
    """Record one call's outcome; an unsatisfied customer opens a complaint order linked to this one."""
    database = workorders()
    fields, problems = read_outcome()
    if fields is None:
        return invalid_request(problems)
    try:
        callback, complaint = record_callback(
            database,
            visit_id,
            fields["outcome"],
            staff_login(),
            fields["client_id"],
            at=fields["at"],
            note=fields["note"],
        )
    except CallbackRefused as refused:
        if refused.code == "unknown_order":
            raise NotFound(refused.message_en) from None
        body: dict[str, Any] = {"error": refused.code, "message": refused.message_en, "message_zh": refused.message}
        first = refused.first_at
        if first is not None:
            body["first_at"] = first.isoformat()
        return json_response(body, 422 if refused.code == "before_done" else 409)
    return json_response(callback_json(callback, complaint))


def _day(name: str, problems: list[Problem]) -> dt.date | None:
    text = request.args.get(name)
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        problems.append(Problem(REQUEST, None, name, f"{name} must be a date written YYYY-MM-DD"))
        return None


@bp.get("/callbacks")
@staff_required
def list_callbacks() -> Response:
    """The day's calls (``date``, default today): open callbacks of orders done by then, overdue first."""
    database = workorders()
    problems: list[Problem] = []
    today = _day("date", problems) or now_in(department_timezone(database)).date()
    if problems:
        return invalid_request(problems)
    return json_response(
        {
            "date": today.isoformat(),
            "callbacks": [
                {**callback_json(entry.callback), "overdue": entry.callback.is_overdue(today)}
                for entry in call_list(database, today)
            ],
        }
    )


@bp.get("/escalations")
@staff_required
def list_escalations() -> Response:
    """Complaints past a deadline or open a month, major and longest overdue first."""
    history = store_history(workorders())
    found = escalation_list(history.orders, history.statuses, now_in(history.timezone), service_rules(workorders()))
    return json_response({"escalations": [e.model_dump(mode="json") for e in found]})


@bp.get("/kpis")
@staff_required
def get_kpis() -> Response:
    """The contract's KPIs for ``from``..``to`` by department, group or technician, per day, week or month."""
    database = workorders()
    problems: list[Problem] = []
    start, end = _day("from", problems), _day("to", problems)
    for name, value in (("from", start), ("to", end)):
        if value is None and not request.args.get(name):  # missing or empty
            problems.append(Problem(REQUEST, None, name, f"{name} is required, YYYY-MM-DD"))
    by, period = request.args.get("by", "department"), request.args.get("period", "day")
    if not is_by(by):
        problems.append(Problem(REQUEST, None, "by", f"by must be one of {', '.join(BY_KINDS)}"))
    if not is_period_kind(period):
        problems.append(Problem(REQUEST, None, "period", f"period must be one of {', '.join(PERIOD_KINDS)}"))
    if start and end:
        try:
            check_range(start, end)
        except DateRangeError as exc:
            problems.append(Problem(REQUEST, None, "to", str(exc)))
    if problems or start is None or end is None or not is_by(by) or not is_period_kind(period):
        return invalid_request(problems)
    rows = kpi_rows(database, start, end, by=by, period=period)
    return json_response(
        {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "by": by,
            "period": period,
            "rows": as_json(rows, kpi_names(database, by)),
        }
    )
