"""Callbacks in the store on SQLite and on a real PostgreSQL: opened when done, outcomes, complaints.

Each test runs once per database (see ``workorder_db``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers_io import read_ok
from sqlalchemy import text

from planner.callbacks import CallbackRefused
from planner.complaints import planning_priority
from planner.store import StatusReport, change_status, import_dataset, order
from planner.store.callbacks import call_list, callback_entries, record_callback
from planner.store.models import Base

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A Wednesday: three working days later is the Monday after (weekend skipped).
DONE_AT = dt.datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def sample():
    return read_ok(SAMPLE)


def finish(database, visit_id: str, at: dt.datetime = DONE_AT) -> None:
    """Take an order from open to done the way the field reports it."""
    for n, status in enumerate(("planned", "en_route", "on_site", "done")):
        change_status(
            database,
            visit_id,
            StatusReport(
                status=status, at=at - dt.timedelta(minutes=30 - n), by="T01", client_id=f"{visit_id}-{status}"
            ),
        )


def snapshot(database) -> dict[str, list[tuple]]:
    with database.engine.connect() as connection:
        return {
            table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))), key=repr)
            for table in Base.metadata.tables
        }


def call(database, visit_id: str, outcome: str, client_id: str, minutes: int = 0, note: str = ""):
    return record_callback(
        database, visit_id, outcome, "CS01", client_id, at=DONE_AT + dt.timedelta(days=1, minutes=minutes), note=note
    )


def test_an_order_marked_done_gets_its_callback_due_in_working_days(db, sample) -> None:
    import_dataset(db, sample, DONE_AT - dt.timedelta(days=1))
    first = sample.visits[0].id
    assert callback_entries(db) == []
    finish(db, first)
    [entry] = callback_entries(db)
    assert entry.callback.visit_id == first
    assert entry.callback.due_date == dt.date(2026, 11, 30)
    assert entry.callback.outcome is None
    assert entry.phone == sample.visits[0].phone
    assert [e.callback.visit_id for e in call_list(db, dt.date(2026, 11, 26))] == [first]
    assert call_list(db, dt.date(2026, 11, 24)) == []  # not done yet that day


def test_an_outcome_is_final_and_a_second_is_refused_with_the_first_time(db, sample) -> None:
    import_dataset(db, sample, DONE_AT - dt.timedelta(days=1))
    first = sample.visits[0].id
    finish(db, first)
    callback, complaint = call(db, first, "satisfied", "c1", note="修好了")
    assert (callback.outcome, complaint) == ("satisfied", None)
    again, _ = call(db, first, "satisfied", "c1")  # the same request resent
    assert again.attempts == callback.attempts
    before = snapshot(db)
    with pytest.raises(CallbackRefused) as refused:
        call(db, first, "neutral", "c2", minutes=5)
    assert refused.value.code == "already_closed"
    assert refused.value.first_at == callback.closed_at
    assert callback.closed_at.isoformat() in str(refused.value)
    assert snapshot(db) == before
    assert call_list(db, dt.date(2026, 11, 26)) == []


def test_unsatisfied_opens_a_linked_complaint_order_that_can_be_planned(db, sample) -> None:
    import_dataset(db, sample, DONE_AT - dt.timedelta(days=1))
    first = sample.visits[0].id
    finish(db, first)
    callback, complaint = call(db, first, "unsatisfied", "c1", note="又坏了")
    assert callback.outcome == "unsatisfied" and complaint == f"{first}-C1"
    opened = order(db, complaint)
    assert opened.status == "open" and opened.visit.type == "complaint"
    assert opened.visit.priority == planning_priority("important")
    assert (opened.visit.lat, opened.visit.lon) == (sample.visits[0].lat, sample.visits[0].lon)
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT complaint_of, grade FROM work_orders WHERE id = :id"), {"id": complaint}
        ).one()
    assert tuple(row) == (first, "important")
    [entry] = callback_entries(db, open_only=False)
    assert entry.complaint_id == complaint


def test_three_unreachable_tries_close_the_callback(db, sample) -> None:
    import_dataset(db, sample, DONE_AT - dt.timedelta(days=1))
    first = sample.visits[0].id
    finish(db, first)
    for n in range(2):
        callback, _ = call(db, first, "unreachable", f"u{n}", minutes=60 * n)
        assert callback.outcome is None
    assert len(call_list(db, dt.date(2026, 11, 26))) == 1
    callback, complaint = call(db, first, "unreachable", "u2", minutes=120)
    assert (callback.outcome, complaint, len(callback.attempts)) == ("unreachable", None, 3)
    assert call_list(db, dt.date(2026, 11, 26)) == []


def test_outcomes_for_unknown_or_unfinished_orders_are_refused_and_nothing_is_written(db, sample) -> None:
    import_dataset(db, sample, DONE_AT - dt.timedelta(days=1))
    before = snapshot(db)
    with pytest.raises(CallbackRefused) as unknown:
        call(db, "NOPE", "satisfied", "c1")
    assert unknown.value.code == "unknown_order"
    with pytest.raises(CallbackRefused) as open_:
        call(db, sample.visits[0].id, "satisfied", "c1")
    assert open_.value.code == "not_done"
    assert snapshot(db) == before


def test_a_plan_records_whom_each_order_counts_for(db, sample) -> None:
    from planner.planning import plan_day
    from planner.routing import SearchParams
    from planner.store import dataset_for, save_plan
    from planner.store.kpi_query import kpi_rows

    small = sample.model_copy(update={"visits": sample.visits[:8]})
    import_dataset(db, small, DONE_AT - dt.timedelta(days=1))
    dataset = dataset_for(db, dt.date(2026, 11, 25))
    plan = plan_day(dataset, SearchParams(time_limit=0.5)).plan
    save_plan(db, dataset, plan, by="lead", moment=DONE_AT - dt.timedelta(hours=8))
    groups = {
        person["technician"]: group["id"]
        for group in sample.org["department"]["groups"]
        for person in [group.get("leader") or {}, *group.get("members", [])]
        if "technician" in person
    }
    sent = {stop.visit_id: route.technician_id for route in plan.routes for stop in route.stops}
    assert sent
    with db.engine.connect() as connection:
        rows = {
            row.id: row
            for row in connection.execute(text("SELECT id, technician_id, group_id, department_id FROM work_orders"))
        }
    for visit_id, technician_id in sent.items():
        assert rows[visit_id].technician_id == technician_id
        assert rows[visit_id].group_id == groups.get(technician_id, "")
        assert rows[visit_id].department_id == sample.org["department"]["id"]
    by_technician = kpi_rows(db, dt.date(2026, 11, 25), dt.date(2026, 11, 25), by="technician")
    assert set(sent.values()) <= {row.key for row in by_technician}


def test_a_calendar_kept_in_the_store_moves_the_due_date(db, sample, tmp_path, store_url) -> None:
    import subprocess
    import sys

    import_dataset(db, sample, DONE_AT - dt.timedelta(days=1))
    root = Path(__file__).resolve().parents[1]
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n2026-11-31,holiday\n2026-11-30,nap\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "planner_cli", "calendar", str(bad), "--db", store_url],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    assert "bad.csv" in refused.stderr and "row 2" in refused.stderr and "row 3" in refused.stderr
    assert "nothing was written" in refused.stderr
    good = tmp_path / "calendar.csv"
    good.write_text("date,kind\n2026-11-30,holiday\n", encoding="utf-8")  # the Monday off
    kept = subprocess.run(
        [sys.executable, "-m", "planner_cli", "calendar", str(good), "--db", store_url],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert kept.returncode == 0, kept.stderr
    finish(db, sample.visits[0].id)
    [entry] = callback_entries(db)
    assert entry.callback.due_date == dt.date(2026, 12, 1)
