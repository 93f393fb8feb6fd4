"""The JSON API over real HTTP: planning, validation, stored plans, and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_io import read_ok
from http_server import fetch, post_json, running

from planner.check import check
from planner.domain import Dataset
from planner.io.write import dataset_to_document
from web import MAX_BODY_BYTES, create_app
from web.api.shapes import DatasetRequest, shape_problems
from web.store import DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "api-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_TIME_LIMIT = 2.0


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset = read_ok(SAMPLE)
    return dataset


@pytest.fixture(scope="module")
def store() -> DayStore:
    return DayStore()


@pytest.fixture(scope="module")
def base(store: DayStore) -> Iterator[str]:
    app = create_app(
        {"SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_MAX_TIME_LIMIT": MAX_TIME_LIMIT}, store
    )
    with running(app) as url:
        yield url + "/api/v1"


@pytest.fixture(scope="module")
def posted(base: str, sample: Dataset) -> Any:
    """The sample day, planned once through the API for the module's tests."""
    reply = post_json(f"{base}/plans", {**dataset_to_document(sample), "time_limit": 1}, AUTH)
    assert reply.status == 200, reply.text
    return reply.json()


def broken_document(sample: Dataset) -> dict[str, Any]:
    """The sample with one mistake in each table, the settings and the options."""
    document = dataset_to_document(sample)
    document["settings"]["date"] = "2026-11-31"
    document["technicians"][0]["shift_end"] = "25:00"
    document["visits"][1]["priority"] = 9
    document["visits"][4]["lat"] = "north"
    document["time_limit"] = MAX_TIME_LIMIT + 1
    return document


def located(reply_body: dict[str, Any]) -> set[tuple[str, int | None, str | None]]:
    """(table, row, column) of every error in an answer."""
    return {(p["table"], p["row"], p["column"]) for p in reply_body["problems"] if p["severity"] == "error"}


EXPECTED_ERRORS = {
    ("settings", None, "date"),
    ("technicians", 1, "shift_end"),
    ("visits", 2, "priority"),
    ("visits", 5, "lat"),
    ("request", None, "time_limit"),
}


def test_posted_sample_plan_passes_the_independent_checker(posted: Any, sample: Dataset) -> None:
    """A plan posted from the sample dataset comes back as plan.json and keeps every hard rule."""
    assert posted["date"] == "2026-11-23"
    assert check(sample, posted) == []
    planned = {s["visit_id"] for r in posted["routes"] for s in r["stops"]}
    assert planned | {u["visit_id"] for u in posted["unassigned"]} == {v.id for v in sample.visits}


def test_posted_plan_is_stored_and_read_back_by_date(base: str, posted: Any, store: DayStore) -> None:
    """After the POST the day is in the store, listed, and GET by date returns the same plan."""
    assert [d.isoformat() for d in store.dates()] == ["2026-11-23"]
    listed = fetch(f"{base}/plans", headers=AUTH)
    assert listed.status == 200 and listed.json() == {"dates": ["2026-11-23"]}
    again = fetch(f"{base}/plans/2026-11-23", headers=AUTH)
    assert again.status == 200
    assert again.headers.get_content_type() == "application/json"
    assert again.json() == posted


def test_unknown_date_is_404_json(base: str) -> None:
    """A date without a plan is a 404 with the JSON error body."""
    reply = fetch(f"{base}/plans/2030-01-01", headers=AUTH)
    assert reply.status == 404
    assert reply.json()["error"] == "not_found"


@pytest.mark.parametrize("text", ["2026-02-30", "20261123", "tomorrow", "2026-1-5"])
def test_malformed_date_is_400(base: str, text: str) -> None:
    """Only a real calendar date written YYYY-MM-DD is accepted in the path."""
    reply = fetch(f"{base}/plans/{text}", headers=AUTH)
    assert reply.status == 400
    assert "YYYY-MM-DD" in reply.json()["message"]


def test_invalid_dataset_is_422_with_every_problem_located(base: str, sample: Dataset, store: DayStore) -> None:
    """Several mistakes come back together, each with its table, row and column; nothing is stored."""
    before = store.dates()
    reply = post_json(f"{base}/plans", broken_document(sample), AUTH)
    assert reply.status == 422
    body = reply.json()
    assert body["error"] == "invalid_dataset"
    assert EXPECTED_ERRORS <= located(body)
    assert all(set(p) == {"severity", "table", "row", "column", "message", "message_zh"} for p in body["problems"])
    shift_end = next(p for p in body["problems"] if (p["table"], p["column"]) == ("technicians", "shift_end"))
    assert shift_end["message"] == "shift_end 25:00 is not a clock time; expected HH:MM from 00:00 to 24:00"
    assert shift_end["message_zh"] == "shift_end 的值 25:00 不是时刻；应为 00:00 到 24:00 之间的 HH:MM"
    assert store.dates() == before


def test_validate_reports_problems_with_200(base: str, sample: Dataset) -> None:
    """The validation report is the answer for a request of the right shape: 200, ok false, located problems."""
    document = dataset_to_document(sample)
    document["technicians"][0]["shift_end"] = document["technicians"][0]["shift_start"]
    document["visits"][2]["id"] = document["visits"][0]["id"]
    document["visits"][4]["lat"] = "north"
    reply = post_json(f"{base}/validate", document, AUTH)
    assert reply.status == 200
    body = reply.json()
    assert body["ok"] is False
    assert {("technicians", 1, "shift_end"), ("visits", 3, "id"), ("visits", 5, "lat")} <= located(body)
    assert body["summary"]["errors"] == len(located(body))
    assert body["summary"]["visits"] is None


def test_validate_refuses_a_request_of_the_wrong_shape_with_422(base: str, sample: Dataset) -> None:
    """What the document's schema refuses (a time of day 25:00, an object for a name, a time cap above the
    server's) is a 422 with every problem located, not a report."""
    reply = post_json(f"{base}/validate", broken_document(sample), AUTH)
    assert reply.status == 422
    assert EXPECTED_ERRORS <= located(reply.json())
    document = dataset_to_document(sample)
    document["regions"] = [{"id": "chaoyang", "name_en": {}}]
    reply = post_json(f"{base}/validate", document, AUTH)
    assert reply.status == 422 and ("regions", 1, "name_en") in located(reply.json())
    assert post_json(f"{base}/validate", [None, None], AUTH).status == 422


def test_a_missing_field_is_named_without_the_row_around_it(sample: Dataset) -> None:
    """A visit without its required ``lat`` is refused by the request's shape, and the problem does not quote
    the visit's customer, phone or address (what the rest of the row holds)."""
    document = dataset_to_document(sample)
    row = document["visits"][1]
    del row["lat"]
    problems = shape_problems(DatasetRequest, document)
    assert ("visits", 2, "lat") in {(p.file, p.row, p.column) for p in problems}
    said = [p.message + p.message_zh for p in problems]
    assert not any(str(row[field]) in text for text in said for field in ("customer", "phone", "address"))


def test_validate_summarises_a_good_dataset(base: str, sample: Dataset) -> None:
    """A usable dataset is ok, with its counts and the CLI's summary lines."""
    body = post_json(f"{base}/validate", dataset_to_document(sample), AUTH).json()
    assert body["ok"] is True
    assert body["summary"]["date"] == "2026-11-23"
    assert (body["summary"]["technicians"], body["summary"]["visits"]) == (12, 70)
    assert any(line.startswith("Totals: 12 technicians, 70 visits") for line in body["summary"]["lines"])
    assert any(line.startswith("合计：12 名技师，70 个上门") for line in body["summary"]["lines_zh"])


@pytest.mark.parametrize(
    "options, column",
    [
        ({"time_limit": 0}, "time_limit"),
        ({"time_limit": MAX_TIME_LIMIT + 0.5}, "time_limit"),
        ({"time_limit": "5"}, "time_limit"),
        ({"time_limit": True}, "time_limit"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_bad_search_options_are_located_problems(base: str, sample: Dataset, options: dict, column: str) -> None:
    """time_limit above 0 and within PLANNER_MAX_TIME_LIMIT, seed a whole number: else a request problem."""
    reply = post_json(f"{base}/validate", {**dataset_to_document(sample), **options}, AUTH)
    assert located(reply.json()) == {("request", None, column)}


def test_body_over_the_limit_is_413_json(base: str) -> None:
    """A body larger than MAX_CONTENT_LENGTH is refused with 413 and the JSON error body."""
    huge = json.dumps({"settings": {}, "padding": "x" * (MAX_BODY_BYTES + 1)})
    reply = fetch(f"{base}/plans", "POST", huge, {"Content-Type": "application/json", **AUTH})
    assert reply.status == 413
    assert reply.json()["error"] == "request_entity_too_large"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_non_json_content_type_is_415(base: str, content_type: str) -> None:
    """A dataset must be sent as application/json."""
    reply = fetch(f"{base}/plans", "POST", "{}", {"Content-Type": content_type, **AUTH})
    assert reply.status == 415
    assert reply.json()["error"] == "unsupported_media_type"


@pytest.mark.parametrize("body", ["{not json", "[" * 100_000, '{"time_limit": NaN}', b"\xff\xfe\x00"])
def test_unparsable_json_is_400(base: str, body: str | bytes) -> None:
    """Malformed, absurdly nested or non-standard JSON is a 400, never a crash."""
    reply = fetch(f"{base}/validate", "POST", body, {"Content-Type": "application/json", **AUTH})
    assert reply.status == 400
    assert reply.json()["error"] == "bad_request"


@pytest.mark.parametrize("document", [[], "text", 3, None])
def test_json_that_is_not_an_object_is_422(base: str, document: Any) -> None:
    """Valid JSON that is not a dataset document is reported as a problem of the request."""
    reply = post_json(f"{base}/plans", document, AUTH)
    assert reply.status == 422
    assert located(reply.json()) == {("request", None, None)}


def test_health_is_open_and_names_the_version(base: str) -> None:
    """Monitors need no token; the answer says the app is up and which version runs."""
    reply = fetch(f"{base}/health")
    assert reply.status == 200
    assert reply.json()["status"] == "ok" and reply.json()["version"]
