"""Slot offers over a multi-day plan see the real proposals of its later days (library, CLI, API over HTTP).

The sample week is planned once; its later days hold proposals and T03
(the only one with wood_repair:4 in Haidian) is off on 2026-11-24.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from helpers_io import read_ok
from http_server import post_json, running

from planner.check import check
from planner.domain import Visit
from planner.horizon.days import day_parts, read_day_plans
from planner.horizon.solve import plan_horizon
from planner.routing import SearchParams
from planner.slots import book, find_slots
from planner_cli.main import main
from web import create_app
from web.store import Day, DayStore

WEEK = Path(__file__).resolve().parents[1] / "data" / "sample-week"
TOKEN = "week-slots-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OFF_DAY = dt.date(2026, 11, 24)
#: A wood repair in Haidian needing level 4: only 张立新 (T03) can do it, and he is off on 2026-11-24.
WOOD = {
    "lat": 39.975,
    "lon": 116.31,
    "region": "haidian",
    "type": "repair",
    "priority": 3,
    "required_skills": "wood_repair:4",
    "duration_min": 60,
}
#: A sofa repair in Chaoyang: several people, with proposals on the later days.
SOFA = {
    "lat": 39.93,
    "lon": 116.45,
    "region": "chaoyang",
    "type": "repair",
    "priority": 3,
    "required_skills": "sofa_repair:2",
    "duration_min": 60,
}


@lru_cache(maxsize=1)
def week():
    dataset = read_ok(WEEK)
    return dataset, plan_horizon(dataset, SearchParams(time_limit=10)).plan


def request(row: dict) -> Visit:
    skill, level = row["required_skills"].split(":")
    return Visit(
        id="NEW", **{k: v for k, v in row.items() if k != "required_skills"}, required_skills={skill: int(level)}
    )


def parts():
    dataset, plan = week()
    (first, first_plan), *rest = day_parts(dataset, plan)
    return first, first_plan, {p.date: (d, p) for d, p in rest}


def test_a_later_days_slot_is_solved_with_that_technicians_proposed_visits() -> None:
    first, plan, later = parts()
    slots = find_slots(first, plan, request(SOFA), days=5, top=40, later=later)
    on_later = [s for s in slots if s.date in later]
    assert on_later
    for slot in on_later:
        route = later[slot.date][1].route_of(slot.technician_id)
        proposed = {s.visit_id for s in route.stops} if route else set()
        assert set(slot.sequence) == proposed | {"NEW"}
    assert any(len(s.sequence) > 1 for s in on_later), "some later slot is on a route with proposals"


def test_nobody_off_that_day_is_offered() -> None:
    first, plan, later = parts()
    slots = find_slots(first, plan, request(WOOD), days=3, top=40, later=later)
    assert {s.date for s in slots} == {dt.date(2026, 11, 23), dt.date(2026, 11, 25)}
    assert {s.technician_id for s in slots} == {"T03"}


def test_booking_a_later_day_keeps_its_proposals_and_checks() -> None:
    first, plan, later = parts()
    visit = request(SOFA)
    slot = next(s for s in find_slots(first, plan, visit, days=5, top=40, later=later) if s.date in later)
    booking = book(first, plan, visit, slot, SearchParams(time_limit=5), later)
    before = {s.visit_id for r in later[slot.date][1].routes for s in r.stops}
    after = {s.visit_id for r in booking.plan.routes for s in r.stops}
    assert booking.plan.date == slot.date and after == before | {"NEW"}
    assert check(booking.dataset, booking.plan) == []


def test_planner_slots_reads_a_multi_day_plan(tmp_path: Path, capsys) -> None:
    dataset, plan = week()
    (tmp_path / "plan.json").write_text(plan.to_json(), encoding="utf-8")
    (tmp_path / "request.yaml").write_text(yaml.safe_dump(WOOD), encoding="utf-8")
    code = main(
        [
            "slots",
            str(WEEK),
            "--plan",
            str(tmp_path / "plan.json"),
            "--visit",
            str(tmp_path / "request.yaml"),
            "--days",
            "3",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2026-11-23" in out and "2026-11-25" in out and str(OFF_DAY) not in out
    assert read_day_plans(dataset, plan.to_json())[2].keys() == {
        dt.date(2026, 11, 23) + dt.timedelta(days=d) for d in range(1, 5)
    }


@pytest.fixture(scope="module")
def store() -> DayStore:
    dataset, plan = week()
    return DayStore({p.date: Day(d, p) for d, p in day_parts(dataset, plan)})


@pytest.fixture(scope="module")
def base(store: DayStore) -> Iterator[str]:
    app = create_app({"SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_SOLVE_WORKERS": 0}, store)
    with running(app) as url:
        yield url + "/api/v1"


def test_api_slots_skip_the_day_off(base: str) -> None:
    reply = post_json(f"{base}/plans/2026-11-23/slots", {"visit": WOOD, "days": 3}, AUTH)
    assert reply.status == 200, reply.text
    slots = reply.json()["slots"]
    assert {s["date"] for s in slots} == {"2026-11-23", "2026-11-25"}


def test_api_books_into_a_planned_later_day_and_keeps_it(base: str, store: DayStore) -> None:
    reply = post_json(f"{base}/plans/2026-11-23/slots", {"visit": SOFA, "days": 3}, AUTH)
    slot = next(s for s in reply.json()["slots"] if s["date"] != "2026-11-23")
    date = dt.date.fromisoformat(slot["date"])
    planned = store.day(date)
    assert planned is not None
    before = {s.visit_id for r in planned.plan.routes for s in r.stops}
    booked = post_json(f"{base}/plans/2026-11-23/bookings", {"visit": {"id": "V900", **SOFA}, "slot": slot}, AUTH)
    assert booked.status == 200, booked.text
    assert booked.json()["stored"] is True
    day = store.day(date)
    assert day is not None
    assert {s.visit_id for r in day.plan.routes for s in r.stops} == before | {"V900"}
    assert check(day.dataset, day.plan) == []
