"""Staffing scenario jobs through the API over real HTTP: checked at once, solved in the background, polled.

The day is the tiny synthetic one of ``scenario_fixtures`` and searches
are capped at two seconds, so each job finishes in a few seconds (most of
it starting the job's process).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml
from http_server import fetch, post_json, running
from scenario_fixtures import customer_data, tiny_day

from planner.io.write import dataset_to_document
from planner.io.yaml_lines import parse_yaml_with_lines
from planner.routing import SearchParams
from planner.scenarios.spec import read_scenario_document
from web import create_app
from web.api.scenario_input import read_scenarios
from web.job_book import MemoryJobs, Work
from web.scenario_jobs import ScenarioJobs
from web.store import DayStore

TOKEN = "scenario-api-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_TIME_LIMIT = 2.0
MAX_VARIANTS = 6
#: A base, one variant and a two-step sweep.
SCENARIOS: dict[str, Any] = {
    "base": {"label": "今日 Today"},
    "variants": [{"name": "plus_t01", "label": "+1 like T01", "add_technicians": [{"like": "T01"}]}],
    "sweeps": [{"name": "more", "like": "T03", "from": 0, "to": 1}],
}
NAMES = ["base", "plus_t01", "more_0", "more_1"]
#: Line 4 of this text names a technician the day does not have.
BAD_YAML = """variants:
  - name: train_t99
    train:
      - technician: T99
        skill: smart_lock
"""


@pytest.fixture(scope="module")
def day_document() -> dict[str, Any]:
    return dataset_to_document(tiny_day())


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = create_app(
        {
            "SECRET_KEY": "test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_SCENARIO_MAX_TIME_LIMIT": MAX_TIME_LIMIT,
            "PLANNER_SCENARIO_MAX_VARIANTS": MAX_VARIANTS,
        },
        DayStore(),
    )
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def openapi(base: str) -> dict[str, Any]:
    return fetch(f"{base}/api/v1/openapi.json").json()


def validate(openapi: dict[str, Any], component: str, value: Any) -> None:
    jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", **openapi}, format_checker=jsonschema.FormatChecker()
    ).validate(value)


def finished(base: str, status_url: str, within: float = 60) -> dict[str, Any]:
    """Poll a job until it is done or failed (or fail the test after ``within`` seconds)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        reply = fetch(base + status_url, headers=AUTH)
        assert reply.status == 200, reply.text
        job = reply.json()
        assert job["progress"]["done"] <= job["progress"]["total"]
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"the job did not finish within {within} s")


def start(base: str, body: dict[str, Any]) -> str:
    reply = post_json(f"{base}/api/v1/scenarios", body, AUTH)
    assert reply.status == 202, reply.text
    accepted = reply.json()
    assert reply.headers.get("Location") == accepted["status_url"] == f"/api/v1/scenarios/jobs/{accepted['job_id']}"
    return accepted["status_url"]


def test_posted_scenarios_finish_with_every_plan_checked_and_a_report_page(
    base: str, day_document: dict[str, Any], openapi: dict[str, Any]
) -> None:
    """202 and a job; polled to done: every variant, no broken rule in any plan, its report page, no customer data."""
    status_url = start(base, {"dataset": day_document, "scenarios": SCENARIOS, "time_limit": 1})
    job = finished(base, status_url)
    assert job["status"] == "done", job
    validate(openapi, "ScenarioJob", job)
    result = job["result"]
    assert [v["name"] for v in result["variants"]] == NAMES and result["search"]["time_limit"] == 1
    assert result["violations"] == [] and all(v["violations"] == [] for v in result["variants"])
    assert result["advice"] is None and job["progress"]["done"] == job["progress"]["total"] > 0
    page = fetch(base + job["report_url"] + "?lang=en", headers=AUTH)
    assert page.status == 200 and "+1 like T01" in page.text and page.text.count('class="chart chart-bars"') == 4
    listing = fetch(f"{base}/scenarios/", headers=AUTH).text
    assert f'href="{job["report_url"]}"' in listing
    assert [text for text in customer_data(tiny_day()) if text in page.text + listing + str(result)] == []


def test_yaml_text_with_advice_runs_like_the_file(base: str, day_document: dict[str, Any]) -> None:
    """The scenario file pasted as YAML gives the same variants, and advice when asked for."""
    text = yaml.safe_dump(SCENARIOS, allow_unicode=True)
    job = finished(base, start(base, {"dataset": day_document, "scenarios": text, "advice": True}))
    assert job["status"] == "done", job
    assert [v["name"] for v in job["result"]["variants"]] == NAMES
    assert job["result"]["search"]["time_limit"] == MAX_TIME_LIMIT and job["result"]["advice"] is not None


def problems(reply: Any) -> list[tuple[str, int | None, str | None]]:
    assert reply.status == 422, reply.text
    assert reply.json()["error"] == "invalid_scenarios"
    return [(p["table"], p["row"], p["column"]) for p in reply.json()["problems"] if p["severity"] == "error"]


def test_bad_scenarios_are_422_with_every_problem_located(base: str, day_document: dict[str, Any]) -> None:
    """YAML problems name line and key, an object's name the path; request options are checked alongside."""
    as_text = post_json(
        f"{base}/api/v1/scenarios",
        {"dataset": day_document, "scenarios": BAD_YAML, "time_limit": MAX_TIME_LIMIT + 1, "colour": "red"},
        AUTH,
    )
    assert sorted(problems(as_text), key=str) == [
        ("request", None, "colour"),
        ("request", None, "time_limit"),
        ("scenarios", 4, "technician"),
    ]
    assert "unknown technician T99" in as_text.text
    as_object = post_json(
        f"{base}/api/v1/scenarios", {"dataset": day_document, "scenarios": yaml.safe_load(BAD_YAML)}, AUTH
    )
    assert problems(as_object) == [("scenarios", None, "variants[0].train[0].technician")]


def test_the_day_is_checked_too(base: str, day_document: dict[str, Any]) -> None:
    """A broken day is reported by table, row and column (the scenarios' syntax still checked); a day of nobody too."""
    broken = {**day_document, "visits": [{**day_document["visits"][0], "priority": 9}, *day_document["visits"][1:]]}
    reply = post_json(f"{base}/api/v1/scenarios", {"dataset": broken, "scenarios": "variants: [unclosed"}, AUTH)
    found = problems(reply)
    assert ("visits", 1, "priority") in found and any(table == "scenarios" for table, _, _ in found)
    visits = [{k: v for k, v in row.items() if not k.endswith("_technician")} for row in day_document["visits"]]
    nobody = {**day_document, "technicians": [], "visits": visits}
    reply = post_json(f"{base}/api/v1/scenarios", {"dataset": nobody, "scenarios": SCENARIOS}, AUTH)
    assert problems(reply) == [("technicians", None, None)]


@pytest.mark.parametrize(
    "scenarios, column, words",
    [
        ({"sweeps": [{"name": "many", "like": "T01", "from": 0, "to": MAX_VARIANTS}]}, "variants", "at most"),
        (
            {"variants": [{"name": "more", "demand": {"extra_visits": "/etc/passwd"}}]},
            "variants[0].demand.extra_visits",
            "cannot use one",
        ),
        ("a: &x [1, 1]\nb: [*x, *x]\n", None, "aliases"),
        (
            {"variants": [{"name": "nobody", "remove_technicians": ["T01", "T02", "T03"]}]},
            "variants[0].remove_technicians",
            "leaves nobody",
        ),
    ],
)
def test_what_a_shared_server_refuses(
    base: str, day_document: dict[str, Any], scenarios: Any, column: str | None, words: str
) -> None:
    """Too many variants, files on the server, YAML aliases and days without anybody are refused before solving."""
    reply = post_json(f"{base}/api/v1/scenarios", {"dataset": day_document, "scenarios": scenarios}, AUTH)
    assert [c for _, _, c in problems(reply)] == [column] and words in reply.text


def test_unknown_job_is_404_and_everything_needs_staff(base: str, day_document: dict[str, Any]) -> None:
    """An unknown job id is 404; without a token both operations are 401 with a Bearer challenge."""
    missing = fetch(f"{base}/api/v1/scenarios/jobs/0123456789abcdef", headers=AUTH)
    assert missing.status == 404 and missing.json()["error"] == "not_found"
    for reply in (
        fetch(f"{base}/api/v1/scenarios/jobs/0123456789abcdef"),
        post_json(f"{base}/api/v1/scenarios", {"dataset": day_document, "scenarios": SCENARIOS}),
    ):
        assert reply.status == 401 and reply.headers.get("WWW-Authenticate", "").startswith("Bearer")


def test_full_queue_is_429(day_document: dict[str, Any]) -> None:
    """A server that takes no more waiting jobs answers 429 with Retry-After (0 waiting jobs allowed here)."""
    app = create_app(
        {"SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_SCENARIO_MAX_QUEUED": 0}, DayStore()
    )
    with running(app) as url:
        reply = post_json(f"{url}/api/v1/scenarios", {"dataset": day_document, "scenarios": SCENARIOS}, AUTH)
    assert reply.status == 429 and reply.headers.get("Retry-After") and reply.json()["error"] == "too_many_jobs"


def test_documented_example_is_accepted(base: str, openapi: dict[str, Any]) -> None:
    """The request example of the OpenAPI document fits its schema and queues a job that finishes."""
    example = openapi["paths"]["/scenarios"]["post"]["requestBody"]["content"]["application/json"]["example"]
    validate(openapi, "ScenarioRequest", example)
    assert finished(base, start(base, example))["status"] == "done"


def test_finished_jobs_are_forgotten_after_a_while() -> None:
    """A finished job is kept for keep_seconds, then its id is unknown and its report gone."""
    now = [1000.0]
    jobs = ScenarioJobs(MemoryJobs(max_queued=1, keep_seconds=60, clock=lambda: now[0]))
    scenario, found = read_scenarios(SCENARIOS, tiny_day())
    assert scenario is not None, found
    job_id = jobs.submit(Work(tiny_day(), scenario, SearchParams(time_limit=1), advice=False))
    deadline = time.monotonic() + 60
    while (state := jobs.state(job_id)) is not None and state.status not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert state is not None and state.status == "done" and [j.id for j in jobs.finished()] == [job_id]
    now[0] += 61
    assert jobs.state(job_id) is None and jobs.finished() == []
    jobs.close()


def test_json_and_yaml_scenarios_read_alike() -> None:
    """An object and its YAML text make the same variants with the same changes."""
    doc, _ = parse_yaml_with_lines(yaml.safe_dump(SCENARIOS), "scenarios")
    assert doc is not None
    from_text, _ = read_scenario_document(doc, tiny_day(), folder=None)
    from_object, _ = read_scenarios(SCENARIOS, tiny_day())
    assert from_text is not None and from_object is not None
    assert [(v.name, v.label, v.changes, v.step) for v in from_text.variants] == [
        (v.name, v.label, v.changes, v.step) for v in from_object.variants
    ]
