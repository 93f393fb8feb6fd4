"""Complaint grades: deadlines from settings, the escalation list, grade -> planning priority."""

from __future__ import annotations

import datetime as dt

from planner.complaints import (
    ComplaintState,
    escalation,
    escalations,
    planning_priority,
    resolution_deadline,
    response_deadline,
)
from planner.io.settings import parse_settings
from planner.io.tables import RawRow, RawTable, settings_from_mapping, settings_from_table
from planner.service_rules import ServiceRules, parse_service_rules

CST = dt.timezone(dt.timedelta(hours=8))
RULES = ServiceRules()  # major 2 h / 24 h, important 4 h / 48 h, minor 24 h / 72 h, a month = 30 days
CREATED = dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST)


def hours_later(hours: float) -> dt.datetime:
    return CREATED + dt.timedelta(hours=hours)


def test_grade_maps_to_planning_priority_in_one_place():
    """A major complaint is urgent (1); an ungraded one is treated as important (2)."""
    assert [planning_priority(g) for g in ("major", "important", "minor", None)] == [1, 2, 3, 2]


def test_deadlines_are_creation_plus_the_grades_hours():
    assert response_deadline("major", CREATED, RULES) == hours_later(2)
    assert resolution_deadline("minor", CREATED, RULES) == hours_later(72)


def test_a_complaint_within_its_deadlines_is_not_escalated():
    state = ComplaintState(visit_id="C1", grade="important", created_at=CREATED)
    assert escalation(state, hours_later(3), RULES) is None


def test_no_response_past_the_response_deadline_is_escalated():
    """Important: answer within 4 h; at 5 h without a response it is 1 hour overdue."""
    state = ComplaintState(visit_id="C1", grade="important", created_at=CREATED)
    found = escalation(state, hours_later(5), RULES)
    assert found is not None
    assert found.reasons == ("response_overdue",) and found.hours_overdue == 1.0
    responded = state.model_copy(update={"responded_at": hours_later(1)})
    assert escalation(responded, hours_later(5), RULES) is None


def test_unresolved_past_the_resolution_deadline_is_escalated_and_resolved_ones_are_not():
    state = ComplaintState(visit_id="C1", grade="major", created_at=CREATED, responded_at=hours_later(1))
    found = escalation(state, hours_later(30), RULES)
    assert found is not None
    assert found.reasons == ("resolution_overdue",) and found.hours_overdue == 6.0
    closed = state.model_copy(update={"closed": True, "resolved_at": hours_later(29)})
    assert escalation(closed, hours_later(30), RULES) is None


def test_a_complaint_open_a_month_becomes_major():
    """A minor complaint answered at once but open 30 days is now major, judged by major's deadlines."""
    state = ComplaintState(visit_id="C1", grade="minor", created_at=CREATED, responded_at=hours_later(1))
    found = escalation(state, CREATED + dt.timedelta(days=30), RULES)
    assert found is not None
    assert found.grade == "major" and found.graded == "minor"
    assert found.reasons == ("resolution_overdue", "open_a_month")
    assert found.resolve_by == hours_later(24)
    day_29 = escalation(state, CREATED + dt.timedelta(days=29), RULES)
    assert day_29 is not None
    assert day_29.grade == "minor" and day_29.reasons == ("resolution_overdue",)


def test_escalation_list_puts_major_first_then_longest_overdue():
    now = hours_later(100)
    states = [
        ComplaintState(visit_id="A", grade="minor", created_at=CREATED, responded_at=CREATED),
        ComplaintState(visit_id="B", grade="major", created_at=hours_later(50), responded_at=hours_later(51)),
        ComplaintState(visit_id="C", grade="important", created_at=CREATED, responded_at=CREATED),
        ComplaintState(visit_id="D", grade="major", created_at=CREATED, closed=True),
        ComplaintState(visit_id="E", grade="minor", created_at=hours_later(90)),
    ]
    # B: major, 100-50-24 = 26 h late. C: 100-48 = 52 h late. A: 100-72 = 28 h late. E on time.
    assert [(e.visit_id, e.hours_overdue) for e in escalations(states, now, RULES)] == [
        ("B", 26.0),
        ("C", 52.0),
        ("A", 28.0),
    ]


def test_service_rules_from_settings_yaml():
    raw, _ = settings_from_mapping(
        "settings.yaml",
        {
            "date": "2026-11-23",
            "callback_workdays": 2,
            "callback_workdays_install": "5",
            "complaint_major_response_hours": 1,
            "complaint_major_resolution_hours": 12,
            "complaint_major_after_days": 20,
        },
    )
    assert raw is not None
    rules, problems = parse_service_rules(raw)
    assert rules is not None
    assert problems == []
    assert rules.callback_workdays_for("repair") == 2 and rules.callback_workdays_for("install") == 5
    assert rules.deadline("major").response_hours == 1 and rules.deadline("major").resolution_hours == 12
    assert rules.deadline("minor").resolution_hours == 72 and rules.major_after_days == 20


def test_defaults_when_settings_say_nothing():
    raw, _ = settings_from_mapping("settings.yaml", {"date": "2026-11-23"})
    assert raw is not None
    rules, problems = parse_service_rules(raw)
    assert problems == [] and rules == ServiceRules()


def test_bad_service_rules_are_all_reported_with_their_sheet_rows():
    rows = [
        ("callback_workdays", "three"),
        ("callback_workdays_repair", "-1"),
        ("complaint_minor_response_hours", "10"),
        ("complaint_minor_resolution_hours", "5"),
        ("complaint_major_after_days", "0"),
    ]
    table = RawTable(
        "settings",
        ("key", "value"),
        tuple(RawRow("settings", n + 2, {"key": k, "value": v}) for n, (k, v) in enumerate(rows)),
    )
    raw, _ = settings_from_table(table)
    rules, problems = parse_service_rules(raw)
    assert rules is None
    assert [(p.row, p.column) for p in problems] == [
        (2, "callback_workdays"),
        (3, "callback_workdays_repair"),
        (5, "complaint_minor_resolution_hours"),
        (6, "complaint_major_after_days"),
    ]
    assert "three" in str(problems[0]) and "less than complaint_minor_response_hours" in str(problems[2])


def test_follow_up_settings_are_known_settings_not_warned_about_as_typos():
    """settings.yaml may carry the follow-up rules beside the day's settings without a warning."""
    raw, _ = settings_from_mapping(
        "settings.yaml",
        {
            "date": "2026-11-23",
            "callback_workdays_install": 5,
            "complaint_minor_resolution_hours": 96,
            "callback_workdays_instal": 5,
        },
    )
    assert raw is not None
    _, problems = parse_settings(raw)
    assert [p.column for p in problems] == ["callback_workdays_instal"]
