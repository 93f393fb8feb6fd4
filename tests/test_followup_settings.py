"""Follow-up rules kept in the store and complaint grades set by hand, on SQLite and PostgreSQL, and over the API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_io import read_ok
from http_server import fetch, post_json, running
from sqlalchemy import select

from planner.callbacks import callback_for
from planner.domain import GRADES
from planner.service_rules import ServiceRules
from planner.store import StatusReport, change_status, import_dataset, open_database
from planner.store.calendar import stored_calendar
from planner.store.followup_settings import (
    GradeRefused,
    rule_values,
    rules_changed,
    save_rules,
    service_rules,
    set_grade,
)
from planner.store.models import CallbackRow, OrderEditRow, WorkOrderRow
from planner.store.orders import OrderNotFound
from web import create_app

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
ZONE = dt.timezone(dt.timedelta(hours=8))
MOMENT = dt.datetime(2026, 11, 23, 8, 0, tzinfo=ZONE)
TOKEN = "followup-test-token"
STAFF = {"Authorization": f"Bearer {TOKEN}"}


def filled(database) -> dict[str, str]:
    """The sample's orders in the store: each order's type by id."""
    sample = read_ok(SAMPLE)
    import_dataset(database, sample, MOMENT)
    return {visit.id: visit.type for visit in sample.visits}


def test_rules_default_until_saved_then_kept_with_who_and_when(db) -> None:
    assert service_rules(db) == ServiceRules() and rules_changed(db) is None
    rules, problems = save_rules(db, {"callback_workdays": 1, "complaint_major_resolution_hours": "12"}, "经理", MOMENT)
    assert problems == [] and rules is not None
    kept = service_rules(db)
    assert kept.callback_workdays == 1 and kept.deadline("major").resolution_hours == 12
    assert kept.deadline("minor") == ServiceRules().deadline("minor")  # left out: the default
    assert rules_changed(db) == {"by": "经理", "at": MOMENT.isoformat()}
    assert rule_values(kept)["complaint_major_resolution_hours"] == 12


def test_bad_rules_are_all_named_and_nothing_is_kept(db) -> None:
    rules, problems = save_rules(
        db,
        {
            "callback_workdays": -1,
            "complaint_minor_resolution_hours": 2,
            "callback_days": 3,
            "complaint_major_after_days": True,
        },
        "经理",
    )
    assert rules is None
    assert {problem.column for problem in problems} == {
        "callback_workdays",
        "complaint_minor_resolution_hours",
        "callback_days",
        "complaint_major_after_days",
    }
    assert service_rules(db) == ServiceRules() and rules_changed(db) is None


def test_a_done_order_gets_its_callback_by_the_saved_rules(db) -> None:
    types = filled(db)
    visit_id = next(v for v, kind in types.items() if kind == "repair")
    save_rules(db, {"callback_workdays": 7}, "经理")
    for status in ("planned", "en_route", "on_site", "done"):
        change_status(db, visit_id, StatusReport(status, MOMENT, "T01"))
    with db.transaction() as session:
        due = session.scalars(select(CallbackRow.due_date).where(CallbackRow.visit_id == visit_id)).one()
        calendar = stored_calendar(session)
    expected = callback_for(visit_id, "repair", MOMENT, ServiceRules(callback_workdays=7), calendar, "Asia/Shanghai")
    assert due == expected.due_date
    assert due != callback_for(visit_id, "repair", MOMENT, ServiceRules(), calendar, "Asia/Shanghai").due_date


def test_a_complaint_is_graded_by_hand_with_who_and_when(db) -> None:
    types = filled(db)
    complaint = next(v for v, kind in types.items() if kind == "complaint")
    other = next(v for v, kind in types.items() if kind != "complaint")
    assert set_grade(db, complaint, "major", "经理", MOMENT) == MOMENT
    with db.transaction() as session:
        assert session.get(WorkOrderRow, complaint).grade == "major"
        edit = session.scalars(select(OrderEditRow).where(OrderEditRow.visit_id == complaint)).one()
        assert edit.by == "经理" and edit.fields["grade"][1] == "major"
    with pytest.raises(GradeRefused):
        set_grade(db, other, "major", "经理")
    with pytest.raises(GradeRefused):
        set_grade(db, complaint, "urgent", "经理")
    with pytest.raises(OrderNotFound):
        set_grade(db, "NOPE", "minor", "经理")
    with db.transaction() as session:
        assert session.get(WorkOrderRow, other).grade is None
        assert len(session.scalars(select(OrderEditRow).where(OrderEditRow.visit_id == complaint)).all()) == 1


@pytest.fixture
def served(store_url) -> Iterator[tuple[str, dict[str, str]]]:
    database = open_database(store_url)
    types = filled(database)
    database.close()
    app = create_app({"SECRET_KEY": "followup-test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_DATABASE_URL": store_url})
    with running(app) as base:
        yield base, types
    app.extensions["planner.workorders"].close()


def test_api_reads_and_keeps_the_rules_and_grades_a_complaint(served) -> None:
    base, types = served
    assert fetch(f"{base}/api/v1/followup-settings").status == 401
    shown = fetch(f"{base}/api/v1/followup-settings", headers=STAFF).json()
    assert shown["changed"] is None and shown["settings"]["callback_workdays"] == ServiceRules().callback_workdays
    refused = fetch(
        f"{base}/api/v1/followup-settings",
        "PUT",
        '{"callback_workdays": "soon", "x": 1}',
        {"Content-Type": "application/json", **STAFF},
    )
    assert refused.status == 422 and len(refused.json()["problems"]) == 2
    kept = fetch(
        f"{base}/api/v1/followup-settings",
        "PUT",
        '{"callback_workdays": 2}',
        {"Content-Type": "application/json", **STAFF},
    )
    assert kept.status == 200, kept.text
    assert kept.json()["settings"]["callback_workdays"] == 2 and kept.json()["changed"]["by"] == "api-token"
    complaint = next(v for v, kind in types.items() if kind == "complaint")
    other = next(v for v, kind in types.items() if kind != "complaint")
    graded = post_json(f"{base}/api/v1/visits/{complaint}/grade", {"grade": "minor"}, STAFF)
    assert graded.status == 200 and graded.json()["grade"] == "minor" and graded.json()["by"] == "api-token"
    assert post_json(f"{base}/api/v1/visits/{other}/grade", {"grade": "minor"}, STAFF).status == 409
    assert post_json(f"{base}/api/v1/visits/{complaint}/grade", {"grade": "huge"}, STAFF).status == 422
    assert post_json(f"{base}/api/v1/visits/NOPE/grade", {"grade": "minor"}, STAFF).status == 404
    assert post_json(f"{base}/api/v1/visits/{complaint}/grade", {"grade": "minor"}).status == 401


def test_escalations_follow_the_saved_deadlines(served) -> None:
    base, _ = served
    assert fetch(f"{base}/api/v1/escalations", headers=STAFF).json()["escalations"]  # made 2026-11-23: overdue
    assert "超过处理时限仍未解决" in fetch(f"{base}/escalations", headers=STAFF).text
    far = {f"complaint_{grade}_{what}_hours": 10**6 for grade in GRADES for what in ("response", "resolution")}
    kept = fetch(
        f"{base}/api/v1/followup-settings",
        "PUT",
        json.dumps({**far, "complaint_major_after_days": 10**6}),
        {"Content-Type": "application/json", **STAFF},
    )
    assert kept.status == 200, kept.text
    assert fetch(f"{base}/api/v1/escalations", headers=STAFF).json()["escalations"] == []
    page = fetch(f"{base}/escalations", headers=STAFF)
    assert page.status == 200 and "超过处理时限仍未解决" not in page.text
