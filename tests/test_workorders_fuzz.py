"""The work-order operations against their OpenAPI document, fuzzed on a live server with a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from helpers_io import read_ok
from http_server import running
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import dataset_for, import_dataset, open_database, save_plan
from planner.store.clock import now_in
from web import create_app

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "workorders-fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = ("/visits", "/visits/{visit_id}", "/visits/{visit_id}/status", "/plans/{date}/replan-from-field")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'planner.db'}"
    sample = read_ok(SAMPLE)
    db = open_database(url)
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:6]}), now_in("Asia/Shanghai"))
    dataset = dataset_for(db, sample.settings.date)
    save_plan(
        db, dataset, plan_day(dataset, SearchParams(time_limit=1.0)).plan, by="lead", moment=now_in("Asia/Shanghai")
    )
    db.close()
    app = create_app(
        {
            "SECRET_KEY": "fuzz",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_DATABASE_URL": url,
            "PLANNER_MAX_TIME_LIMIT": 1.0,
        }
    )
    with running(app) as address:
        yield address
    app.extensions["planner.workorders"].close()


@pytest.fixture(scope="module")
def api_schema(base: str) -> Any:
    return schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json").include(
        path_regex="^(" + "|".join(p.replace("{", r"\{").replace("}", r"\}") for p in OPERATIONS) + ")$"
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_work_order_operations_conform_to_the_document(case: schemathesis.Case, base: str) -> None:
    """Generated requests (valid and not) on real orders never get a 5xx or an undocumented answer."""
    if "visit_id" in case.path_parameters:
        case.path_parameters = {"visit_id": "V001"}
    if "date" in case.path_parameters:
        case.path_parameters = {"date": "2026-11-23"}
    case.call_and_validate(base_url=f"{base}/api/v1", headers=AUTH, checks=CHECKS, timeout=30)
