"""The OpenAPI description of the follow-up rules and complaint grading (see ``web.api.followup``).

The settings' keys and the grades come from the library, so the
document cannot drift from what the store keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.domain import GRADES
from planner.io.schema import SERVICE_RULE_KEYS

Schema = dict[str, Any]
NO_STORE = "the server keeps no work orders (started without a store)"


def followup_schemas() -> dict[str, Schema]:
    """The rules as kept, a change of them, and a grade set by hand."""
    values = {
        "type": "object",
        "properties": {key: {"type": "number"} for key in SERVICE_RULE_KEYS},
        "additionalProperties": False,
    }
    return {
        "FollowupSettings": {
            "type": "object",
            "required": ["settings", "changed"],
            "properties": {
                "settings": {**values, "required": list(SERVICE_RULE_KEYS)},
                "changed": {
                    "type": ["object", "null"],
                    "description": "who saved the rules last and when; null while the defaults apply",
                    "properties": {"by": {"type": "string"}, "at": {"type": "string"}},
                },
            },
            "additionalProperties": False,
        },
        "FollowupSettingsRequest": {
            **values,
            "description": "the settings file's keys; a key left out keeps its default",
        },
        "GradeRequest": {
            "type": "object",
            "required": ["grade"],
            "properties": {"grade": {"type": "string", "enum": list(GRADES)}},
            "additionalProperties": False,
        },
        "Grade": {
            "type": "object",
            "required": ["visit_id", "grade", "by", "at"],
            "properties": {
                "visit_id": {"type": "string"},
                "grade": {"type": "string", "enum": list(GRADES)},
                "by": {"type": "string"},
                "at": {"type": "string"},
            },
            "additionalProperties": False,
        },
    }


def followup_paths(
    staff: list[Schema], errors: Callable[..., dict[str, Schema]], answer: Callable[[str, str], Schema]
) -> dict[str, Schema]:
    """The three operations; ``errors`` and ``answer`` are ``openapi.py``'s helpers."""
    no_store = {"404": answer("Error", NO_STORE)}
    kept = answer("FollowupSettings", "the rules in force, and who saved them last")
    return {
        "/followup-settings": {
            "get": {
                "operationId": "getFollowupSettings",
                "security": staff,
                "summary": "Callback days and complaint deadlines in force (回访与投诉时限)",
                "responses": {"200": kept, **errors("401"), **no_store},
            },
            "put": {
                "operationId": "putFollowupSettings",
                "security": staff,
                "summary": "Keep new callback days and complaint deadlines in the store",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/FollowupSettingsRequest"},
                            "example": {"callback_workdays": 2, "complaint_major_resolution_hours": 12},
                        }
                    },
                },
                "responses": {
                    "200": kept,
                    **errors("400", "401", "413", "415"),
                    **no_store,
                    "422": answer("Error", "a value that cannot be used (every problem listed)"),
                },
            },
        },
        "/visits/{visit_id}/grade": {
            "post": {
                "operationId": "setComplaintGrade",
                "security": staff,
                "summary": "Grade a complaint by hand (重大 / 重要 / 轻微); who and when are kept",
                "parameters": [{"name": "visit_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/GradeRequest"},
                            "example": {"grade": "major"},
                        }
                    },
                },
                "responses": {
                    "200": answer("Grade", "the grade, who set it and when"),
                    **errors("400", "401", "413", "415"),
                    "404": answer("Error", "no such order, or " + NO_STORE),
                    "409": answer("Error", "the order is not a complaint"),
                    "422": answer("Error", 'the body is not {"grade": ...}'),
                },
            },
        },
    }
