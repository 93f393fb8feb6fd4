"""The status API over real HTTP, on a store in SQLite and in PostgreSQL: staff, technicians' links, conflicts."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_io import read_ok
from http_server import fetch, post_json, running

from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import dataset_for, import_dataset, open_database, save_plan
from planner.store.clock import now_in
from web import create_app
from web.auth import technician_token

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
DATE = dt.date(2026, 11, 23)
TOKEN = "workorders-api-token"
STAFF = {"Authorization": f"Bearer {TOKEN}"}


class Served:
    """A running app on a planned store day: its URL, the routes, and signed links."""

    def __init__(self, base: str, app, routes: dict[str, list[str]]):
        self.base, self.app, self.routes = base, app, routes

    def link(self, technician_id: str) -> str:
        with self.app.app_context():
            return technician_token(DATE, technician_id)

    def status(self, visit_id: str, body: dict, headers: dict | None = None, k: str | None = None):
        query = f"?k={k}" if k else ""
        return post_json(f"{self.base}/api/v1/visits/{visit_id}/status{query}", body, headers)


@pytest.fixture
def served(store_url) -> Iterator[Served]:
    sample = read_ok(SAMPLE)
    small = sample.model_copy(update={"visits": sample.visits[:12]})
    db = open_database(store_url)
    import_dataset(db, small, now_in("Asia/Shanghai"))
    dataset = dataset_for(db, DATE)
    plan = plan_day(dataset, SearchParams(time_limit=1.0)).plan
    save_plan(db, dataset, plan, by="lead", moment=now_in("Asia/Shanghai"))
    db.close()
    routes = {route.technician_id: [stop.visit_id for stop in route.stops] for route in plan.routes if route.stops}
    assert len(routes) >= 2
    app = create_app(
        {"SECRET_KEY": "workorders-test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_DATABASE_URL": store_url}
    )
    with running(app) as base:
        yield Served(base, app, routes)
    app.extensions["planner.workorders"].close()


def first_stop(served: Served) -> tuple[str, str]:
    technician_id = sorted(served.routes)[0]
    return technician_id, served.routes[technician_id][0]


def test_staff_move_a_visit_along_and_read_it_back(served: Served) -> None:
    _, visit_id = first_stop(served)
    reply = served.status(
        visit_id,
        {"status": "en_route", "client_id": "a1", "version": 2, "at": "2026-11-23T08:40:00+08:00", "note": "出发"},
        STAFF,
    )
    assert reply.status == 200, reply.text
    answer = reply.json()
    assert (answer["visit_id"], answer["status"], answer["version"]) == (visit_id, "en_route", 3)
    assert [h["status"] for h in answer["history"]] == ["open", "planned", "en_route"]
    assert answer["history"][-1] == {
        "status": "en_route",
        "from": "planned",
        "at": "2026-11-23T08:40:00+08:00",
        "by": "api-token",
        "note": "出发",
        "client_id": "a1",
        "part_id": None,
        "version": 3,
    }
    read = fetch(f"{served.base}/api/v1/visits/{visit_id}", headers=STAFF)
    assert read.status == 200 and read.json()["status"] == "en_route" and read.json()["status_zh"] == "已出发"
    assert len(read.json()["history"]) == 3
    listed = fetch(f"{served.base}/api/v1/visits?status=en_route&date=2026-11-23", headers=STAFF).json()["visits"]
    assert [v["visit_id"] for v in listed] == [visit_id]
    every = fetch(f"{served.base}/api/v1/visits?date=2026-11-23", headers=STAFF).json()["visits"]
    assert len(every) == 12 and "customer" not in every[0]


def test_same_client_id_twice_gives_one_record_and_the_same_answer(served: Served) -> None:
    _, visit_id = first_stop(served)
    body = {"status": "on_site", "client_id": "tap-7"}
    first, again = served.status(visit_id, body, STAFF), served.status(visit_id, body, STAFF)
    assert first.status == again.status == 200
    assert first.json() == again.json()
    assert [h["client_id"] for h in again.json()["history"]].count("tap-7") == 1


def test_a_change_not_allowed_is_409_naming_both_statuses(served: Served) -> None:
    _, visit_id = first_stop(served)
    reply = served.status(visit_id, {"status": "done", "client_id": "x"}, STAFF)
    assert reply.status == 409
    body = reply.json()
    assert (body["error"], body["current"], body["wanted"]) == ("status_not_allowed", "planned", "done")
    assert "planned" in body["message"] and "done" in body["message"]
    assert "已派" in body["message_zh"] and "已完成" in body["message_zh"]
    assert fetch(f"{served.base}/api/v1/visits/{visit_id}", headers=STAFF).json()["version"] == 2


def test_a_stale_version_is_409(served: Served) -> None:
    _, visit_id = first_stop(served)
    assert served.status(visit_id, {"status": "en_route", "client_id": "one", "version": 2}, STAFF).status == 200
    reply = served.status(visit_id, {"status": "on_site", "client_id": "two", "version": 2}, STAFF)
    assert reply.status == 409 and reply.json()["error"] == "stale_version" and reply.json()["version"] == 3


def test_a_malformed_body_is_422_listing_every_problem(served: Served) -> None:
    _, visit_id = first_stop(served)
    reply = served.status(
        visit_id, {"status": "finished", "at": "2026-11-23T10:00", "version": "2", "colour": "red"}, STAFF
    )
    assert reply.status == 422
    columns = sorted(problem["column"] for problem in reply.json()["problems"])
    assert columns == ["at", "client_id", "colour", "status", "version"]
    assert fetch(f"{served.base}/api/v1/visits/{visit_id}", headers=STAFF).json()["version"] == 2


def test_technicians_link_changes_own_visits_only(served: Served) -> None:
    mine, visit_id = first_stop(served)
    other = next(t for t in sorted(served.routes) if t != mine)
    link = served.link(mine)
    reply = served.status(visit_id, {"status": "en_route", "client_id": "t1"}, k=link)
    assert reply.status == 200 and reply.json()["history"][-1]["by"] == mine
    theirs = served.routes[other][0]
    refused = served.status(theirs, {"status": "en_route", "client_id": "t2"}, k=link)
    assert refused.status == 403
    assert served.status(theirs, {"status": "en_route", "client_id": "t3"}).status == 401
    assert served.status(visit_id, {"status": "on_site", "client_id": "t4"}, k=link[:-3] + "xyz").status == 403
    # A link is not a staff pass: reading orders needs a login or a token.
    assert fetch(f"{served.base}/api/v1/visits/{visit_id}?k={link}").status == 401


def test_unknown_visit_and_bad_filters(served: Served) -> None:
    assert served.status("NOPE", {"status": "planned", "client_id": "z"}, STAFF).status == 404
    assert fetch(f"{served.base}/api/v1/visits/NOPE", headers=STAFF).status == 404
    assert fetch(f"{served.base}/api/v1/visits?status=lost", headers=STAFF).status == 400
    assert fetch(f"{served.base}/api/v1/visits?date=23.11.2026", headers=STAFF).status == 400


def test_two_clients_at_once_one_wins_the_others_are_told(served: Served) -> None:
    """Six phones post on the same version at the same moment over HTTP: one 200, five 409."""
    _, visit_id = first_stop(served)
    start = threading.Barrier(6)
    statuses: list[int] = []

    def phone(number: int) -> None:
        start.wait()
        reply = served.status(
            visit_id,
            {"status": "en_route" if number % 2 else "on_site", "client_id": f"p{number}", "version": 2},
            STAFF,
        )
        statuses.append(reply.status)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 5
    assert fetch(f"{served.base}/api/v1/visits/{visit_id}", headers=STAFF).json()["version"] == 3


def test_without_a_store_the_status_api_is_404() -> None:
    app = create_app({"SECRET_KEY": "x", "PLANNER_API_TOKENS": [TOKEN]}, store=None)
    with running(app) as base:
        reply = post_json(f"{base}/api/v1/visits/V001/status", {"status": "planned", "client_id": "a"}, STAFF)
        assert reply.status == 404 and "--db" in reply.json()["message"]


def test_answers_match_the_openapi_document(served: Served) -> None:
    """Each kind of answer (200s, 409s, 422) fits the schema the document gives it."""
    import jsonschema

    document = fetch(f"{served.base}/api/v1/openapi.json").json()

    def fits(name: str, value: object) -> None:
        jsonschema.Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", **document}, format_checker=jsonschema.FormatChecker()
        ).validate(value)

    _, visit_id = first_stop(served)
    example = document["paths"]["/visits/{visit_id}/status"]["post"]["requestBody"]["content"]["application/json"]
    fits("StatusRequest", example["example"])
    fits("VisitStatus", served.status(visit_id, example["example"], STAFF).json())
    fits("Conflict", served.status(visit_id, {"status": "done", "client_id": "c9"}, STAFF).json())
    fits("Conflict", served.status(visit_id, {"status": "on_site", "client_id": "c8", "version": 1}, STAFF).json())
    fits("Error", served.status(visit_id, {"status": "?"}, STAFF).json())
    fits("WorkOrder", fetch(f"{served.base}/api/v1/visits/{visit_id}", headers=STAFF).json())
    fits("WorkOrders", fetch(f"{served.base}/api/v1/visits?date=2026-11-23", headers=STAFF).json())


def test_replan_from_the_field_drops_called_off_visits_and_keeps_a_new_version(served: Served, store_url) -> None:
    """Not home reported for a visit not yet begun: the re-plan at 08:00 takes it off today's routes."""
    from planner.store import plan_versions

    technician_id = max(served.routes, key=lambda t: len(served.routes[t]))
    visit_id = served.routes[technician_id][-1]
    for step, status in enumerate(("en_route", "not_home")):
        assert served.status(visit_id, {"status": status, "client_id": f"nh{step}"}, STAFF).status == 200
    reply = post_json(
        f"{served.base}/api/v1/plans/2026-11-23/replan-from-field", {"at": "08:00", "time_limit": 1}, STAFF
    )
    assert reply.status == 200, reply.text
    answer = reply.json()
    assert answer["not_home"] == [visit_id] and answer["called_off"] == []
    routed = {stop["visit_id"] for route in answer["plan"]["routes"] for stop in route["stops"]}
    assert visit_id not in routed
    db = open_database(store_url)
    try:
        assert [(v.version, v.live) for v in plan_versions(db, DATE)] == [(1, False), (2, True)]
    finally:
        db.close()
    assert post_json(f"{served.base}/api/v1/plans/2026-11-23/replan-from-field", {"at": "25:00"}, STAFF).status == 422
    assert post_json(f"{served.base}/api/v1/plans/2026-11-23/replan-from-field", {"at": "08:00"}).status == 401


def test_posting_a_plan_for_a_planned_date_makes_a_new_version(served: Served, store_url) -> None:
    """POST /plans on a server of the store's days keeps every plan: version 2 is live, version 1 is kept."""
    from planner.io.write import dataset_to_document
    from planner.store import live_day, plan_versions

    db = open_database(store_url)
    try:
        before = live_day(db, DATE)
        assert before is not None
        reply = post_json(
            f"{served.base}/api/v1/plans", {**dataset_to_document(before.dataset), "time_limit": 1}, STAFF
        )
        assert reply.status == 200, reply.text
        versions = plan_versions(db, DATE)
        assert [(v.version, v.made_by, v.live) for v in versions] == [(1, "lead", False), (2, "api-token", True)]
    finally:
        db.close()
    assert fetch(f"{served.base}/api/v1/plans", headers=STAFF).json() == {"dates": ["2026-11-23"]}


def test_a_change_without_at_is_stamped_now_in_the_departments_time_zone(served: Served) -> None:
    _, visit_id = first_stop(served)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    reply = served.status(visit_id, {"status": "en_route", "client_id": "no-at"}, STAFF)
    at = dt.datetime.fromisoformat(reply.json()["history"][-1]["at"])
    assert at.utcoffset() == dt.timedelta(hours=8)
    assert before <= at <= dt.datetime.now(dt.UTC)
