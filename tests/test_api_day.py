"""During the day over real HTTP: re-plan a stored day, offer slots, book one; bad input, conflicts, access."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers_io import read_ok
from http_server import Reply, fetch, post_json, running

from planner.check import Violation, check
from planner.domain import Dataset, Visit
from planner.plan import Plan
from planner.planning import plan_day
from planner.replan.day import minutes
from planner.routing import SearchParams
from planner.slots import find_slots
from web import create_app
from web.store import Day, DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "day-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DATE = "2026-11-23"
AT = 10 * 60 + 30
#: The issue's budget for an answer while the customer is on the phone.
BUDGET_SECONDS = 25
URGENT = {
    "id": "V101",
    "lat": 39.9335,
    "lon": 116.4452,
    "region": "chaoyang",
    "type": "complaint",
    "priority": 1,
    "required_skills": "sofa_repair:2",
    "duration_min": 60,
    "due_date": DATE,
}
SOFA_REPAIR = {
    "lat": 39.996,
    "lon": 116.47,
    "region": "chaoyang",
    "type": "repair",
    "priority": 3,
    "required_skills": "sofa_repair:2",
    "duration_min": 60,
}


@dataclass(frozen=True)
class Morning:
    """The sample day and the plan made for it in the morning."""

    dataset: Dataset
    plan: Plan


@pytest.fixture(scope="module")
def morning() -> Morning:
    dataset = read_ok(SAMPLE)
    return Morning(dataset, plan_day(dataset, SearchParams(time_limit=30, solution_limit=200)).plan)


@pytest.fixture(scope="module")
def store() -> DayStore:
    return DayStore()


@pytest.fixture(scope="module")
def base(store: DayStore) -> Iterator[str]:
    app = create_app({"SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_MAX_TIME_LIMIT": 20.0}, store)
    with running(app) as url:
        yield url + "/api/v1"


@pytest.fixture(autouse=True)
def fresh_day(store: DayStore, morning: Morning) -> None:
    """Every test starts from the morning's plan, whatever the test before it changed."""
    store.put(Day(morning.dataset, morning.plan))


@pytest.fixture(scope="module")
def document(base: str) -> dict[str, Any]:
    return fetch(f"{base}/openapi.json").json()


def stored(store: DayStore) -> Day:
    """The day the store holds for the sample date."""
    day = store.day(dt.date.fromisoformat(DATE))
    assert day is not None
    return day


def conforms(document: dict[str, Any], name: str, body: Any) -> None:
    """Fail unless ``body`` fits the named component of the live OpenAPI document."""
    jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", **document}, format_checker=jsonschema.FormatChecker()
    ).validate(body)


def placements(plan: dict[str, Any] | Plan) -> dict[str, tuple[str, str]]:
    """visit id -> (technician, start) of every served visit."""
    data = plan.model_dump(mode="json", by_alias=True) if isinstance(plan, Plan) else plan
    return {s["visit_id"]: (r["technician_id"], s["start"]) for r in data["routes"] for s in r["stops"]}


def located(body: dict[str, Any]) -> set[tuple[str, int | None, str | None]]:
    """(table, row, column) of every error in an answer."""
    return {(p["table"], p["row"], p["column"]) for p in body["problems"] if p["severity"] == "error"}


def stop_of(plan: dict[str, Any], visit_id: str) -> tuple[str, int]:
    """(technician, start minute) of one served visit."""
    return next(
        (r["technician_id"], int(s["start"][11:13]) * 60 + int(s["start"][14:16]))
        for r in plan["routes"]
        for s in r["stops"]
        if s["visit_id"] == visit_id
    )


@dataclass(frozen=True)
class Replanned:
    """The answer to the issue's re-plan, and the day the store held right after it."""

    reply: Reply
    seconds: float
    day: Day
    read_back: Reply


@pytest.fixture(scope="module")
def replanned(base: str, store: DayStore, morning: Morning) -> Replanned:
    """The morning day re-planned once at 10:30 around an urgent complaint, for the tests that read it."""
    store.put(Day(morning.dataset, morning.plan))
    started = time.perf_counter()
    reply = post_json(f"{base}/plans/{DATE}/replan", {"at": "10:30", "events": {"new_visits": [URGENT]}}, AUTH)
    seconds = time.perf_counter() - started
    return Replanned(reply, seconds, stored(store), fetch(f"{base}/plans/{DATE}", headers=AUTH))


def test_replan_serves_the_urgent_complaint_and_keeps_started_visits(
    replanned: Replanned, morning: Morning, document: dict[str, Any]
) -> None:
    """An urgent complaint at 10:30 is served after 10:30 by a qualified person; what started before stays as it was."""
    assert replanned.reply.status == 200, replanned.reply.text
    body = replanned.reply.json()
    conforms(document, "Replanned", body)
    technician, start = stop_of(body["plan"], "V101")
    assert morning.dataset.technician(technician).level("sofa_repair") >= 2 and start >= AT
    before, after = placements(morning.plan), placements(body["plan"])
    started = {s.visit_id for r in morning.plan.routes for s in r.stops if minutes(s.start) < AT}
    assert started and all(after[v] == before[v] for v in started)
    assert [c["kind"] for c in body["changes"]["changes"] if c["visit_id"] == "V101"] == ["added"]
    assert replanned.seconds < BUDGET_SECONDS and 0 <= body["seconds"] <= replanned.seconds


def test_replanned_day_is_stored_checked_and_read_back(replanned: Replanned) -> None:
    """The store keeps the day as it now stands with the changes; its plan passes the checker; GET returns it."""
    body = replanned.reply.json()
    assert replanned.day.changes == body["changes"]
    assert "V101" in {v.id for v in replanned.day.dataset.visits}
    assert check(replanned.day.dataset, body["plan"]) == []
    assert replanned.read_back.status == 200 and replanned.read_back.json() == body["plan"]


def test_bad_events_are_422_listing_every_problem(
    base: str, store: DayStore, morning: Morning, document: dict[str, Any]
) -> None:
    """Unknown visit, cancelling a started visit, bad time, unknown key, bad new visit, bad options: all at once."""
    started = next(s.visit_id for r in morning.plan.routes for s in r.stops if minutes(s.start) < AT)
    events = {
        "cancelled": ["V999", started],
        "unavailable": [{"technician": "T03", "from": "25:00"}],
        "holiday": True,
        "new_visits": [{**URGENT, "priority": 9}],
        "settings": {"tolerance_min": 10_000},
    }
    reply = post_json(f"{base}/plans/{DATE}/replan", {"at": "10:30", "events": events, "time_limit": 99}, AUTH)
    assert reply.status == 422
    body = reply.json()
    conforms(document, "Error", body)
    assert body["error"] == "invalid_events"
    assert located(body) >= {
        ("events", 1, "cancelled"),
        ("events", 2, "cancelled"),
        ("events", 1, "from"),
        ("events", None, "holiday"),
        ("events", 1, "priority"),
        ("events", None, "tolerance_min"),
        ("request", None, "time_limit"),
    }
    assert stored(store).plan == morning.plan


def test_bad_moment_and_unknown_body_keys_are_422(base: str) -> None:
    """A replan needs at as HH:MM and takes only at, events, time_limit and seed."""
    reply = post_json(f"{base}/plans/{DATE}/replan", {"at": "10h30", "event": {}}, AUTH)
    assert reply.status == 422
    assert located(reply.json()) == {("request", None, "at"), ("request", None, "event")}


def test_replan_of_a_day_without_a_plan_is_404(base: str) -> None:
    """Re-planning needs a stored day: an unplanned date is 404, a malformed one 400."""
    missing = post_json(f"{base}/plans/2030-01-01/replan", {"at": "10:30"}, AUTH)
    assert missing.status == 404 and missing.json()["error"] == "not_found"
    assert post_json(f"{base}/plans/2026-02-30/replan", {"at": "10:30"}, AUTH).status == 400


def test_a_plan_failing_the_check_is_not_kept_and_leaks_nothing(
    base: str, store: DayStore, morning: Morning, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A plan the checker rejects gets a generic 500, is not stored, and only the rule's code is logged."""
    secret = "customer 张女士 13800000001"
    monkeypatch.setattr("web.api.day.check", lambda dataset, plan: [Violation("window", secret)])
    with caplog.at_level(logging.ERROR, logger="web.api.day"):
        reply = post_json(f"{base}/plans/{DATE}/replan", {"at": "10:30"}, AUTH)
    assert reply.status == 500
    assert reply.json()["error"] == "internal_server_error" and secret not in reply.text
    assert "window" in caplog.text and secret not in caplog.text
    assert stored(store).plan == morning.plan


def sofa_repair_visit() -> Visit:
    """The Visit the API builds from the SOFA_REPAIR row (no id given: NEW)."""
    row = SOFA_REPAIR
    return Visit(
        id="NEW",
        lat=row["lat"],
        lon=row["lon"],
        region=row["region"],
        type=row["type"],
        priority=row["priority"],
        required_skills={"sofa_repair": 2},
        duration_min=row["duration_min"],
    )


def test_slots_for_a_sofa_repair_come_best_first(base: str, morning: Morning, document: dict[str, Any]) -> None:
    """Slots for a chaoyang sofa repair are offered, exactly as the library lists and ranks them, within seconds."""
    started = time.perf_counter()
    reply = post_json(f"{base}/plans/{DATE}/slots", {"visit": SOFA_REPAIR, "days": 3}, AUTH)
    assert time.perf_counter() - started < 5
    assert reply.status == 200, reply.text
    body = reply.json()
    conforms(document, "Slots", body)
    assert body["slots"]
    expected = find_slots(morning.dataset, morning.plan, sofa_repair_visit(), days=3)
    assert body["slots"] == [slot.to_dict() for slot in expected]


def test_slots_respect_the_moment(base: str) -> None:
    """Asked at 14:00 for urgent work, today's slots start at 14:00 or later."""
    urgent = {**SOFA_REPAIR, "priority": 1}
    body = post_json(f"{base}/plans/{DATE}/slots", {"visit": urgent, "days": 1, "at": "14:00"}, AUTH).json()
    assert body["slots"] and all(s["date"] == DATE and s["window_start"] >= "14:00" for s in body["slots"])


def test_bad_slot_request_is_422_with_located_problems(base: str, document: dict[str, Any]) -> None:
    """A visit row without lat and with priority 9, and 9 days asked: every problem, located."""
    row = {k: v for k, v in SOFA_REPAIR.items() if k != "lat"} | {"priority": 9}
    reply = post_json(f"{base}/plans/{DATE}/slots", {"visit": row, "days": 9}, AUTH)
    assert reply.status == 422
    conforms(document, "Error", reply.json())
    assert located(reply.json()) >= {("visit", None, "lat"), ("visit", None, "priority"), ("request", None, "days")}


def test_slots_with_the_date_in_the_body_answer_as_the_dated_address(
    base: str, morning: Morning, document: dict[str, Any]
) -> None:
    """POST /slots with the plan date in the body offers what /plans/<date>/slots offers, preferred day first."""
    third = (morning.plan.date + dt.timedelta(days=2)).isoformat()
    request = {"visit": SOFA_REPAIR, "days": 3, "preferred_days": [third]}
    by_body = post_json(f"{base}/slots", {"date": DATE, **request}, AUTH)
    by_path = post_json(f"{base}/plans/{DATE}/slots", request, AUTH)
    assert by_body.status == by_path.status == 200, by_body.text
    conforms(document, "Slots", by_body.json())
    assert by_body.json()["slots"] == by_path.json()["slots"]
    expected = find_slots(
        morning.dataset, morning.plan, sofa_repair_visit(), days=3, preferred_days={dt.date.fromisoformat(third)}
    )
    assert by_body.json()["slots"] == [slot.to_dict() for slot in expected]
    assert expected[0].date.isoformat() == third


def test_bad_requests_to_both_slot_addresses_get_the_same_problems(base: str, document: dict[str, Any]) -> None:
    """A preferred day beyond the days asked and a bad priority: the same located 422 from both addresses."""
    request = {"visit": {**SOFA_REPAIR, "priority": 9}, "days": 2, "preferred_days": ["2026-11-23", "2026-11-25"]}
    by_body = post_json(f"{base}/slots", {"date": DATE, **request}, AUTH)
    by_path = post_json(f"{base}/plans/{DATE}/slots", request, AUTH)
    assert by_body.status == by_path.status == 422
    conforms(document, "Error", by_body.json())
    assert by_body.json() == by_path.json()
    assert located(by_body.json()) == {("visit", None, "priority"), ("request", None, "preferred_days")}


@pytest.mark.parametrize("date", [None, "23.11.2026", "2026-11-31", 20261123])
def test_slots_without_a_usable_date_in_the_body_are_422(base: str, date: Any) -> None:
    """A missing or malformed plan date is a problem of the request, listed with the body's other problems."""
    body = {"visit": SOFA_REPAIR, "colour": "red"} | ({} if date is None else {"date": date})
    reply = post_json(f"{base}/slots", body, AUTH)
    assert reply.status == 422, reply.text
    assert located(reply.json()) == {("request", None, "date"), ("request", None, "colour")}


def test_slots_for_a_date_without_a_plan_are_404(base: str) -> None:
    """A well-formed date no plan is stored for is 404, as on the dated address."""
    reply = post_json(f"{base}/slots", {"date": "2026-11-30", "visit": SOFA_REPAIR}, AUTH)
    assert reply.status == 404 and reply.json()["error"] == "not_found"


def top_slot(base: str, row: dict[str, Any], days: int) -> dict[str, Any]:
    """The best slot the API offers for ``row``."""
    reply = post_json(f"{base}/plans/{DATE}/slots", {"visit": row, "days": days}, AUTH)
    assert reply.status == 200 and reply.json()["slots"], reply.text
    return reply.json()["slots"][0]


def test_booking_todays_top_slot_keeps_the_day(base: str, store: DayStore, document: dict[str, Any]) -> None:
    """An urgent request booked into today's best slot is served in it; the store keeps the day and the changes."""
    row = {**SOFA_REPAIR, "priority": 1, "id": "V201"}
    slot = top_slot(base, row, days=1)
    assert slot["date"] == DATE
    reply = post_json(f"{base}/plans/{DATE}/bookings", {"visit": row, "slot": slot}, AUTH)
    assert reply.status == 200, reply.text
    body = reply.json()
    conforms(document, "Booking", body)
    assert body["stored"] is True
    _, start = stop_of(body["plan"], "V201")
    assert slot["window_start"] <= f"{start // 60:02d}:{start % 60:02d}" <= slot["window_end"]
    day = stored(store)
    assert day.changes == body["changes"] and "V201" in {v.id for v in day.dataset.visits}
    assert check(day.dataset, body["plan"]) == []
    assert fetch(f"{base}/plans/{DATE}", headers=AUTH).json() == body["plan"]


def test_booking_a_later_day_answers_that_day_without_storing_it(base: str, store: DayStore, morning: Morning) -> None:
    """The sofa repair's best slot is on a later day: that day's plan serves it, and the store is left as it was."""
    slot = top_slot(base, SOFA_REPAIR, days=3)
    assert slot["date"] > DATE
    reply = post_json(f"{base}/plans/{DATE}/bookings", {"visit": SOFA_REPAIR, "slot": slot}, AUTH)
    assert reply.status == 200, reply.text
    body = reply.json()
    assert body["stored"] is False and body["plan"]["date"] == slot["date"]
    assert stop_of(body["plan"], "NEW")[0] == slot["technician_id"]
    assert [d.isoformat() for d in store.dates()] == [DATE] and stored(store).plan == morning.plan


def test_booking_a_slot_that_does_not_fit_is_409(
    base: str, store: DayStore, morning: Morning, document: dict[str, Any]
) -> None:
    """A window before anyone's shift (03:00-05:00) is refused with 409 and the day is unchanged."""
    slot = {"date": DATE, "window_start": "03:00", "window_end": "05:00", "technician_id": "T01"}
    reply = post_json(f"{base}/plans/{DATE}/bookings", {"visit": SOFA_REPAIR, "slot": slot}, AUTH)
    assert reply.status == 409
    conforms(document, "Error", reply.json())
    assert reply.json()["error"] == "conflict"
    assert stored(store).plan == morning.plan


def test_booking_a_malformed_slot_is_422(base: str) -> None:
    """A date before the plan, a window that ends before it starts and an unknown technician are all reported."""
    slot = {"date": "2026-11-22", "window_start": "14:00", "window_end": "12:00", "technician_id": "T99"}
    reply = post_json(f"{base}/plans/{DATE}/bookings", {"visit": SOFA_REPAIR, "slot": slot}, AUTH)
    assert reply.status == 422
    assert located(reply.json()) == {
        ("slot", None, "date"),
        ("slot", None, "window_end"),
        ("slot", None, "technician_id"),
    }


@pytest.mark.parametrize("path", [f"plans/{DATE}/replan", f"plans/{DATE}/slots", f"plans/{DATE}/bookings", "slots"])
def test_day_operations_need_staff(base: str, path: str) -> None:
    """Without a token or a staff session each operation is 401 with a Bearer challenge."""
    reply = post_json(f"{base}/{path}", {"at": "10:30"})
    assert reply.status == 401
    assert reply.json()["error"] == "unauthorized" and reply.headers.get("WWW-Authenticate", "").startswith("Bearer")
