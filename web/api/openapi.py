"""The OpenAPI 3.1 description of ``/api/v1``.

The request bodies' schemas are generated from the pydantic models that
check them (``web.api.shapes``), so the document and the server cannot
disagree about what a request may hold; the answers are written out in
the contract's words. The tests run a property-based client
(schemathesis) against a live server with its conformance checks to hold
the two together. The time-limit bounds come from the app's configuration.
"""

from __future__ import annotations

from typing import Any

from planner.io.cells import CLOCK_PATTERN, END_CLOCK_PATTERN
from planner.plan import REASON_ORDER
from planner.replan.diff import KINDS
from planner.replan.events import ReplanSettings
from planner.slots import PREFERRED_DAYS
from web.api.body import MAX_SEED
from web.api.day import SETTING_LIMITS
from web.api.openapi_callbacks import callback_paths, callback_schemas
from web.api.openapi_edits import edit_paths, edit_schemas, either
from web.api.openapi_followup import followup_paths, followup_schemas
from web.api.openapi_scenarios import scenario_paths, scenario_schemas
from web.api.openapi_visits import visit_paths, visit_schemas
from web.api.shapes import component_schemas

Schema = dict[str, Any]

#: A small valid day: the document's example, and a request a fuzzer can build on.
EXAMPLE_DAY: Schema = {
    "settings": {"date": "2026-11-23", "timezone": "Asia/Shanghai", "lunch_window": "11:30-13:30", "lunch_minutes": 45},
    "technicians": [
        {
            "id": "T01",
            "name": "王师傅",
            "base_lat": 39.9712,
            "base_lon": 116.4868,
            "skills": "sofa_repair:3;leather_care:2",
            "shift_start": "08:30",
            "shift_end": "17:30",
        },
        {
            "id": "T02",
            "name": "李师傅",
            "base_lat": 39.9087,
            "base_lon": 116.3975,
            "regions": "dongcheng",
            "skills": ["cabinet_install:4"],
            "shift_start": "09:00",
            "shift_end": "18:00",
            "max_visits": 4,
        },
    ],
    "visits": [
        {
            "id": "V001",
            "customer": "张女士",
            "phone": "13800000001",
            "address": "朝阳区示例路1号",
            "lat": 39.9608,
            "lon": 116.4783,
            "region": "chaoyang",
            "type": "repair",
            "priority": 1,
            "required_skills": "sofa_repair:2",
            "duration_min": 90,
            "window_start": "09:00",
            "window_end": "11:00",
            "parts": "P01:1",
        },
        {
            "id": "V002",
            "lat": 39.9140,
            "lon": 116.4100,
            "region": "dongcheng",
            "type": "install",
            "priority": 3,
            "required_skills": {"cabinet_install": 3},
            "duration_min": 120,
            "due_date": "2026-11-25",
        },
    ],
    "parts": [{"part_id": "P01", "name": "推杆电机", "stock": 1}],
    "regions": [{"id": "chaoyang", "name": "朝阳区"}, {"id": "dongcheng", "name": "东城区"}],
    "time_limit": 1,
}


def _nullable(schema: Schema) -> Schema:
    """``schema`` or null (null = not given, like an empty cell)."""
    return {"anyOf": [schema, {"type": "null"}]}


def _plan_schemas() -> dict[str, Schema]:
    """The contract's ``plan.json`` (planner.plan.Plan serialised by alias)."""
    moment = {"type": "string", "format": "date-time"}
    return {
        "Plan": {
            "type": "object",
            "required": ["date", "timezone", "routes", "unassigned", "kpis"],
            "properties": {
                "date": {"type": "string", "format": "date"},
                "timezone": {"type": "string"},
                "routes": {"type": "array", "items": {"$ref": "#/components/schemas/Route"}},
                "unassigned": {"type": "array", "items": {"$ref": "#/components/schemas/Unassigned"}},
                "kpis": {"$ref": "#/components/schemas/Kpis"},
                "as_of": _nullable({**moment, "description": "when a re-plan was made; null for a morning plan"}),
            },
            "additionalProperties": False,
        },
        "Route": {
            "type": "object",
            "required": ["technician_id", "depart", "return", "break", "stops", "travel_km", "travel_min"],
            "properties": {
                "technician_id": {"type": "string"},
                "depart": moment,
                "return": moment,
                "break": _nullable({"$ref": "#/components/schemas/Break"}),
                "stops": {"type": "array", "items": {"$ref": "#/components/schemas/Stop"}},
                "travel_km": {"type": "number"},
                "travel_min": {"type": "integer"},
            },
            "additionalProperties": False,
        },
        "Break": {
            "type": "object",
            "required": ["start", "end"],
            "properties": {"start": moment, "end": moment},
            "additionalProperties": False,
        },
        "Stop": {
            "type": "object",
            "required": ["visit_id", "arrival", "start", "end", "travel_min", "travel_km"],
            "properties": {
                "visit_id": {"type": "string"},
                "arrival": moment,
                "start": moment,
                "end": moment,
                "travel_min": {"type": "integer"},
                "travel_km": {"type": "number"},
                "crew": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "a crew visit: every member's id, the lead first",
                },
            },
            "additionalProperties": False,
        },
        "Unassigned": {
            "type": "object",
            "required": ["visit_id", "reason_code", "reason", "reason_zh"],
            "properties": {
                "visit_id": {"type": "string"},
                "reason_code": {"type": "string", "enum": list(REASON_ORDER)},
                "reason": {"type": "string"},
                "reason_zh": {"type": "string"},
                "evidence": {
                    "description": "The facts the reason states, as planner check verifies them.",
                    **_nullable({"$ref": "#/components/schemas/Evidence"}),
                },
            },
            "additionalProperties": False,
        },
        "Evidence": {
            "type": "object",
            "properties": {
                "part_id": {"type": ["string", "null"]},
                "quantity": {"type": ["integer", "null"]},
                "stock": {"type": ["integer", "null"]},
                "more_important": {"type": "array", "items": {"type": "string"}},
                "others": {"type": "array", "items": {"type": "string"}},
                "loads": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["technician_id", "state"],
                        "properties": {
                            "technician_id": {"type": "string"},
                            "state": {"type": "string", "enum": ["no_route", "at_cap", "busy", "booked"]},
                            "visits": {"type": "array", "items": {"type": "string"}},
                            "until": {"type": ["string", "null"]},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
        "Kpis": {
            "type": "object",
            "description": "Headline figures; keys may be added in later versions.",
            "required": ["visits_total", "visits_served", "visits_unassigned"],
            "properties": {
                "visits_total": {"type": "integer"},
                "visits_served": {"type": "integer"},
                "visits_unassigned": {"type": "integer"},
                "priority_weighted_service": {"type": "number"},
                "travel_km": {"type": "number"},
                "travel_min": {"type": "integer"},
                "technicians_used": {"type": "integer"},
                "utilisation": {"type": "number"},
            },
            "additionalProperties": True,
        },
    }


def _report_schemas() -> dict[str, Schema]:
    """Problems, the validation report, errors, and the small answers."""
    count = {"type": ["integer", "null"], "minimum": 0}
    return {
        "Problem": {
            "type": "object",
            "required": ["severity", "table", "row", "column", "message", "message_zh"],
            "properties": {
                "severity": {"type": "string", "enum": ["error", "warning"]},
                "table": {
                    "type": "string",
                    "description": "table key (visits), settings, or request; during "
                    "the day also events, visit or slot",
                },
                "row": {
                    "type": ["integer", "null"],
                    "description": "1-based row in the table's list (in events: the entry's position)",
                },
                "column": {"type": ["string", "null"]},
                "message": {"type": "string", "description": "what is wrong, in English"},
                "message_zh": {
                    "type": "string",
                    "description": "the same in Chinese, with the same ids, columns and numbers "
                    "(English when no Chinese form is known)",
                },
            },
            "additionalProperties": False,
        },
        "ValidationReport": {
            "type": "object",
            "required": ["ok", "problems", "summary"],
            "properties": {
                "ok": {"type": "boolean", "description": "true when the day can be planned"},
                "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
                "summary": {
                    "type": "object",
                    "required": [
                        "errors",
                        "warnings",
                        "date",
                        "timezone",
                        "technicians",
                        "visits",
                        "parts",
                        "regions",
                        "lines",
                        "lines_zh",
                    ],
                    "properties": {
                        "errors": {"type": "integer", "minimum": 0},
                        "warnings": {"type": "integer", "minimum": 0},
                        "date": {"type": ["string", "null"], "format": "date"},
                        "timezone": {"type": ["string", "null"]},
                        "technicians": count,
                        "visits": count,
                        "regions": count,
                        "parts": {**count, "description": "null when unknown or stock is not constrained"},
                        "lines": {"type": "array", "items": {"type": "string"}},
                        "lines_zh": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "the same lines in Chinese",
                        },
                    },
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
        "StalePlan": {
            "type": "object",
            "required": ["error", "message", "message_zh", "version"],
            "description": "another change of the day (on any app server) became live first; nothing was kept",
            "properties": {
                "error": {"type": "string", "enum": ["stale_plan"]},
                "message": {"type": "string"},
                "message_zh": {"type": "string"},
                "version": {"type": ["integer", "null"], "description": "the live plan version now"},
            },
            "additionalProperties": False,
        },
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string", "description": "machine-readable code, e.g. not_found"},
                "message": {"type": "string"},
                "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
            },
            "additionalProperties": False,
        },
        "Dates": {
            "type": "object",
            "required": ["dates"],
            "properties": {"dates": {"type": "array", "items": {"type": "string", "format": "date"}}},
            "additionalProperties": False,
        },
        "Health": {
            "type": "object",
            "required": ["status", "version"],
            "properties": {"status": {"type": "string", "const": "ok"}, "version": {"type": "string"}},
            "additionalProperties": False,
        },
    }


def _json(ref: str, description: str) -> Schema:
    """A JSON response whose body is the named component."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _errors(*codes: str) -> dict[str, Schema]:
    """The error responses an operation can give, all with the Error body."""
    meaning = {
        "400": "the body is not JSON, or the date is not YYYY-MM-DD",
        "401": "no staff session or API token",
        "404": "nothing at this address",
        "413": "the body is larger than the limit",
        "415": "the body is not sent as application/json",
        "422": "the dataset cannot be used; every problem is listed",
        "429": "the solver has no room for another search now; retry after Retry-After seconds",
        "503": "the search's worker process stopped; retry",
    }
    return {code: _json("Error", meaning[code]) for code in codes}


def _body() -> Schema:
    """The dataset request body, with a small valid day as its example."""
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DatasetRequest"}, "example": EXAMPLE_DAY}
        },
    }


_STAFF: list[dict[str, list[str]]] = [{"bearerToken": []}, {"staffSession": []}]


#: Examples of the day's requests, on the example day (its visits V001, V002; technicians T01, T02).
EXAMPLE_NEW_VISIT: Schema = {
    "id": "V101",
    "customer": "吴先生",
    "lat": 39.9335,
    "lon": 116.4452,
    "region": "chaoyang",
    "type": "complaint",
    "priority": 1,
    "required_skills": "sofa_repair:2",
    "duration_min": 60,
    "due_date": "2026-11-23",
}
EXAMPLE_REPLAN: Schema = {"at": "10:30", "events": {"new_visits": [EXAMPLE_NEW_VISIT]}, "time_limit": 1}
EXAMPLE_REQUEST: Schema = {
    "lat": 39.996,
    "lon": 116.47,
    "region": "chaoyang",
    "type": "repair",
    "priority": 3,
    "required_skills": "sofa_repair:2",
    "duration_min": 60,
}
EXAMPLE_SLOTS: Schema = {"visit": EXAMPLE_REQUEST, "days": 2, "at": "10:30", PREFERRED_DAYS: ["2026-11-24"]}
EXAMPLE_DATED_SLOTS: Schema = {"date": EXAMPLE_DAY["settings"]["date"], **EXAMPLE_SLOTS}
EXAMPLE_BOOKING: Schema = {
    "visit": {**EXAMPLE_REQUEST, "id": "V102"},
    "slot": {"date": "2026-11-24", "window_start": "08:00", "window_end": "10:00", "technician_id": "T01"},
}


def _events_schema() -> dict[str, Schema]:
    """The events of a re-plan: the keys of events.yaml."""
    ids = {"type": "array", "items": {"type": ["string", "integer"]}}
    clock = {"type": "string", "pattern": CLOCK_PATTERN, "description": "`HH:MM`"}
    end_clock = {"type": "string", "pattern": END_CLOCK_PATTERN, "description": "`HH:MM`; 24:00 ends the day"}

    def entries(fields: dict[str, Schema]) -> Schema:
        """A list of objects with exactly these fields, as the events reader wants them."""
        return {
            "type": "array",
            "items": {"type": "object", "required": list(fields), "properties": fields, "additionalProperties": False},
        }

    return {
        "Events": {
            "type": "object",
            "description": "What happened since the plan was made; the keys of events.yaml. Every reference "
            "is checked against the stored day; a visit that has started cannot be called off.",
            "properties": {
                "at": {**clock, "description": "checked, but the request's `at` is the moment"},
                "new_visits": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/VisitRow"},
                    "description": "visits.csv rows to add; ids starting with @ are reserved",
                },
                "cancelled": {**ids, "description": "visit ids the customer called off"},
                "not_home": {**ids, "description": "visit ids where nobody opened the door"},
                "unavailable": entries({"technician": {"type": ["string", "integer"]}, "from": clock}),
                "running_late": entries({"visit": {"type": ["string", "integer"]}, "expected_end": end_clock}),
                "positions": entries(
                    {
                        "technician": {"type": ["string", "integer"]},
                        "lat": {"type": "number", "minimum": -90, "maximum": 90},
                        "lon": {"type": "number", "minimum": -180, "maximum": 180},
                    }
                ),
                "allow_moving": {**ids, "description": "visit ids whose customers agreed to a new time"},
                "settings": {
                    "type": "object",
                    "description": "the price of disruption, in minutes of travel",
                    "properties": {
                        name: {"type": "integer", "minimum": 0, "maximum": SETTING_LIMITS[name], "default": default}
                        for name, default in vars(ReplanSettings()).items()
                    },
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
    }


def _day_answer_schemas() -> dict[str, Schema]:
    """Answers of the during-the-day operations: the changes, the slots, the booking."""
    clock = {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"}
    maybe_clock = {"type": ["string", "null"], "pattern": "^[0-9]{2}:[0-9]{2}$"}
    maybe_id = {"type": ["string", "null"]}
    plan = {"$ref": "#/components/schemas/Plan"}
    changes = {"$ref": "#/components/schemas/Changes"}
    return {
        "Change": {
            "type": "object",
            "required": [
                "visit_id",
                "kind",
                "technician_before",
                "technician_after",
                "start_before",
                "start_after",
                "minutes_moved",
                "call_customer",
                "reason",
            ],
            "properties": {
                "visit_id": {"type": "string"},
                "kind": {"type": "string", "enum": list(KINDS)},
                "technician_before": maybe_id,
                "technician_after": maybe_id,
                "start_before": maybe_clock,
                "start_after": maybe_clock,
                "minutes_moved": {"type": ["integer", "null"], "description": "later is positive"},
                "call_customer": {"type": "boolean"},
                "reason": {"type": "string", "description": "why a visit was left out; empty otherwise"},
            },
            "additionalProperties": False,
        },
        "Changes": {
            "type": "object",
            "description": "What changed against the plan before; ids and times only",
            "required": ["changes", "unchanged", "to_call"],
            "properties": {
                "changes": {"type": "array", "items": {"$ref": "#/components/schemas/Change"}},
                "unchanged": {"type": "integer", "minimum": 0},
                "to_call": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "visits whose customers to call",
                },
            },
            "additionalProperties": False,
        },
        "Replanned": {
            "type": "object",
            "required": ["plan", "changes", "seconds"],
            "properties": {
                "plan": plan,
                "changes": changes,
                "seconds": {"type": "number", "minimum": 0, "description": "time the re-plan took"},
            },
            "additionalProperties": False,
        },
        "Slot": {
            "type": "object",
            "required": ["date", "window_start", "window_end", "technician_id", "extra_travel_min", "displaced"],
            "properties": {
                "date": {"type": "string", "format": "date"},
                "window_start": clock,
                "window_end": clock,
                "technician_id": {"type": "string"},
                "extra_travel_min": {"type": "integer", "description": "the technician's extra travel"},
                "displaced": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "less important visits without a promised window it pushes out",
                },
            },
            "additionalProperties": False,
        },
        "Slots": {
            "type": "object",
            "required": ["slots", "seconds"],
            "properties": {
                "slots": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Slot"},
                    "description": "best first: urgent work soonest; else least displaced",
                },
                "seconds": {"type": "number", "minimum": 0},
            },
            "additionalProperties": False,
        },
        "Booking": {
            "type": "object",
            "required": ["plan", "changes", "stored"],
            "properties": {
                "plan": plan,
                "changes": changes,
                "stored": {"type": "boolean", "description": "false for a later day: its plan is answered, not kept"},
            },
            "additionalProperties": False,
        },
    }


def _day_body(ref: str, example: Schema) -> Schema:
    """A request body of one of the day's operations."""
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}, "example": example}},
    }


def _day_paths(date: Schema) -> dict[str, Schema]:
    """Re-plan, slots and bookings on a stored day (slots also with the date in the body)."""
    day_errors = {
        **_errors("400", "401", "404", "413", "415"),
        "422": _json(
            "Error",
            "the request cannot be used; every problem is listed, located by part "
            "(request, events, visit, slot) and key",
        ),
    }
    broken = {
        "500": _json("Error", "the new plan failed the independent check (logged; nothing kept)"),
        **_errors("429", "503"),
    }
    offered = {"200": _json("Slots", "the slots, best first (empty when none fits)"), **day_errors}
    return {
        "/plans/{date}/replan": {
            "post": {
                "operationId": "replanDay",
                "summary": "Re-plan the rest of a stored day around what happened, and keep it",
                "security": _STAFF,
                "parameters": [date],
                "requestBody": _day_body("ReplanRequest", EXAMPLE_REPLAN),
                "responses": {
                    "200": _json("Replanned", "the new plan and what changed"),
                    **day_errors,
                    **broken,
                    "409": _json("StalePlan", "the day's plan was changed meanwhile; nothing kept"),
                },
            },
        },
        "/plans/{date}/slots": {
            "post": {
                "operationId": "offerSlots",
                "summary": "Arrival windows to offer a new visit, best first",
                "security": _STAFF,
                "parameters": [date],
                "requestBody": _day_body("SlotsRequest", EXAMPLE_SLOTS),
                "responses": offered,
            },
        },
        "/slots": {
            "post": {
                "operationId": "offerDatedSlots",
                "summary": "Arrival windows to offer a new visit, best first; as /plans/{date}/slots with the "
                "date in the body",
                "security": _STAFF,
                "requestBody": _day_body("DatedSlotsRequest", EXAMPLE_DATED_SLOTS),
                "responses": offered,
            },
        },
        "/plans/{date}/bookings": {
            "post": {
                "operationId": "bookSlot",
                "summary": "Book a new visit into a slot; kept when the slot is on the stored day",
                "security": _STAFF,
                "parameters": [date],
                "requestBody": _day_body("BookingRequest", EXAMPLE_BOOKING),
                "responses": {
                    "200": _json("Booking", "the plan of the slot's day with the visit"),
                    **day_errors,
                    "409": either(
                        "the slot no longer fits (ask for slots again), or the day's plan was changed meanwhile",
                        "Error",
                        "StalePlan",
                    ),
                    **broken,
                },
            },
        },
    }


def _paths() -> dict[str, Schema]:
    """Every operation, relative to the server URL ``/api/v1``."""
    date = {
        "name": "date",
        "in": "path",
        "required": True,
        "example": EXAMPLE_DAY["settings"]["date"],
        "schema": {"type": "string", "format": "date"},
        "description": "plan date, YYYY-MM-DD",
    }
    return {
        "/plans": {
            "post": {
                "operationId": "createPlan",
                "summary": "Plan a day and keep it (replaces an earlier plan of that date)",
                "security": _STAFF,
                "requestBody": _body(),
                "responses": {
                    "200": _json("Plan", "the plan (plan.json of the data contract)"),
                    **_errors("400", "401", "413", "415", "422", "429", "503"),
                },
            },
            "get": {
                "operationId": "listPlans",
                "summary": "Dates that have a plan, newest first",
                "security": _STAFF,
                "responses": {"200": _json("Dates", "plan dates"), **_errors("401")},
            },
        },
        "/plans/{date}": {
            "get": {
                "operationId": "getPlan",
                "summary": "The plan of one day",
                "security": _STAFF,
                "parameters": [date],
                "responses": {"200": _json("Plan", "the plan of that day"), **_errors("400", "401", "404")},
            },
        },
        **_day_paths(date),
        **scenario_paths(EXAMPLE_DAY, _STAFF, _errors),
        **visit_paths(_STAFF, _errors, _json),
        **edit_paths(_STAFF, date, _errors, _json),
        **callback_paths(_STAFF, _errors, _json),
        **followup_paths(_STAFF, _errors, _json),
        "/validate": {
            "post": {
                "operationId": "validateDataset",
                "summary": "Check a dataset without planning it",
                "security": _STAFF,
                "requestBody": _body(),
                "responses": {
                    "200": _json("ValidationReport", "the report, also when the dataset has errors"),
                    **_errors("400", "401", "413", "415"),
                    "422": _json(
                        "Error",
                        "the body does not fit DatasetRequest (or asks for more "
                        "search time than this server gives); every problem is "
                        "listed",
                    ),
                },
            },
        },
        "/health": {
            "get": {
                "operationId": "health",
                "summary": "Liveness and version",
                "security": [],
                "responses": {"200": _json("Health", "the app answers")},
            },
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "security": [],
                "responses": {
                    "200": {
                        "description": "the OpenAPI document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            },
        },
    }


def request_schemas(default_time_limit: float, max_time_limit: float, scenario_time_limit: float) -> Schema:
    """The request bodies' schemas, generated from the models that check them (``web.api.shapes``),
    with this app's time limits: the most a request may ask for, and what it gets when it names none."""
    schemas = component_schemas()
    for name in ("DatasetRequest", "ReplanRequest"):
        _cap_time_limit(schemas[name], max_time_limit, default_time_limit)
    _cap_time_limit(schemas["ScenarioRequest"], scenario_time_limit, scenario_time_limit)
    return schemas


def _cap_time_limit(schema: Schema, cap: float, default: float) -> None:
    """Set ``time_limit``'s maximum and default (the app's settings) in a generated request schema."""
    for option in schema["properties"]["time_limit"]["anyOf"]:
        if option.get("type") == "number":
            option["maximum"] = cap
    schema["properties"]["time_limit"]["default"] = default


def openapi_document(
    version: str, default_time_limit: float, max_time_limit: float, scenario_limits: tuple[float, int] = (10.0, 12)
) -> Schema:
    """The whole document for one app's configuration (``scenario_limits``: seconds per variant, variants)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "After-sales dispatch planner API",
            "version": version,
            "description": "Plan a day of after-sales visits from the contract's JSON dataset, "
            "validate datasets, and read stored plans; during the day, re-plan a stored "
            "day around what happened, offer appointment slots and book them; compare staffing "
            "scenarios of a day in the background; with a work-order store, report visits' "
            "statuses from the field and read orders. Plans and datasets hold "
            "customers' personal data: every operation that carries them needs "
            "a staff session or an API token.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(),
        "components": {
            "schemas": {
                **request_schemas(default_time_limit, max_time_limit, scenario_limits[0]),
                **_plan_schemas(),
                **_report_schemas(),
                **_events_schema(),
                **_day_answer_schemas(),
                **scenario_schemas(*scenario_limits),
                **visit_schemas(),
                **edit_schemas(max_time_limit, MAX_SEED),
                **callback_schemas(),
                **followup_schemas(),
            },
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a token listed in PLANNER_API_TOKENS",
                },
                "staffSession": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "the session cookie set by /login",
                },
                "routeLink": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "k",
                    "description": "the token of a technician's signed route link",
                },
            },
        },
    }
