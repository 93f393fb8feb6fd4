"""Complaint grades (重大 / 重要 / 轻微): deadlines, escalation, and planning priority.

A complaint is followed "until the customer is satisfied", and how fast
depends on its grade: each grade has a response and a resolution deadline
in hours (settings). A complaint past a deadline is listed for the
manager, and one still open after a month becomes major whatever it was
graded at first (the department's rule). The grade also decides how
urgently the planner sends someone: that mapping lives here and nowhere
else, so the dispatch board and the escalation list cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import AwareDatetime, Field

from planner.domain import Frozen, Grade
from planner.service_rules import ServiceRules

#: Names a person reads, Chinese then English.
GRADE_NAMES: Mapping[str, tuple[str, str]] = {
    "major": ("重大", "major"),
    "important": ("重要", "important"),
    "minor": ("轻微", "minor"),
}

#: Planning priority of a complaint by grade (1 urgent .. 4 low, as visits.csv numbers them).
GRADE_PRIORITY: Mapping[str, int] = {"major": 1, "important": 2, "minor": 3}

#: The grade a complaint gets when nobody graded it: neither waved through nor sent to the manager.
DEFAULT_GRADE: Grade = "important"

#: Statuses after which a complaint no longer waits for anyone.
CLOSED_STATUSES = frozenset({"done", "cancelled"})

EscalationReason = Literal["response_overdue", "resolution_overdue", "open_a_month"]

#: Why a complaint is on the manager's list, Chinese then English.
REASON_TEXTS: Mapping[str, tuple[str, str]] = {
    "response_overdue": ("超过响应时限仍未响应", "not responded to within its response deadline"),
    "resolution_overdue": ("超过处理时限仍未解决", "not resolved within its resolution deadline"),
    "open_a_month": ("一个月仍未解决，升级为重大投诉", "open a month, so now a major complaint"),
}


def planning_priority(grade: str | None) -> int:
    """The visit priority for a complaint of this grade: a major complaint is urgent."""
    return GRADE_PRIORITY[grade or DEFAULT_GRADE]


def response_deadline(grade: str | None, created_at: dt.datetime, rules: ServiceRules) -> dt.datetime:
    """When someone must have answered the customer: creation plus the grade's response hours."""
    return created_at + dt.timedelta(hours=rules.deadline(grade or DEFAULT_GRADE).response_hours)


def resolution_deadline(grade: str | None, created_at: dt.datetime, rules: ServiceRules) -> dt.datetime:
    """When the complaint must be resolved: creation plus the grade's resolution hours."""
    return created_at + dt.timedelta(hours=rules.deadline(grade or DEFAULT_GRADE).resolution_hours)


def effective_grade(
    grade: str | None, created_at: dt.datetime, resolved: bool, now: dt.datetime, rules: ServiceRules
) -> str:
    """The grade now: major once a complaint has been open ``major_after_days`` days."""
    if not resolved and now - created_at >= dt.timedelta(days=rules.major_after_days):
        return "major"
    return grade or DEFAULT_GRADE


class ComplaintState(Frozen):
    """What the escalation list needs of one complaint order, as the store knows it now.

    ``responded_at`` is the first change away from ``open`` (someone took
    the case); ``resolved_at`` the time it was marked done; ``closed``
    also covers a cancelled complaint, which nobody needs to chase.
    """

    visit_id: str
    grade: Grade | None = None
    created_at: AwareDatetime
    responded_at: AwareDatetime | None = None
    resolved_at: AwareDatetime | None = None
    closed: bool = False


class Escalation(Frozen):
    """A complaint for the manager's list, with every reason it is there."""

    visit_id: str
    grade: Grade
    graded: Grade
    reasons: tuple[EscalationReason, ...]
    respond_by: AwareDatetime
    resolve_by: AwareDatetime
    hours_overdue: float = Field(ge=0)


def escalation(state: ComplaintState, now: dt.datetime, rules: ServiceRules) -> Escalation | None:
    """The complaint's escalation at ``now``, or None when it is on time or closed.

    Deadlines are those of the grade now in force, so a complaint that
    became major after a month is also judged by major's deadlines.
    """
    if state.closed:
        return None
    grade = effective_grade(state.grade, state.created_at, False, now, rules)
    respond_by = response_deadline(grade, state.created_at, rules)
    resolve_by = resolution_deadline(grade, state.created_at, rules)
    reasons: list[EscalationReason] = []
    if state.responded_at is None and now > respond_by:
        reasons.append("response_overdue")
    if now > resolve_by:
        reasons.append("resolution_overdue")
    if grade != (state.grade or DEFAULT_GRADE):
        reasons.append("open_a_month")
    if not reasons:
        return None
    late_since = respond_by if "response_overdue" in reasons else resolve_by
    hours = max(0.0, (now - late_since).total_seconds() / 3600)
    return Escalation(
        visit_id=state.visit_id,
        grade=grade,
        graded=state.grade or DEFAULT_GRADE,
        reasons=tuple(reasons),
        respond_by=respond_by,
        resolve_by=resolve_by,
        hours_overdue=round(hours, 2),
    )


def escalations(states: Iterable[ComplaintState], now: dt.datetime, rules: ServiceRules) -> list[Escalation]:
    """The manager's list: major first, then the longest overdue, then by order id."""
    found = [e for e in (escalation(s, now, rules) for s in states) if e is not None]
    return sorted(found, key=lambda e: (GRADE_PRIORITY[e.grade], -e.hours_overdue, e.visit_id))
