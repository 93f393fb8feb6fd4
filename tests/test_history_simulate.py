"""A simulated department history, planned day by day by the real planner, keeps every rule."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from status_contract import CONTRACT

from planner.history.kpis import compute_kpis
from planner.history.simulate import simulate_history
from planner.workdays import WorkCalendar

START = dt.date(2026, 9, 28)  # Monday; National Day's holidays start on Thursday


@pytest.fixture(scope="module")
def history():
    return simulate_history(6, start=START, technicians=8, arrivals=24, seed=3)


def test_same_seed_same_history(history):
    again = simulate_history(6, start=START, technicians=8, arrivals=24, seed=3)
    assert again.orders == history.orders and again.statuses == history.statuses
    assert again.callbacks == history.callbacks


def test_every_order_moves_only_along_allowed_statuses_in_time_order(history):
    changes = defaultdict(list)
    for change in history.statuses:
        changes[change.visit_id].append(change)
    created = {o.id: o.created_at for o in history.orders}
    assert set(changes) <= set(created)
    for visit_id, mine in changes.items():
        status, last = "open", created[visit_id]
        for change in mine:
            assert change.status in CONTRACT[status], (visit_id, status, change.status)
            assert change.at >= last, visit_id
            status, last = change.status, change.at
    client_ids = [c.client_id for c in history.statuses]
    assert len(client_ids) == len(set(client_ids))


def test_stops_happen_as_planned_and_most_work_gets_done(history):
    statuses = [c.status for c in history.statuses]
    assert len(history.plans) == 6
    planned = sum(len(r.stops) for p in history.plans for r in p.routes)
    assert statuses.count("planned") == planned
    assert statuses.count("done") > planned * 0.7
    assert statuses.count("not_home") + statuses.count("needs_part") > 0


def test_every_done_order_has_its_callback_on_the_working_day_calendar(history):
    done = {c.visit_id: c.at for c in history.statuses if c.status == "done"}
    callbacks = {c.visit_id: c for c in history.callbacks}
    assert set(callbacks) == set(done)
    calendar = WorkCalendar()
    for visit_id, callback in callbacks.items():
        assert callback.done_at == done[visit_id]
        assert callback.due_date == calendar.add_workdays(done[visit_id].date(), 3)
        assert all(a.at > callback.done_at for a in callback.attempts)
    # Done on Wednesday 09-30: the holidays push the callback to Saturday 10-10 (a worked Saturday).
    assert any(c.due_date == dt.date(2026, 10, 10) for c in callbacks.values())


def test_unsatisfied_callbacks_open_linked_complaints(history):
    orders = {o.id: o for o in history.orders}
    unsatisfied = [c.visit_id for c in history.callbacks if c.outcome == "unsatisfied"]
    linked = {o.complaint_of: o for o in history.orders if o.complaint_of}
    assert unsatisfied and set(linked) == set(unsatisfied)
    for first, complaint in linked.items():
        assert complaint.type == "complaint" and complaint.grade == "important"
        assert history.visits[complaint.id].priority == 2
        assert complaint.created_at > orders[first].created_at


def test_complaints_carry_grades_and_technicians_their_groups(history):
    complaints = [o for o in history.orders if o.type == "complaint"]
    assert complaints and all(o.grade in ("major", "important", "minor") for o in complaints)
    for order in complaints:
        assert history.visits[order.id].priority == {"major": 1, "important": 2, "minor": 3}[order.grade]
    assigned = [o for o in history.orders if o.technician_id]
    assert assigned and all(o.group for o in assigned)
    assert {o.department for o in history.orders} == {"aftersales"}


def test_kpis_of_the_history_have_something_to_count(history):
    rows = compute_kpis(
        history.orders,
        history.statuses,
        history.callbacks,
        START,
        START + dt.timedelta(days=5),
        by="department",
        period="week",
    )
    figures = rows[0].figures
    assert (figures["on_time_completion"].denominator or 0) > 0
    assert (figures["first_time_fix"].denominator or 0) > 0
    assert (figures["response_time_hours"].count or 0) > 0
    assert (figures["backlog_open"].value or 0) > 0
