"""Callbacks (回访): after an order is done, customer service calls the customer back.

The callback is due within a number of working days (settings, per visit
type) counted on the mainland calendar, so an order finished before the
National Day holiday is not "overdue" on its third day off. Its outcome
is 满意 / 一般 / 不满意 / 联系不上; ``unsatisfied`` reopens the matter as a
complaint order linked to the first, and three tries that do not reach
the customer close the callback as unreachable. An outcome is final: a
second one is refused, naming when the first was recorded, so two reps
calling the same customer cannot overwrite each other.

Everything here is a pure function of immutable records; the store keeps
them and the pages show them.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from typing import Literal

from pydantic import AwareDatetime, Field

from planner.complaints import DEFAULT_GRADE, planning_priority
from planner.domain import Frozen, Grade, VisitType
from planner.service_rules import ServiceRules
from planner.workdays import WorkCalendar

Outcome = Literal["satisfied", "neutral", "unsatisfied", "unreachable"]
OUTCOMES: tuple[str, ...] = ("satisfied", "neutral", "unsatisfied", "unreachable")

#: Names a person reads, Chinese then English.
OUTCOME_NAMES: Mapping[str, tuple[str, str]] = {
    "satisfied": ("满意", "satisfied"),
    "neutral": ("一般", "neutral"),
    "unsatisfied": ("不满意", "unsatisfied"),
    "unreachable": ("联系不上", "unreachable"),
}

#: Tries without reaching the customer after which the callback is closed as unreachable.
UNREACHABLE_TRIES = 3

#: The grade of a complaint opened by an unsatisfied callback.
CALLBACK_COMPLAINT_GRADE: Grade = DEFAULT_GRADE


class CallbackRefused(Exception):
    """An outcome that cannot be recorded; ``code`` tells the API which answer to give.

    ``unknown_order`` -> 404, ``not_done`` and ``already_closed`` -> 409,
    ``before_done`` -> 422. ``message`` is Chinese, ``message_en`` English.
    """

    def __init__(self, code: str, message: str, message_en: str):
        self.code, self.message, self.message_en = code, message, message_en
        #: ``already_closed``: when the outcome was recorded (the API answers a second outcome with it).
        self.first_at: dt.datetime | None = None
        super().__init__(message_en)


class Attempt(Frozen):
    """One call to the customer and what came of it."""

    outcome: Outcome
    at: AwareDatetime
    by: str
    note: str = ""
    client_id: str


class Callback(Frozen):
    """The callback task of one done order, with every attempt so far."""

    visit_id: str
    visit_type: VisitType
    done_at: AwareDatetime
    due_date: dt.date
    attempts: tuple[Attempt, ...] = ()

    @property
    def closing_attempt(self) -> Attempt | None:
        """The attempt that settled the callback, or None while it is still to do.

        That is the first call that reached the customer, or the third
        that did not.
        """
        for unreachable, attempt in enumerate(self.attempts, start=1):
            if attempt.outcome != "unreachable":
                return attempt
            if unreachable == UNREACHABLE_TRIES:
                return attempt
        return None

    @property
    def outcome(self) -> Outcome | None:
        """The final outcome, None while open."""
        closing = self.closing_attempt
        return closing.outcome if closing else None

    @property
    def closed_at(self) -> dt.datetime | None:
        """When the final outcome was recorded."""
        closing = self.closing_attempt
        return closing.at if closing else None

    def is_overdue(self, today: dt.date) -> bool:
        """Still open after its due date."""
        return self.outcome is None and today > self.due_date

    def workdays_late(self, today: dt.date, calendar: WorkCalendar) -> int:
        """Working days past the due date while still open (0 when on time or closed).

        Counted in working days like the due date itself, so a callback
        due before a long holiday is not "six days late" after it.
        """
        if not self.is_overdue(today):
            return 0
        return calendar.workdays_after(self.due_date, today)


class NewComplaint(Frozen):
    """The complaint order an unsatisfied callback opens, for the store to create.

    It is the same matter at the same customer, so the store copies the
    first order's place and skills; this record says what is new.
    """

    id: str
    complaint_of: str
    grade: Grade
    priority: int = Field(ge=1, le=4)
    created_at: AwareDatetime
    note: str = ""


def local_date(moment: dt.datetime, timezone: str) -> dt.date:
    """The calendar date of an instant where the department works."""
    return moment.astimezone(zoneinfo.ZoneInfo(timezone)).date()


def callback_for(
    visit_id: str,
    visit_type: str,
    done_at: dt.datetime,
    rules: ServiceRules,
    calendar: WorkCalendar,
    timezone: str = "Asia/Shanghai",
) -> Callback:
    """The callback task of an order marked done at ``done_at`` (``Callback`` checks the visit type)."""
    due = calendar.add_workdays(local_date(done_at, timezone), rules.callback_workdays_for(visit_type))
    return Callback(visit_id=visit_id, visit_type=visit_type, done_at=done_at, due_date=due)


def require_done(visit_id: str, status: str | None) -> None:
    """Refuse an outcome for an order the store does not have (None) or that is not done."""
    if status is None:
        raise CallbackRefused("unknown_order", f"没有工单 {visit_id}", f"there is no order {visit_id}")
    if status != "done":
        raise CallbackRefused(
            "not_done",
            f"工单 {visit_id} 状态为 {status}，尚未完成，不能回访",
            f"order {visit_id} is {status}, not done: there is nothing to call back about",
        )


def record_outcome(callback: Callback, attempt: Attempt) -> tuple[Callback, NewComplaint | None]:
    """The callback with ``attempt`` added, and the complaint it opens if unsatisfied.

    The same ``client_id`` twice gives the callback unchanged (a retried
    request from a phone with a poor signal), and no second complaint.
    """
    if any(a.client_id == attempt.client_id for a in callback.attempts):
        return callback, None
    closing = callback.closing_attempt
    if closing is not None:
        first = closing.at.isoformat()
        zh, en = OUTCOME_NAMES[closing.outcome]
        raise CallbackRefused(
            "already_closed",
            f"工单 {callback.visit_id} 的回访已于 {first} 记录为「{zh}」，不能再记录结果",
            f"the callback of order {callback.visit_id} already has its outcome ({en}), recorded at {first}",
        )
    if attempt.at < callback.done_at:
        raise CallbackRefused(
            "before_done",
            f"回访时间 {attempt.at.isoformat()} 早于工单完成时间",
            f"the call at {attempt.at.isoformat()} is before the order was done ({callback.done_at.isoformat()})",
        )
    updated = callback.model_copy(update={"attempts": callback.attempts + (attempt,)})
    if attempt.outcome != "unsatisfied":
        return updated, None
    complaint = NewComplaint(
        id=complaint_id(callback.visit_id),
        complaint_of=callback.visit_id,
        grade=CALLBACK_COMPLAINT_GRADE,
        priority=planning_priority(CALLBACK_COMPLAINT_GRADE),
        created_at=attempt.at,
        note=attempt.note,
    )
    return updated, complaint


_COMPLAINT_SUFFIX = re.compile(r"^(?P<root>.+)-C(?P<n>\d+)$")


def complaint_id(visit_id: str) -> str:
    """``V17`` -> ``V17-C1``; a complaint about a complaint counts on: ``V17-C1`` -> ``V17-C2``."""
    match = _COMPLAINT_SUFFIX.match(visit_id)
    if match:
        return f"{match['root']}-C{int(match['n']) + 1}"
    return f"{visit_id}-C1"


def todays_calls(callbacks: list[Callback], today: dt.date, timezone: str = "Asia/Shanghai") -> list[Callback]:
    """Every open callback of an order done by ``today``, overdue first (oldest due date), then by id.

    Calls not yet due are on the list too: a rep with time calls early.
    """
    open_ = [c for c in callbacks if c.outcome is None and local_date(c.done_at, timezone) <= today]
    return sorted(open_, key=lambda c: (c.due_date, c.visit_id))
