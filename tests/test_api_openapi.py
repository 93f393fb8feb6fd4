"""The OpenAPI document says exactly what the API does: checked by schema and by a live fuzzing run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemathesis
from helpers_io import read_ok
from http_server import fetch, post_json, running
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from planner.io import dataset_from_document
from planner.io.schema import PARTS, REGIONS, TECHNICIANS, VISITS
from planner.io.write import dataset_to_document
from planner.planning import plan_day
from planner.routing import SearchParams
from web import create_app
from web.api.openapi import EXAMPLE_DAY
from web.store import Day, DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "openapi-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: Solves in the fuzzing run stay short, so the whole run is seconds, not minutes.
MAX_TIME_LIMIT = 1.0
SCENARIO_MAX_TIME_LIMIT = 0.5
#: Every conformance check: no 5xx, documented statuses, content types, bodies and headers, requests the
#: schema refuses are refused (4xx), and requests it allows are accepted.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]
#: Operations whose requests are also checked against rules a JSON Schema cannot state: a dataset's rows
#: against each other (an id used twice, a pinned technician the day lacks), or a request against the
#: stored day (a visit or technician of that day, a day among those offered, a visit not yet started).
#: A request of the right shape may still break them, so a 422 naming such a problem is an accepted
#: answer there; everywhere else a request the schema allows must be answered 2xx (or 404 for an id
#: that does not exist). A request of the wrong shape must be refused everywhere.
DAY_RULES = (
    "/plans",
    "/scenarios",
    "/slots",
    "/plans/{date}/replan",
    "/plans/{date}/slots",
    "/plans/{date}/bookings",
    "/plans/{date}/edits",
    "/plans/{date}/undo",
    "/plans/{date}/redo",
    "/plans/{date}/reoptimise",
    "/plans/{date}/urgent",
    "/plans/{date}/replan-from-field",
)
#: Operations on a stored day are fuzzed on the example day: any other date only reaches the 404.
DAY_OPERATIONS = {"/plans/{date}/replan", "/plans/{date}/slots", "/plans/{date}/bookings"}


def example_store() -> DayStore:
    """A store holding the document's example day, so reading a plan by date can succeed."""
    dataset = dataset_from_document({k: v for k, v in EXAMPLE_DAY.items() if k != "time_limit"}).dataset
    assert dataset is not None
    return DayStore({dataset.settings.date: Day(dataset, plan_day(dataset, SearchParams(time_limit=1.0)).plan)})


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = create_app(
        {
            "SECRET_KEY": "openapi-test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_MAX_TIME_LIMIT": MAX_TIME_LIMIT,
            "PLANNER_SCENARIO_MAX_TIME_LIMIT": SCENARIO_MAX_TIME_LIMIT,
        },
        example_store(),
    )
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def document(base: str) -> dict[str, Any]:
    reply = fetch(f"{base}/api/v1/openapi.json")
    assert reply.status == 200
    return reply.json()


def validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A JSON Schema validator for one component, resolving references inside the document."""
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", **document}, format_checker=jsonschema.FormatChecker()
    )


def test_document_is_open_and_takes_the_app_time_cap(base: str, document: dict[str, Any]) -> None:
    """The document needs no token and states this app's PLANNER_MAX_TIME_LIMIT."""
    assert document["openapi"].startswith("3.1")
    options = document["components"]["schemas"]["DatasetRequest"]["properties"]
    number = next(option for option in options["time_limit"]["anyOf"] if option.get("type") == "number")
    assert number["maximum"] == MAX_TIME_LIMIT
    assert set(document["paths"]) == {
        "/plans",
        "/plans/{date}",
        "/plans/{date}/replan",
        "/plans/{date}/slots",
        "/plans/{date}/bookings",
        "/slots",
        "/validate",
        "/health",
        "/openapi.json",
        "/scenarios",
        "/scenarios/jobs/{job_id}",
        "/visits",
        "/visits/{visit_id}",
        "/visits/{visit_id}/status",
        "/plans/{date}/replan-from-field",
        "/plans/{date}/edits",
        "/plans/{date}/undo",
        "/plans/{date}/redo",
        "/plans/{date}/reoptimise",
        "/plans/{date}/urgent",
        "/visits/{visit_id}/callback",
        "/callbacks",
        "/escalations",
        "/kpis",
        "/followup-settings",
        "/visits/{visit_id}/grade",
    }


@pytest.mark.parametrize(
    "component, spec",
    [
        ("TechnicianRow", TECHNICIANS),
        ("VisitRow", VISITS),
        ("PartRow", PARTS),
        ("RegionRow", REGIONS),
    ],
)
def test_row_schemas_list_the_loaders_columns(document: dict[str, Any], component: str, spec: Any) -> None:
    """Each table's row schema names exactly the columns the dataset loader reads."""
    assert set(document["components"]["schemas"][component]["properties"]) == set(spec.columns)


def test_sample_dataset_request_and_its_answers_match_the_schemas(base: str, document: dict[str, Any]) -> None:
    """The sample request fits DatasetRequest; its plan, report and 422 fit Plan, ValidationReport, Error."""
    sample = {**dataset_to_document(read_ok(SAMPLE)), "time_limit": MAX_TIME_LIMIT}
    validator(document, "DatasetRequest").validate(sample)
    plan = post_json(f"{base}/api/v1/plans", sample, AUTH)
    assert plan.status == 200
    validator(document, "Plan").validate(plan.json())
    report = post_json(f"{base}/api/v1/validate", sample, AUTH)
    validator(document, "ValidationReport").validate(report.json())
    invalid = post_json(f"{base}/api/v1/plans", {**sample, "visits": [{"id": "V1"}]}, AUTH)
    assert invalid.status == 422
    validator(document, "Error").validate(invalid.json())


def test_document_example_is_a_valid_day(base: str, document: dict[str, Any]) -> None:
    """The request example in the document validates without a single problem."""
    example = document["paths"]["/plans"]["post"]["requestBody"]["content"]["application/json"]["example"]
    validator(document, "DatasetRequest").validate(example)
    report = post_json(f"{base}/api/v1/validate", example, AUTH).json()
    assert report["ok"] is True and report["problems"] == []


@pytest.mark.parametrize(
    "path, component",
    [
        ("/plans/{date}/slots", "SlotsRequest"),
        ("/slots", "DatedSlotsRequest"),
        ("/plans/{date}/bookings", "BookingRequest"),
        ("/plans/{date}/replan", "ReplanRequest"),
    ],
)
def test_day_operation_examples_succeed(base: str, document: dict[str, Any], path: str, component: str) -> None:
    """Each during-the-day example fits its request schema and is answered 200 on the example day."""
    example = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["example"]
    validator(document, component).validate(example)
    reply = post_json(f"{base}/api/v1{path.format(date=EXAMPLE_DAY['settings']['date'])}", example, AUTH)
    assert reply.status == 200, reply.text


DAY = {k: v for k, v in EXAMPLE_DAY.items() if k != "time_limit"}
SLOTS = {"visit": {k: v for k, v in EXAMPLE_DAY["visits"][1].items() if k != "id"}}


@pytest.mark.parametrize(
    "path, component, body",
    [
        ("/plans", "DatasetRequest", {**DAY, "regions": [{"id": "chaoyang", "name_en": {}}]}),
        ("/plans", "DatasetRequest", {**DAY, "settings": {**DAY["settings"], "date": ""}}),
        ("/validate", "DatasetRequest", [None, None]),
        ("/scenarios", "ScenarioRequest", {"dataset": DAY, "scenarios": {"base": 5, "variants": [{"name": "a"}]}}),
        ("/scenarios", "ScenarioRequest", {"dataset": DAY, "scenarios": {"base": [], "variants": [{"name": "a"}]}}),
        ("/plans/2026-11-23/slots", "SlotsRequest", {**SLOTS, "at": "qø"}),
        ("/plans/2026-11-23/slots", "SlotsRequest", {**SLOTS, "preferred_days": [""]}),
        ("/plans/2026-11-23/replan", "ReplanRequest", {"at": "25:00"}),
    ],
)
def test_what_the_document_refuses_the_server_refuses(
    base: str, document: dict[str, Any], path: str, component: str, body: Any
) -> None:
    """Bodies the request's schema refuses are refused with 422 (a scenario job is not started), each with
    its problems located; the schema says so too, so a client is never told one thing and answered another."""
    with pytest.raises(jsonschema.ValidationError):
        validator(document, component).validate(body)
    reply = post_json(f"{base}/api/v1{path}", body, AUTH)
    assert reply.status == 422, reply.text
    assert reply.json()["problems"] and "job_id" not in reply.json()


def test_plan_schema_rejects_a_plan_missing_a_field(base: str, document: dict[str, Any]) -> None:
    """The Plan schema is strict: a route without its return time does not pass."""
    plan = fetch(f"{base}/api/v1/plans/2026-11-23", headers=AUTH).json()
    del plan["routes"][0]["return"]
    with pytest.raises(jsonschema.ValidationError):
        validator(document, "Plan").validate(plan)


@pytest.fixture(scope="module")
def api_schema(base: str) -> Any:
    """The live document, loaded by schemathesis from the running server; a 422 is an accepted answer to a
    request of the right shape only where the day's own rules apply (``DAY_RULES``)."""
    paths = "|".join(path.replace("{", r"\{").replace("}", r"\}") for path in DAY_RULES)
    # The coverage phase walks the boundaries of every property of every body (hundreds of requests per
    # operation); it draws the values the schema refuses, while values it allows come from the documented
    # examples and the fuzzing phase (max_examples below): that keeps the run to a few seconds of requests.
    day_rules = {
        "include-path-regex": f"^({paths})$",
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]}
        },
    }
    config = SchemathesisConfig.from_dict(
        {"phases": {"coverage": {"generation": {"mode": "negative"}}}, "operations": [day_rules]}
    )
    return schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json", config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_live_api_conforms_to_its_document(case: schemathesis.Case, base: str) -> None:
    """Generated requests (valid and not), the same on every run: never a 5xx or an answer the document does not
    describe; what the schema refuses is refused, and what it allows is accepted. Every operation is called;
    the work-order ones answer without a store here and run on a real one in test_workorders_fuzz."""
    if case.operation.path in DAY_OPERATIONS:
        case.path_parameters = {"date": EXAMPLE_DAY["settings"]["date"]}
    case.call_and_validate(base_url=f"{base}/api/v1", headers=AUTH, checks=CHECKS, timeout=30)
