"""Work orders from the field: change a visit's status, read an order, list orders.

Staff (session or API token) may change and read any order. A technician
may change the status of a visit on their own route, with the signed
link of their route page (its ``k`` token, sent as the ``k`` query
parameter): the link says which day and which person, and the visit must
be on that person's route in that day's live plan, else 403. Every rule
(which status may follow which, client ids, versions) is the store's;
this module reads requests and words answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Response, request
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from planner.io.cells import control_refusal, show
from planner.problems import Problem
from planner.store import (
    Database,
    OrderNotFound,
    OrderState,
    StaleVersion,
    StatusAnswer,
    StatusReport,
    TransitionRefused,
    change_status,
    order,
    orders,
)
from planner.workorders import LABELS, STATUSES, refusal
from web.api.blueprint import bp
from web.api.body import REQUEST, json_document
from web.api.plans import parse_date
from web.api.replies import json_response
from web.auth import AccessDenied, is_staff, link_holder, staff_login, staff_required
from web.current import get_store, get_workorders

STATUS_KEYS = ("status", "at", "note", "client_id", "version", "part_id")
MAX_NOTE, MAX_ID = 1000, 100


def workorders() -> Database:
    """The app's store; 404 when the app runs without one."""
    database = get_workorders()
    if database is None:
        raise NotFound("this server keeps no work orders; start planner serve with a store (--db)")
    return database


def history_json(state: OrderState | StatusAnswer) -> list[dict[str, object]]:
    return [change.as_dict() for change in state.history]


def order_json(state: OrderState, with_history: bool) -> dict[str, Any]:
    """An order as staff read it: ids, times and figures, no customer details."""
    visit = state.visit
    data: dict[str, Any] = {
        "visit_id": visit.id,
        "status": state.status,
        "status_zh": LABELS[state.status][0],
        "version": state.version,
        "created_date": state.created_date.isoformat(),
        "due_date": visit.due_date.isoformat() if visit.due_date else None,
        "type": visit.type,
        "priority": visit.priority,
        "region": visit.region,
    }
    if with_history:
        data["history"] = history_json(state)
    return data


@dataclass(frozen=True)
class Sender:
    """Who sends a change: a staff login, or the technician of a signed link."""

    by: str
    technician: bool


def sender(visit_id: str) -> Sender:
    """Staff, or the technician whose link's route holds the visit: 401 for nobody, 403 for another's visit."""
    if is_staff():
        return Sender(staff_login(), False)
    token = request.args.get("k")
    holder = link_holder(token)
    if holder is None:
        if token:
            raise Forbidden("this route link is not valid (or has expired); ask the dispatcher for a new one")
        raise AccessDenied()
    date, technician_id = holder
    day = get_store().day(date)
    route = day.plan.route_of(technician_id) if day is not None else None
    if route is None or visit_id not in {stop.visit_id for stop in route.stops}:
        raise Forbidden(f"visit {visit_id} is not on your route of {date.isoformat()}")
    return Sender(technician_id, True)


def _text(body: dict, key: str, limit: int, problems: list[Problem], required: bool = False) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            problems.append(Problem(REQUEST, None, key, f"{key} is required"))
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        problems.append(Problem(REQUEST, None, key, f"{key} must be a text of 1 to {limit} characters"))
        return None
    if refusal := control_refusal(value, "an id"):
        problems.append(Problem(REQUEST, None, key, f"{key} {show(value)} {refusal}"))
        return None
    return value


def _moment(value: object, problems: list[Problem]) -> dt.datetime | None:
    """``at``: an ISO date and time with its offset; absent (None) means now, which the store stamps."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        problems.append(
            Problem(REQUEST, None, "at", "at must be a date and time with its offset, e.g. 2026-11-23T10:05:00+08:00")
        )
        return None
    return moment


def field_report(keys: tuple[str, ...], choice: str, choices: tuple[str, ...]) -> tuple[dict | None, list[Problem]]:
    """A report from the field or a call (status, callback outcome): the JSON object, its known keys only,
    ``choice`` one of ``choices``, a required ``client_id`` and an optional short ``note``; every problem at once."""
    body = json_document()
    if not isinstance(body, dict):
        return None, [Problem(REQUEST, None, None, f"the body must be a JSON object with {', '.join(keys)}")]
    problems = [
        Problem(REQUEST, None, str(key), f"unknown key {key} (expected {', '.join(keys)})")
        for key in body
        if key not in keys
    ]
    if body.get(choice) not in choices:
        problems.append(Problem(REQUEST, None, choice, f"{choice} must be one of {', '.join(choices)}"))
    _text(body, "client_id", MAX_ID, problems, required=True)
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        problems.append(Problem(REQUEST, None, "note", f"note must be a text of at most {MAX_NOTE} characters"))
    return body, problems


def read_status_request(by: str) -> tuple[StatusReport | None, list[Problem]]:
    """The body as a report; every problem at once."""
    body, problems = field_report(STATUS_KEYS, "status", STATUSES)
    if body is None:
        return None, problems
    status, client_id, note = body.get("status"), body.get("client_id"), body.get("note")
    part_id = _text(body, "part_id", MAX_ID, problems)
    version = body.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        problems.append(Problem(REQUEST, None, "version", "version must be a whole number from 1"))
    at = _moment(body.get("at"), problems)
    if problems or not isinstance(status, str):
        return None, problems
    return StatusReport(
        status=status, at=at, by=by, note=note or "", client_id=client_id, version=version, part_id=part_id
    ), []


def invalid_request(problems: list[Problem]) -> Response:
    return json_response(
        {
            "error": "invalid_request",
            "message": f"{len(problems)} problem(s) in the request",
            "problems": [problem.as_dict() for problem in problems],
        },
        422,
    )


def conflict(code: str, message: tuple[str, str], **fields: object) -> Response:
    zh, en = message
    return json_response({"error": code, "message": en, "message_zh": zh, **fields}, 409)


@bp.post("/visits/<visit_id>/status")
def set_status(visit_id: str) -> Response:
    """Record a change of the visit's status; 409 when it may not follow, or the version is stale."""
    database = workorders()
    who = sender(visit_id)
    report, problems = read_status_request(who.by)
    if report is None:
        return invalid_request(problems)
    try:
        state = change_status(database, visit_id, report)
    except OrderNotFound:
        raise NotFound(f"there is no work order {visit_id}") from None
    except TransitionRefused as refused:
        return conflict(
            "status_not_allowed",
            refusal(refused.current, refused.wanted),
            current=refused.current,
            wanted=refused.wanted,
        )
    except StaleVersion as stale:
        return conflict(
            "stale_version",
            (
                f"工单已被他人更新（当前版本 {stale.current}），请刷新后再试",
                f"the order was changed meanwhile (version {stale.current}, "
                f"yours {stale.given}); reload it and try again",
            ),
            version=stale.current,
        )
    return json_response(
        {"visit_id": visit_id, "status": state.status, "version": state.version, "history": history_json(state)}
    )


@bp.get("/visits/<visit_id>")
@staff_required
def get_visit(visit_id: str) -> Response:
    """The order, its status and its history."""
    try:
        return json_response(order_json(order(workorders(), visit_id), with_history=True))
    except OrderNotFound:
        raise NotFound(f"there is no work order {visit_id}") from None


@bp.get("/visits")
@staff_required
def list_visits() -> Response:
    """Orders, oldest first; ``status`` keeps one status, ``date`` the visits of that day's live plan."""
    database = workorders()
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise BadRequest(f"status must be one of {', '.join(STATUSES)}")
    ids = None
    if request.args.get("date"):
        day = get_store().day(parse_date(request.args["date"]))
        plan = day.plan if day is not None else None
        ids = (
            set()
            if plan is None
            else ({s.visit_id for r in plan.routes for s in r.stops} | {u.visit_id for u in plan.unassigned})
        )
    found = orders(database, status=status, ids=ids, with_history=False)
    return json_response({"visits": [order_json(state, with_history=False) for state in found]})
