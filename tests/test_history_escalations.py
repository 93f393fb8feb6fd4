"""The escalation list read off complaint orders and their status changes."""

from __future__ import annotations

from history_builders import at, changes, order

from planner.history.escalations import complaint_states, escalation_list

ORDERS = [
    order("C1", "2026-11-23T09:00", type="complaint", grade="major"),
    order("C2", "2026-11-23T09:00", type="complaint", grade="minor"),
    order("C3", "2026-11-23T09:00", type="complaint", grade="important"),
    order("R1", "2026-11-01T09:00"),  # an old repair still open: not a complaint, never listed
]
STATUSES = (
    # C1 (major: answer in 2 h, resolve in 24 h): planned at 10:00, still not done.
    changes("C1", ("planned", "2026-11-23T10:00"))
    # C2 (minor: 24 h / 72 h): nobody has touched it.
    + changes("C2")
    # C3 (important: 4 h / 48 h): done the next morning.
    + changes(
        "C3",
        ("planned", "2026-11-23T11:00"),
        ("en_route", "2026-11-24T08:00"),
        ("on_site", "2026-11-24T09:00"),
        ("done", "2026-11-24T10:00"),
    )
)


def test_complaint_states_from_records():
    states = {s.visit_id: s for s in complaint_states(ORDERS, STATUSES)}
    assert set(states) == {"C1", "C2", "C3"}
    assert states["C1"].responded_at == at("2026-11-23T10:00") and not states["C1"].closed
    assert states["C3"].resolved_at == at("2026-11-24T10:00") and states["C3"].closed
    assert states["C2"].responded_at is None


def test_escalation_list_on_the_next_day_at_noon():
    """Tue 12:00: C1 is 3 h past its 24 h; C2 is 3 h past its 24 h response; C3 is done."""
    listed = escalation_list(ORDERS, STATUSES, at("2026-11-24T12:00"))
    assert [(e.visit_id, e.reasons, e.hours_overdue) for e in listed] == [
        ("C1", ("resolution_overdue",), 3.0),
        ("C2", ("response_overdue",), 3.0),
    ]


def test_escalation_list_as_it_stood_earlier_ignores_later_changes():
    """Mon 15:00: C3 was taken up at 11:00 (within 4 h) and not yet due; C1 answered in time."""
    assert escalation_list(ORDERS, STATUSES, at("2026-11-23T15:00")) == []
    # Mon 14:00 as if C1 had not been planned yet: 3 h past major's 2 h response deadline.
    listed = escalation_list(ORDERS, STATUSES[1:], at("2026-11-23T14:00"))
    assert [(e.visit_id, e.reasons) for e in listed] == [("C1", ("response_overdue",))]
