"""Callbacks, escalations and KPIs over real HTTP, on a store in SQLite and in PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_io import read_ok
from http_server import fetch, post_json, running

from planner.store import StatusReport, change_status, import_dataset, open_database
from web import create_app

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "callbacks-api-token"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
DONE_AT = dt.datetime.fromisoformat("2026-11-25T15:00:00+08:00")


@pytest.fixture
def served(store_url) -> Iterator[tuple[str, list[str]]]:
    """A served store where the first three sample orders are done and the fourth is still open."""
    sample = read_ok(SAMPLE)
    db = open_database(store_url)
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:6]}), DONE_AT - dt.timedelta(days=1))
    ids = [visit.id for visit in sample.visits[:4]]
    for visit_id in ids[:3]:
        for n, status in enumerate(("planned", "en_route", "on_site", "done")):
            change_status(
                db,
                visit_id,
                StatusReport(
                    status=status, at=DONE_AT + dt.timedelta(minutes=n), by="T01", client_id=f"{visit_id}-{status}"
                ),
            )
    db.close()
    app = create_app({"SECRET_KEY": "callbacks-test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_DATABASE_URL": store_url})
    with running(app) as base:
        yield base, ids
    app.extensions["planner.workorders"].close()


def outcome(base: str, visit_id: str, body: dict, headers: dict | None = STAFF):
    return post_json(f"{base}/api/v1/visits/{visit_id}/callback", body, headers)


def test_outcomes_are_recorded_once_and_a_second_is_refused_with_the_first_time(served) -> None:
    base, ids = served
    listed = fetch(f"{base}/api/v1/callbacks?date=2026-11-26", headers=STAFF).json()["callbacks"]
    assert sorted(c["visit_id"] for c in listed) == sorted(ids[:3])
    assert all(c["due_date"] == "2026-11-30" and c["overdue"] is False for c in listed)
    first = outcome(
        base, ids[0], {"outcome": "satisfied", "client_id": "c1", "note": "好", "at": "2026-11-26T10:00:00+08:00"}
    )
    assert first.status == 200, first.text
    assert (first.json()["outcome"], first.json()["closed_at"]) == ("satisfied", "2026-11-26T10:00:00+08:00")
    repeat = outcome(base, ids[0], {"outcome": "satisfied", "client_id": "c1", "at": "2026-11-26T10:00:00+08:00"})
    assert repeat.status == 200 and repeat.json() == first.json()
    second = outcome(base, ids[0], {"outcome": "neutral", "client_id": "c2"})
    assert second.status == 409
    assert (second.json()["error"], second.json()["first_at"]) == ("already_closed", "2026-11-26T10:00:00+08:00")
    assert "2026-11-26T10:00:00+08:00" in second.json()["message_zh"]


def test_unsatisfied_opens_a_complaint_order(served) -> None:
    base, ids = served
    reply = outcome(base, ids[1], {"outcome": "unsatisfied", "client_id": "c1", "note": "还是坏的"})
    assert reply.status == 200, reply.text
    complaint = reply.json()["complaint_id"]
    assert complaint == f"{ids[1]}-C1"
    order = fetch(f"{base}/api/v1/visits/{complaint}", headers=STAFF).json()
    assert (order["type"], order["status"], order["priority"]) == ("complaint", "open", 2)


def test_bad_outcomes_are_refused_and_nothing_is_written(served) -> None:
    base, ids = served
    assert outcome(base, "NOPE", {"outcome": "satisfied", "client_id": "c1"}).status == 404
    not_done = outcome(base, ids[3], {"outcome": "satisfied", "client_id": "c1"})
    assert not_done.status == 409 and not_done.json()["error"] == "not_done"
    bad = outcome(base, ids[2], {"outcome": "happy", "note": 3, "extra": 1})
    assert bad.status == 422
    assert {p["column"] for p in bad.json()["problems"]} == {"outcome", "note", "extra", "client_id"}
    early = outcome(base, ids[2], {"outcome": "satisfied", "client_id": "c1", "at": "2026-11-20T10:00:00+08:00"})
    assert early.status == 422
    assert outcome(base, ids[2], {"outcome": "satisfied", "client_id": "c1"}, headers={}).status == 401
    still = fetch(f"{base}/api/v1/callbacks?date=2026-11-26", headers=STAFF).json()["callbacks"]
    assert ids[2] in {c["visit_id"] for c in still}


def test_kpis_and_escalations(served) -> None:
    base, ids = served
    outcome(base, ids[0], {"outcome": "satisfied", "client_id": "c1", "at": "2026-11-26T10:00:00+08:00"})
    reply = fetch(f"{base}/api/v1/kpis?from=2026-11-23&to=2026-11-29&period=week", headers=STAFF)
    assert reply.status == 200, reply.text
    rows = reply.json()["rows"]
    assert {r["period"] for r in rows} == {"2026-W48"}
    # The three orders were moved to done by hand, never sent by a plan: they count as unassigned.
    row = next(r for r in rows if r["key"] == "")
    assert row["satisfaction"] == {"value": 1.0, "numerator": 1, "denominator": 1}
    assert row["first_time_fix"] == {"value": 1.0, "numerator": 3, "denominator": 3}
    reversed_ = fetch(f"{base}/api/v1/kpis?from=2026-11-29&to=2026-11-23", headers=STAFF)
    assert reversed_.status == 422 and "2026-11-23" in reversed_.text
    assert fetch(f"{base}/api/v1/kpis?from=2026-11-23", headers=STAFF).status == 422
    assert fetch(f"{base}/api/v1/kpis?from=2026-11-23&to=", headers=STAFF).status == 422  # empty, not missing
    assert fetch(f"{base}/api/v1/kpis?from=0001-01-01&to=2026-11-23", headers=STAFF).status == 422  # centuries
    escalations = fetch(f"{base}/api/v1/escalations", headers=STAFF)
    assert escalations.status == 200 and escalations.json()["escalations"] == []
    paths = fetch(f"{base}/api/v1/openapi.json").json()["paths"]
    assert {"/visits/{visit_id}/callback", "/callbacks", "/escalations", "/kpis"} <= set(paths)


def test_a_complaint_past_its_deadlines_is_on_the_escalation_list_and_page(served) -> None:
    base, ids = served
    made = outcome(base, ids[1], {"outcome": "unsatisfied", "client_id": "c1", "at": "2026-11-26T10:00:00+08:00"})
    complaint = made.json()["complaint_id"]
    # Graded important: answer within 4 hours, resolve within 48; nobody has touched it since.
    [listed] = fetch(f"{base}/api/v1/escalations", headers=STAFF).json()["escalations"]
    assert (listed["visit_id"], listed["graded"]) == (complaint, "important")
    assert {"response_overdue", "resolution_overdue"} <= set(listed["reasons"])
    assert listed["resolve_by"].startswith("2026-11-28T10:00:00")
    page = fetch(f"{base}/escalations", headers=STAFF)
    assert page.status == 200 and complaint in page.text and "超过处理时限仍未解决" in page.text
    english = fetch(f"{base}/escalations?lang=en", headers=STAFF)
    assert "not resolved within its resolution deadline" in english.text
    assert fetch(f"{base}/escalations").status in (302, 401)
