"""The OpenAPI description of the staffing scenario operations: the request, the job, the comparison.

Kept beside ``openapi.py``, which merges these paths and schemas into its
document. The request schema documents the scenario file's keys as the
handler takes them in a JSON object (the YAML text is taken as it is),
minus what a posted scenario cannot use (``extra_visits`` names a file
on the server). The comparison schema is ``comparison.json`` of
``planner scenarios`` (docs/scenarios.md), strictly, so that a client
can rely on every key; the tests check real results against it.
"""

from __future__ import annotations

from typing import Any

from planner.scenarios.compare import NUMBERS
from planner.scenarios.spec import MAX_NEW_PEOPLE, MAX_SCALE, NAME

Schema = dict[str, Any]

_TEXT = {"type": "string"}
_INT = {"type": "integer"}
_NUMBER = {"type": "number"}
_TEXTS = {"type": "array", "items": _TEXT}
_CLOCK = {"type": "string", "description": "`HH:MM` (24:00 allowed as an end)"}
_ID = {"type": "string", "description": "a technician id of the day"}
_WHO = {
    "description": "`all`, one technician id, or a list of ids",
    "anyOf": [{"type": "string"}, {"type": "array", "items": _ID, "minItems": 1}],
}
_REGIONS = {"type": "array", "items": _TEXT, "description": "region ids; [] = everywhere"}
_SKILLS = {
    "description": "`skill:level;...` text or an object skill -> level (1-5)",
    "anyOf": [
        {"type": "string"},
        {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5}},
    ],
}
_PERSON = {
    "base_lat": {"type": "number", "minimum": -90, "maximum": 90},
    "base_lon": {"type": "number", "minimum": -180, "maximum": 180},
    "regions": _REGIONS,
    "skills": _SKILLS,
    "shift_start": _CLOCK,
    "shift_end": _CLOCK,
    "max_visits": {"type": "integer", "minimum": 0},
}
_NAME = {
    "type": "string",
    "pattern": f"^{NAME.pattern}$",
    "description": "letters, digits, - _ . (names the variant's plan)",
}

#: Base, one variant and a two-step sweep on the document's example day (technicians T01, T02).
EXAMPLE_SCENARIOS: Schema = {
    "base": {"label": "今日 Today"},
    "variants": [{"name": "plus_t01", "label": "+1 like T01", "add_technicians": [{"like": "T01"}]}],
    "sweeps": [{"name": "installers", "like": "T02", "from": 0, "to": 1}],
}


def _object(properties: Schema, required: tuple[str, ...] = (), **more: Any) -> Schema:
    return {
        "type": "object",
        "required": list(required),
        "properties": properties,
        "additionalProperties": False,
        **more,
    }


def _entries(properties: Schema, required: tuple[str, ...]) -> Schema:
    return {"type": "array", "items": _object(properties, required)}


def _variant(name_required: bool) -> Schema:
    """A variant's (or the base's) name, label and changes, applied in the documented order."""
    return _object(
        {
            "name": _NAME,
            "label": {"type": "string", "description": "shown in tables and charts (default: the name)"},
            "add_technicians": _entries(
                {
                    "like": _ID,
                    "count": {"type": "integer", "minimum": 1, "maximum": MAX_NEW_PEOPLE},
                    "ids": {"type": "array", "items": _TEXT},
                    **_PERSON,
                },
                ("like",),
            ),
            "remove_technicians": {"type": "array", "items": _ID, "minItems": 1},
            "train": _entries(
                {"technician": _ID, "skill": _TEXT, "level": {"type": "integer", "minimum": 1, "maximum": 5}},
                ("technician", "skill"),
            ),
            "shifts": _entries({"technicians": _WHO, "shift_start": _CLOCK, "shift_end": _CLOCK}, ("technicians",)),
            "regions": _entries({"technicians": _WHO, "set": _REGIONS, "add": _REGIONS}, ("technicians",)),
            "settings": _object(
                {
                    "lunch_window": {"type": "string", "description": "`HH:MM-HH:MM`"},
                    "lunch_minutes": {"type": "integer", "minimum": 0},
                    "speed_kmh": {"type": "number", "exclusiveMinimum": 0},
                    "road_factor": {"type": "number", "exclusiveMinimum": 0},
                }
            ),
            "demand": _object(
                {
                    "scale": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_SCALE},
                    "seed": {"type": "integer", "minimum": 0},
                },
                ("scale",),
                description="more (or fewer) visits like the day's own; extra_visits files cannot be posted",
            ),
        },
        ("name",) if name_required else (),
    )


def _request_schemas(max_time_limit: float, max_variants: int) -> dict[str, Schema]:
    return {
        "ScenarioFile": _object(
            {
                "base": _variant(name_required=False),
                "variants": {"type": "array", "items": _variant(name_required=True), "maxItems": max_variants},
                "sweeps": {
                    "type": "array",
                    "maxItems": max_variants,
                    "items": _object(
                        {
                            "name": _NAME,
                            "label": _TEXT,
                            "like": _ID,
                            "from": {"type": "integer", "minimum": 0, "maximum": MAX_NEW_PEOPLE},
                            "to": {"type": "integer", "minimum": 0, "maximum": MAX_NEW_PEOPLE},
                            **_PERSON,
                        },
                        ("name", "like", "from", "to"),
                    ),
                },
            },
            description="The scenario file (docs/scenarios.md) as a JSON object. Problems name the path of "
            "the value in `column`, e.g. `variants[0].train[0].technician`.",
        ),
    }


def _comparison_schemas() -> dict[str, Schema]:
    """``comparison.json``: measures, deltas, sweeps, advice and search figures; no customer data."""
    maybe_number = {"type": ["number", "null"]}
    maybe_int = {"type": ["integer", "null"]}
    counts = {"type": "object", "additionalProperties": {"type": "integer"}}
    measures = _object(
        {
            "headcount": _INT,
            "visits_total": _INT,
            "visits_served": _INT,
            "served_by_priority": {
                "type": "object",
                "additionalProperties": _object({"served": _INT, "total": _INT}, ("served", "total")),
            },
            "due_served": _INT,
            "due_total": _INT,
            "due_done": maybe_number,
            "priority_weighted_service": _NUMBER,
            "travel_km": _NUMBER,
            "travel_hours": _NUMBER,
            "utilisation": _NUMBER,
            "utilisation_sd": _NUMBER,
            "utilisation_range": _NUMBER,
            "extra_shift_min": maybe_int,
            "overtime_min": maybe_int,
            "roster_shortfall_rows": {
                **maybe_int,
                "description": "demand rows of the week the followed roster leaves short; null without a roster",
            },
            "roster_short_staff": {
                **maybe_int,
                "description": "people missing in all from the roster's demand rows; null without a roster",
            },
            "unassigned_by_reason": counts,
        },
        (*NUMBERS, "served_by_priority", "unassigned_by_reason"),
    )
    delta = _object(
        {**dict.fromkeys(NUMBERS, maybe_number), "served_by_priority": counts, "unassigned_by_reason": counts},
        (*NUMBERS, "served_by_priority", "unassigned_by_reason"),
        description="each measure minus the base's (shares as shares: 0.01 = one point)",
    )
    variant = _object(
        {
            "name": _TEXT,
            "label": _TEXT,
            "kind": {"type": "string", "enum": ["base", "variant", "sweep"]},
            "changes": _TEXTS,
            "sweep": {
                "anyOf": [
                    _object({"name": _TEXT, "like": _TEXT, "extra": _INT}, ("name", "like", "extra")),
                    {"type": "null"},
                ]
            },
            "plan": {"type": "string", "description": "the plan's file in a report folder (not served here)"},
            "same_as": {"type": ["string", "null"]},
            "search": _object(
                {
                    "seconds": _NUMBER,
                    "stopped_by": _TEXT,
                    "warm_started": {"type": "boolean"},
                    "started_from": {"type": ["string", "null"]},
                },
                ("seconds", "stopped_by", "warm_started", "started_from"),
            ),
            "violations": {**_TEXTS, "description": "rules the independent checker found broken; [] = checked, none"},
            "measures": measures,
            "delta": delta,
        },
        ("name", "label", "kind", "changes", "sweep", "plan", "same_as", "search", "violations", "measures", "delta"),
    )
    sweep = _object(
        {
            "name": _TEXT,
            "label": _TEXT,
            "like": _TEXT,
            "steps": _TEXTS,
            "headcount": {"type": "array", "items": _INT},
            "priority_weighted_service": {"type": "array", "items": _NUMBER},
            "due_done": {"type": "array", "items": maybe_number},
        },
        ("name", "label", "like", "steps", "headcount", "priority_weighted_service", "due_done"),
    )
    tried = _object(
        {
            "key": _TEXT,
            "kind": {"type": "string", "enum": ["train", "raise", "hire"]},
            "change": _TEXT,
            "targets": _TEXTS,
            "priority_weighted_service": _NUMBER,
            "gain": _NUMBER,
            "gained_by_priority": counts,
            "newly_served": _TEXTS,
            "newly_left_out": _TEXTS,
            "text_en": _TEXT,
            "text_zh": _TEXT,
        },
        (
            "key",
            "kind",
            "change",
            "targets",
            "priority_weighted_service",
            "gain",
            "gained_by_priority",
            "newly_served",
            "newly_left_out",
            "text_en",
            "text_zh",
        ),
    )
    advice = _object(
        {
            "tried": {"type": "array", "items": tried},
            "top": _TEXTS,
            "for_visits": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
        },
        ("tried", "top", "for_visits"),
    )
    return {
        "Comparison": _object(
            {
                "version": {"type": "integer", "const": 1},
                "dataset": _TEXT,
                "scenario_file": _TEXT,
                "date": {"type": "string", "format": "date"},
                "horizon_days": {**_INT, "minimum": 1, "description": "days planned and measured (1: one day)"},
                "search": _object(
                    {"time_limit": _NUMBER, "seed": _INT, "solution_limit": maybe_int},
                    ("time_limit", "seed", "solution_limit"),
                ),
                "base": _TEXT,
                "variants": {"type": "array", "items": variant, "minItems": 1},
                "sweeps": {"type": "array", "items": sweep},
                "advice": {"anyOf": [advice, {"type": "null"}], "description": "null when no advice was asked for"},
                "violations": _TEXTS,
                "charts": {**_TEXTS, "description": "chart files of a report folder (absent in API results)"},
            },
            (
                "version",
                "dataset",
                "scenario_file",
                "date",
                "search",
                "base",
                "variants",
                "sweeps",
                "advice",
                "violations",
            ),
            description="comparison.json of planner scenarios (docs/scenarios.md), base first",
        )
    }


def _job_schemas() -> dict[str, Schema]:
    status = {"type": "string", "enum": ["queued", "running", "done", "failed"]}
    return {
        "ScenarioJobAccepted": _object(
            {"job_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}, "status_url": {"type": "string"}},
            ("job_id", "status_url"),
        ),
        "ScenarioJob": _object(
            {
                "status": status,
                "progress": _object(
                    {"done": {"type": "integer", "minimum": 0}, "total": {"type": "integer", "minimum": 0}},
                    ("done", "total"),
                    description="searches finished of those known so far",
                ),
                "result": {"$ref": "#/components/schemas/Comparison"},
                "report_url": {"type": "string", "description": "the report page (staff only)"},
                "error": {"type": "string", "description": "why the job failed, in one sentence"},
            },
            ("status", "progress"),
            allOf=[
                {"if": {"properties": {"status": {"const": "done"}}}, "then": {"required": ["result", "report_url"]}},
                {"if": {"properties": {"status": {"const": "failed"}}}, "then": {"required": ["error"]}},
            ],
        ),
    }


def scenario_schemas(max_time_limit: float, max_variants: int) -> dict[str, Schema]:
    """Every component the scenario operations use."""
    return {**_request_schemas(max_time_limit, max_variants), **_comparison_schemas(), **_job_schemas()}


def scenario_paths(example_day: Schema, staff: list[Schema], errors: Any) -> dict[str, Schema]:
    """The two operations; ``errors(*codes)`` gives the common error responses, ``staff`` the security."""

    def answer(ref: str, description: str, headers: Schema | None = None) -> Schema:
        body = {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
        }
        return {**body, "headers": headers} if headers else body

    example = {
        "dataset": {k: v for k, v in example_day.items() if k != "time_limit"},
        "scenarios": EXAMPLE_SCENARIOS,
        "time_limit": 1,
    }
    job_id = {
        "name": "job_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "description": "as the post answered",
    }
    return {
        "/scenarios": {
            "post": {
                "operationId": "startScenarioJob",
                "summary": "Compare staffing scenarios of a day: checked at once, solved in the background",
                "security": staff,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ScenarioRequest"},
                            "example": example,
                        }
                    },
                },
                "responses": {
                    "202": answer(
                        "ScenarioJobAccepted",
                        "queued; follow status_url",
                        {
                            "Location": {
                                "required": True,
                                "schema": {"type": "string"},
                                "description": "the job's status_url",
                            }
                        },
                    ),
                    **errors("400", "401", "413", "415"),
                    "422": answer(
                        "Error",
                        "the request, the day or the scenarios cannot be used; every problem is "
                        "listed (request keys; dataset tables; scenarios by line and key for YAML, "
                        "by path for an object); no job is started",
                    ),
                    "429": answer(
                        "Error",
                        "as many jobs wait as the server takes; post again later",
                        {"Retry-After": {"required": True, "schema": {"type": "string"}, "description": "seconds"}},
                    ),
                },
            }
        },
        "/scenarios/jobs/{job_id}": {
            "get": {
                "operationId": "getScenarioJob",
                "summary": "A scenario job's status and progress; the comparison once done",
                "security": staff,
                "parameters": [job_id],
                "responses": {"200": answer("ScenarioJob", "the job"), **errors("401", "404")},
            }
        },
    }
