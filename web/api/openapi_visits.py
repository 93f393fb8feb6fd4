"""The OpenAPI description of the work-order operations: a visit's status, one order, a list of orders.

Kept beside ``openapi.py``, which merges these paths and schemas into its
document. Statuses and their order come from ``planner.workorders``, so
the document cannot drift from the rule the store applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.domain import LEAST_URGENT, MOST_URGENT
from planner.io.cells import NO_CONTROL_PATTERN
from planner.workorders import LABELS, NEXT, STATUSES
from web.api.visits import MAX_ID, MAX_NOTE

Schema = dict[str, Any]

_STATUS = {
    "type": "string",
    "enum": list(STATUSES),
    "description": "; ".join(f"`{s}` {LABELS[s][0]} -> {', '.join(sorted(NEXT[s])) or 'none'}" for s in STATUSES),
}
_MAYBE_TEXT = {"type": ["string", "null"]}
EXAMPLE_STATUS: Schema = {
    "status": "en_route",
    "at": "2026-11-23T08:40:00+08:00",
    "note": "出发",
    "client_id": "3f1c6a2e-0b7e-4b8f-9c55-2a8f0f3b9d10",
    "version": 2,
}
NO_STORE = "no such order, or the server keeps no work orders (started without a store)"


def visit_schemas() -> dict[str, Schema]:
    """Request and answers of the work-order operations."""
    change = {
        "type": "object",
        "required": ["status", "from", "at", "by", "note", "client_id", "part_id", "version"],
        "properties": {
            "status": _STATUS,
            "from": {"anyOf": [_STATUS, {"type": "null"}]},
            "at": {"type": "string", "description": "ISO date and time with offset, as reported"},
            "by": {"type": "string", "description": "technician id or staff login"},
            "note": {"type": "string"},
            "client_id": _MAYBE_TEXT,
            "part_id": _MAYBE_TEXT,
            "version": {"type": "integer", "minimum": 1, "description": "the order's version after the change"},
        },
        "additionalProperties": False,
    }
    order: dict[str, Any] = {
        "type": "object",
        "required": [
            "visit_id",
            "status",
            "status_zh",
            "version",
            "created_date",
            "due_date",
            "type",
            "priority",
            "region",
        ],
        "properties": {
            "visit_id": {"type": "string"},
            "status": _STATUS,
            "status_zh": {"type": "string"},
            "version": {"type": "integer", "minimum": 1},
            "created_date": {"type": "string", "format": "date", "description": "the order's age counts from it"},
            "due_date": {"type": ["string", "null"], "format": "date"},
            "type": {"type": "string"},
            "priority": {"type": "integer", "minimum": MOST_URGENT, "maximum": LEAST_URGENT},
            "region": {"type": "string"},
            "history": {"type": "array", "items": {"$ref": "#/components/schemas/StatusChange"}},
        },
        "additionalProperties": False,
    }
    return {
        "StatusRequest": {
            "type": "object",
            "required": ["status", "client_id"],
            "properties": {
                "status": _STATUS,
                "client_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID,
                    "pattern": NO_CONTROL_PATTERN,
                    "description": "made by the client once per tap; sending it again gives the same "
                    "answer and no second record",
                },
                "at": {"type": "string", "description": "when it happened, ISO with offset; default: now"},
                "note": {"type": "string", "maxLength": MAX_NOTE},
                "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "the order's version the change was made on; a stale one is a 409",
                },
                "part_id": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID,
                    "pattern": NO_CONTROL_PATTERN,
                    "description": "with needs_part: the part that is missing",
                },
            },
            "additionalProperties": False,
        },
        "StatusChange": change,
        "VisitStatus": {
            "type": "object",
            "required": ["visit_id", "status", "version", "history"],
            "properties": {
                "visit_id": {"type": "string"},
                "status": _STATUS,
                "version": {"type": "integer", "minimum": 1},
                "history": {"type": "array", "items": {"$ref": "#/components/schemas/StatusChange"}},
            },
            "additionalProperties": False,
        },
        "WorkOrder": {**order, "required": [*order["required"], "history"]},
        "WorkOrders": {
            "type": "object",
            "required": ["visits"],
            "properties": {"visits": {"type": "array", "items": order}},
            "additionalProperties": False,
        },
        "FieldReplanRequest": {
            "type": "object",
            "required": ["at"],
            "properties": {
                "at": {"type": "string", "description": "the moment of re-planning, `HH:MM`"},
                "time_limit": {
                    "type": ["number", "null"],
                    "exclusiveMinimum": 0,
                    "description": "search time cap in seconds (at most the server's cap)",
                },
                "seed": {"type": ["integer", "null"], "minimum": 0},
            },
            "additionalProperties": False,
        },
        "FieldReplanned": {
            "type": "object",
            "required": ["plan", "changes", "seconds", "not_home", "called_off"],
            "properties": {
                "plan": {"$ref": "#/components/schemas/Plan"},
                "changes": {"$ref": "#/components/schemas/Changes"},
                "seconds": {"type": "number", "minimum": 0},
                "not_home": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "visits taken off today because the customer was not home",
                },
                "called_off": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "visits taken off today: a part is missing, rescheduled or cancelled",
                },
            },
            "additionalProperties": False,
        },
        "Conflict": {
            "type": "object",
            "required": ["error", "message", "message_zh"],
            "properties": {
                "error": {"type": "string", "enum": ["status_not_allowed", "stale_version"]},
                "message": {"type": "string"},
                "message_zh": {"type": "string"},
                "current": {**_STATUS, "description": "status_not_allowed: the order's status"},
                "wanted": {**_STATUS, "description": "status_not_allowed: the status asked for"},
                "version": {"type": "integer", "description": "stale_version: the order's version now"},
            },
            "additionalProperties": False,
        },
    }


def visit_paths(
    staff: list[Schema], errors: Callable[..., dict[str, Schema]], answer: Callable[[str, str], Schema]
) -> dict[str, Schema]:
    """The three operations; ``errors`` and ``answer`` are ``openapi.py``'s helpers."""
    missing = {"404": answer("Error", NO_STORE)}
    return {
        "/visits/{visit_id}/status": {
            "post": {
                "operationId": "setVisitStatus",
                "summary": "Report a change of a visit's status (staff, or the technician whose route holds it)",
                "security": [*staff, {"routeLink": []}],
                "parameters": [{"name": "visit_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/StatusRequest"},
                            "example": EXAMPLE_STATUS,
                        }
                    },
                },
                "responses": {
                    "200": answer("VisitStatus", "the order's status, version and history"),
                    **errors("400", "401", "413", "415"),
                    "403": answer("Error", "a route link that is invalid, expired, or not for this visit"),
                    **missing,
                    "409": answer(
                        "Conflict", "the status may not follow the current one (both named), or the version is stale"
                    ),
                    "422": answer("Error", "the body cannot be used; every problem is listed"),
                },
            },
        },
        "/plans/{date}/replan-from-field": {
            "post": {
                "operationId": "replanFromField",
                "summary": "Re-plan the rest of a stored day from the statuses the field reported, and keep it",
                "security": staff,
                "parameters": [
                    {
                        "name": "date",
                        "in": "path",
                        "required": True,
                        "example": "2026-11-23",
                        "schema": {"type": "string", "format": "date"},
                        "description": "plan date",
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/FieldReplanRequest"},
                            "example": {"at": "10:30", "time_limit": 1},
                        }
                    },
                },
                "responses": {
                    "200": answer("FieldReplanned", "the new plan, what changed, and which visits left today"),
                    **errors("400", "401", "413", "415", "422"),
                    "404": answer("Error", "no plan for that date, or the server keeps no work orders"),
                    "409": answer("StalePlan", "the day's plan was changed meanwhile; nothing kept"),
                    "500": answer("Error", "the new plan failed the independent check (logged; nothing kept)"),
                },
            },
        },
        "/visits/{visit_id}": {
            "get": {
                "operationId": "getVisit",
                "summary": "One work order with its status and history",
                "security": staff,
                "parameters": [{"name": "visit_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": answer("WorkOrder", "the order"), **errors("401"), **missing},
            },
        },
        "/visits": {
            "get": {
                "operationId": "listVisits",
                "summary": "Work orders, oldest first",
                "security": staff,
                "parameters": [
                    {
                        "name": "status",
                        "in": "query",
                        "required": False,
                        "schema": _STATUS,
                        "description": "only orders in this status",
                    },
                    {
                        "name": "date",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "format": "date"},
                        "description": "only the visits of that day's live plan (routed or left out), YYYY-MM-DD",
                    },
                ],
                "responses": {
                    "200": answer("WorkOrders", "the orders"),
                    **errors("400", "401"),
                    "404": answer("Error", "the server keeps no work orders"),
                },
            },
        },
    }
