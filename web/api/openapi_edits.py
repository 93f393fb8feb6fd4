"""The OpenAPI description of editing a stored day from the board: edits, undo/redo, re-optimise, urgent visits.

Kept beside ``openapi.py``, which merges these paths and schemas into its
document. The kinds of edit come from ``planner.edits``, so the document
cannot drift from what the planner accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.edits import KINDS

Schema = dict[str, Any]

_TEXT = {"type": "string"}
_CLOCK = {"type": "string", "description": "`HH:MM`"}
_WORDS = {"$ref": "#/components/schemas/EditWords"}
_CAN = {
    "type": "object",
    "required": ["undo", "redo"],
    "properties": {"undo": {"type": "boolean"}, "redo": {"type": "boolean"}},
    "additionalProperties": False,
}
_PLAN = {"$ref": "#/components/schemas/Plan"}
_ENTRY = {"$ref": "#/components/schemas/EditEntry"}
EXAMPLE_EDIT: Schema = {"kind": "move", "visit_id": "V1", "technician_id": "T1", "start": "10:00"}


def either(description: str, *refs: str) -> Schema:
    """A JSON response whose body is any one of the named components (a 409 that may also be ``StalePlan``).

    Edits are what most often meet a plan changed meanwhile, so the helper lives here and the
    document (``openapi.py``) takes it from here for its other 409 answers.
    """
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"anyOf": [{"$ref": f"#/components/schemas/{ref}"} for ref in refs]}}
        },
    }


def _object(required: list[str], properties: Schema) -> Schema:
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


def edit_schemas(max_time_limit: float, max_seed: int) -> dict[str, Schema]:
    """Requests and answers of the board's edits."""
    words = {"type": "array", "items": _WORDS}
    return {
        "EditRequest": {
            **_object(
                ["kind", "visit_id"],
                {
                    "kind": {"type": "string", "enum": list(KINDS)},
                    "visit_id": _TEXT,
                    "technician_id": {
                        "type": ["string", "null"],
                        "description": "move/put in: to whom; lock: to whom (its technician by default)",
                    },
                    "position": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "place in the route, 0 = first",
                    },
                    "start": {
                        "anyOf": [_CLOCK, {"type": "null"}],
                        "description": "start no earlier than; lock: the time",
                    },
                    "other_visit_id": {"type": ["string", "null"], "description": "swap: the other visit"},
                    "dry_run": {"type": ["boolean", "null"], "description": "check only, keep nothing"},
                },
            ),
            "description": f"one edit: {', '.join(KINDS)}",
        },
        "EditWords": {
            **_object(["en", "zh"], {"en": _TEXT, "zh": _TEXT, "rule": _TEXT}),
            "description": "a sentence in English and Chinese; `rule` is the checker's rule code",
        },
        "EditEntry": _object(
            ["number", "kind", "by", "at", "what", "technicians", "returns_to"],
            {
                "number": {"type": "integer", "minimum": 1},
                "kind": {"type": "string", "enum": ["edit", "undo", "redo", "reoptimise", "urgent"]},
                "by": {**_TEXT, "description": "staff login, or api-token"},
                "at": _TEXT,
                "what": _WORDS,
                "technicians": {"type": "array", "items": _TEXT, "description": "whose routes it changed"},
                "returns_to": {
                    "type": ["integer", "null"],
                    "description": "undo/redo: the entry whose plan is back (0: the plan before any edit)",
                },
            },
        ),
        "Edited": _object(
            ["done", "worse", "saved", "plan"],
            {
                "done": _WORDS,
                "worse": {**words, "description": "soft worsening: kept anyway"},
                "saved": {"type": "boolean"},
                "plan": _PLAN,
                "edit": _ENTRY,
                "can": _CAN,
            },
        ),
        "EditRefused": _object(
            ["error", "message", "message_zh", "done", "broken", "worse"],
            {
                "error": {"type": "string", "enum": ["rules_broken"]},
                "message": _TEXT,
                "message_zh": _TEXT,
                "done": _WORDS,
                "broken": {**words, "description": "every hard rule the edit breaks, in words"},
                "worse": words,
            },
        ),
        "EditInvalid": _object(
            ["error", "message", "message_zh"],
            {
                "error": {"type": "string", "enum": ["invalid_edit"]},
                "message": _TEXT,
                "message_zh": _TEXT,
            },
        ),
        "EditLog": _object(["edits", "can"], {"edits": {"type": "array", "items": _ENTRY}, "can": _CAN}),
        "EditStep": _object(["edit", "plan", "can"], {"edit": _ENTRY, "plan": _PLAN, "can": _CAN}),
        "ReoptimiseRequest": _object(
            [],
            {
                "at": {
                    "anyOf": [_CLOCK, {"type": "null"}],
                    "description": "visits started before it stay; default now",
                },
                "time_limit": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": max_time_limit},
                "seed": {"type": ["integer", "null"], "minimum": 0, "maximum": max_seed},
                "confirm": {"type": ["string", "null"], "description": "publish the proposal of this token"},
            },
        ),
        "Reoptimised": _object(
            ["published", "changes", "plan"],
            {
                "proposal": {**_TEXT, "description": "send it back as `confirm` to publish"},
                "published": {"type": "boolean"},
                "changes": {"$ref": "#/components/schemas/Changes"},
                "plan": _PLAN,
                "edit": _ENTRY,
                "can": _CAN,
            },
        ),
        "UrgentBooked": _object(
            ["changes", "edit", "plan", "can"],
            {
                "changes": {"$ref": "#/components/schemas/Changes"},
                "edit": _ENTRY,
                "plan": _PLAN,
                "can": _CAN,
            },
        ),
    }


def edit_paths(
    staff: list[Schema], date: Schema, errors: Callable[..., dict[str, Schema]], answer: Callable[[str, str], Schema]
) -> dict[str, Schema]:
    """The operations; ``errors`` and ``answer`` are ``openapi.py``'s helpers."""
    common = errors("400", "401", "404", "413", "415")
    conflict = {
        "409": either(
            "nothing to undo or redo, a proposal unknown or overtaken, a slot gone, or the day's "
            "plan changed meanwhile",
            "Error",
            "StalePlan",
        )
    }
    unusable = {"422": answer("Error", "the request cannot be used; every problem is listed")}
    solving = {
        "500": answer("Error", "the new plan failed the independent check (logged; nothing kept)"),
        **errors("429", "503"),
    }

    def body(ref: str, example: Schema) -> Schema:
        return {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}, "example": example}},
        }

    def step(name: str, what: str) -> Schema:
        return {
            "post": {
                "operationId": f"{name}Edit",
                "summary": what,
                "security": staff,
                "parameters": [date],
                "responses": {
                    "200": answer("EditStep", "the plan now live and the recorded step"),
                    **errors("400", "401", "404"),
                    **conflict,
                },
            }
        }

    return {
        "/plans/{date}/edits": {
            "post": {
                "operationId": "editPlan",
                "summary": "Make one edit to the day's plan; kept as a new version unless it breaks a rule",
                "security": staff,
                "parameters": [date],
                "requestBody": body("EditRequest", EXAMPLE_EDIT),
                "responses": {
                    "200": answer("Edited", "the edit, its soft costs, and the new plan"),
                    **common,
                    "409": either(
                        "the edit breaks hard rules, named in words, or the day's plan was changed "
                        "meanwhile; nothing kept",
                        "EditRefused",
                        "StalePlan",
                    ),
                    "422": {
                        "description": "the request cannot be used, or names what the day lacks",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "anyOf": [
                                        {"$ref": "#/components/schemas/Error"},
                                        {"$ref": "#/components/schemas/EditInvalid"},
                                    ]
                                }
                            }
                        },
                    },
                },
            },
            "get": {
                "operationId": "listEdits",
                "summary": "Every recorded change of the day: who, when, what",
                "security": staff,
                "parameters": [date],
                "responses": {"200": answer("EditLog", "the changes, first made first"), **errors("400", "401", "404")},
            },
        },
        "/plans/{date}/undo": step("undo", "Go back to the plan before the last change (a new version)"),
        "/plans/{date}/redo": step("redo", "Make the last undone change again (a new version)"),
        "/plans/{date}/reoptimise": {
            "post": {
                "operationId": "reoptimisePlan",
                "summary": "Plan everything not locked and not started again; publish with a second call",
                "security": staff,
                "parameters": [date],
                "requestBody": body("ReoptimiseRequest", {"at": "10:30"}),
                "responses": {
                    "200": answer("Reoptimised", "the proposal and its changes, or the published plan"),
                    **common,
                    **conflict,
                    **unusable,
                    **solving,
                },
            },
        },
        "/plans/{date}/urgent": {
            "post": {
                "operationId": "insertUrgent",
                "summary": "Book an urgent visit into a slot offered by /plans/{date}/slots, recorded as an edit",
                "security": staff,
                "parameters": [date],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BookingRequest"}}},
                },
                "responses": {
                    "200": answer("UrgentBooked", "the new plan and what changed"),
                    **common,
                    **conflict,
                    **unusable,
                    **solving,
                },
            },
        },
    }
