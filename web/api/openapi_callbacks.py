"""The OpenAPI description of callbacks, escalations and KPIs (see ``web.api.callbacks``).

Outcomes, grades, KPI names, groupings and periods come from the
library, so the document cannot drift from what the store records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.callbacks import OUTCOMES
from planner.complaints import REASON_TEXTS
from planner.domain import GRADES
from planner.history.kpis import BY_KINDS, KPI_NAMES, RATES
from planner.history.periods import PERIOD_KINDS
from planner.io.cells import NO_CONTROL_PATTERN
from web.api.visits import MAX_ID, MAX_NOTE

Schema = dict[str, Any]

_OUTCOME = {
    "type": "string",
    "enum": list(OUTCOMES),
    "description": "satisfied 满意, neutral 一般, unsatisfied 不满意 (opens a complaint), "
    "unreachable 联系不上 (the third closes the callback)",
}
_NULLABLE_TIME = {"type": ["string", "null"], "description": "ISO date and time with offset"}
_DATE = {"type": "string", "format": "date"}
NO_STORE = "the server keeps no work orders (started without a store)"


def _figure(name: str) -> Schema:
    counts = (
        {"numerator": {"type": ["integer", "null"]}, "denominator": {"type": ["integer", "null"]}}
        if name in RATES
        else {"count": {"type": ["integer", "null"]}}
    )
    return {
        "type": "object",
        "required": ["value", *counts],
        "properties": {"value": {"type": ["number", "null"]}, **counts},
        "additionalProperties": False,
    }


def callback_schemas() -> dict[str, Schema]:
    """Request and answers of the callback, escalation and KPI operations."""
    callback = {
        "type": "object",
        "required": ["visit_id", "due_date", "done_at", "outcome", "closed_at", "attempts", "complaint_id"],
        "properties": {
            "visit_id": {"type": "string"},
            "due_date": _DATE,
            "done_at": {"type": "string"},
            "outcome": {"anyOf": [_OUTCOME, {"type": "null"}], "description": "null while the callback is open"},
            "closed_at": _NULLABLE_TIME,
            "attempts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["outcome", "at", "by", "note", "client_id"],
                    "properties": {
                        "outcome": _OUTCOME,
                        "at": {"type": "string"},
                        "by": {"type": "string"},
                        "note": {"type": "string"},
                        "client_id": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "complaint_id": {"type": ["string", "null"], "description": "the complaint order this outcome opened"},
            "overdue": {"type": "boolean"},
        },
        "additionalProperties": False,
    }
    return {
        "CallbackRequest": {
            "type": "object",
            "required": ["outcome", "client_id"],
            "properties": {
                "outcome": _OUTCOME,
                "client_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID,
                    "pattern": NO_CONTROL_PATTERN,
                    "description": "made once per tap; sent again, the same answer",
                },
                "note": {"type": "string", "maxLength": MAX_NOTE},
                "at": {"type": "string", "description": "when the call was made; default now"},
            },
            "additionalProperties": False,
        },
        "Callback": callback,
        "Callbacks": {
            "type": "object",
            "required": ["date", "callbacks"],
            "properties": {"date": _DATE, "callbacks": {"type": "array", "items": callback}},
            "additionalProperties": False,
        },
        "CallbackConflict": {
            "type": "object",
            "required": ["error", "message", "message_zh"],
            "properties": {
                "error": {"type": "string", "enum": ["not_done", "already_closed"]},
                "message": {"type": "string"},
                "message_zh": {"type": "string"},
                "first_at": {"type": "string", "description": "already_closed: when the outcome was recorded"},
            },
            "additionalProperties": False,
        },
        "Escalations": {
            "type": "object",
            "required": ["escalations"],
            "properties": {
                "escalations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "visit_id",
                            "grade",
                            "graded",
                            "reasons",
                            "respond_by",
                            "resolve_by",
                            "hours_overdue",
                        ],
                        "properties": {
                            "visit_id": {"type": "string"},
                            "grade": {"type": "string", "enum": list(GRADES)},
                            "graded": {"type": "string", "enum": list(GRADES)},
                            "reasons": {"type": "array", "items": {"type": "string", "enum": list(REASON_TEXTS)}},
                            "respond_by": {"type": "string"},
                            "resolve_by": {"type": "string"},
                            "hours_overdue": {"type": "number", "minimum": 0},
                        },
                        "additionalProperties": False,
                    },
                }
            },
            "additionalProperties": False,
        },
        "KpiTable": {
            "type": "object",
            "required": ["from", "to", "by", "period", "rows"],
            "properties": {
                "from": _DATE,
                "to": _DATE,
                "by": {"type": "string", "enum": list(BY_KINDS)},
                "period": {"type": "string", "enum": list(PERIOD_KINDS)},
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["period", "start", "end", "by", "key", "name", *KPI_NAMES],
                        "properties": {
                            "period": {"type": "string"},
                            "start": _DATE,
                            "end": _DATE,
                            "by": {"type": "string"},
                            "key": {"type": "string"},
                            "name": {"type": "string"},
                            **{name: _figure(name) for name in KPI_NAMES},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    }


def callback_paths(
    staff: list[Schema], errors: Callable[..., dict[str, Schema]], answer: Callable[[str, str], Schema]
) -> dict[str, Schema]:
    """The four operations; ``errors`` and ``answer`` are ``openapi.py``'s helpers."""
    no_store = {"404": answer("Error", NO_STORE)}

    def day(name: str, required: bool, about: str) -> Schema:
        return {"name": name, "in": "query", "required": required, "schema": _DATE, "description": about}

    return {
        "/visits/{visit_id}/callback": {
            "post": {
                "operationId": "setCallbackOutcome",
                "summary": "Record a callback's outcome (回访结果); unsatisfied opens a linked complaint order",
                "security": staff,
                "parameters": [{"name": "visit_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/CallbackRequest"},
                            "example": {"outcome": "satisfied", "note": "已修好", "client_id": "cb-1"},
                        }
                    },
                },
                "responses": {
                    "200": answer("Callback", "the callback with every attempt, and the complaint opened if any"),
                    **errors("400", "401", "413", "415"),
                    "404": answer("Error", "no such order, or " + NO_STORE),
                    "409": answer(
                        "CallbackConflict",
                        "the order is not done, or the callback already has its outcome (first_at says when)",
                    ),
                    "422": answer(
                        "Error",
                        "the body cannot be used (every problem listed), or the call is before the order was done",
                    ),
                },
            },
        },
        "/callbacks": {
            "get": {
                "operationId": "listCallbacks",
                "summary": "The day's calls: open callbacks of orders done by then, overdue first",
                "security": staff,
                "parameters": [day("date", False, "the day, YYYY-MM-DD; default today")],
                "responses": {
                    "200": answer("Callbacks", "the calls"),
                    **errors("401"),
                    **no_store,
                    "422": answer("Error", "date is not a date"),
                },
            },
        },
        "/escalations": {
            "get": {
                "operationId": "listEscalations",
                "summary": "Complaints past their deadline or open a month (the manager's list)",
                "security": staff,
                "responses": {
                    "200": answer("Escalations", "major first, then longest overdue"),
                    **errors("401"),
                    **no_store,
                },
            },
        },
        "/kpis": {
            "get": {
                "operationId": "getKpis",
                "summary": "KPIs over a date range (operations contract, section 5), each with its counts",
                "security": staff,
                "parameters": [
                    day("from", True, "first day, YYYY-MM-DD"),
                    day("to", True, "last day, YYYY-MM-DD"),
                    {
                        "name": "by",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": list(BY_KINDS), "default": "department"},
                    },
                    {
                        "name": "period",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": list(PERIOD_KINDS), "default": "day"},
                    },
                ],
                "responses": {
                    "200": answer("KpiTable", "one row per period and key"),
                    **errors("401"),
                    **no_store,
                    "422": answer("Error", "a date that is not one, or a range ending before it starts"),
                },
            },
        },
    }
