"""Callback outcomes, the day's call list and the complaints they open, as the store keeps them.

An outcome is one transaction that locks the order's row first (as a
status change does), so two reps recording the same callback take turns:
the second meets the first's outcome and is refused with its time
(``planner.callbacks.record_outcome`` decides; this module keeps). An
unsatisfied outcome opens the complaint order in the same transaction,
and three tries that do not reach the customer close the callback.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.callbacks import (
    Attempt,
    Callback,
    CallbackRefused,
    NewComplaint,
    record_outcome,
    require_done,
    todays_calls,
)
from planner.complaints import resolution_deadline
from planner.service_rules import ServiceRules
from planner.store.clock import as_utc, now_in
from planner.store.database import Database
from planner.store.followup import open_callback, stored_rules
from planner.store.models import CallbackAttemptRow, CallbackRow, StatusChangeRow, WorkOrderRow
from planner.store.orders import _timezone
from planner.workdays import WorkCalendar


@dataclass(frozen=True)
class CallbackEntry:
    """A callback with what a rep needs to make the call: the customer, the phone, what was done, by whom.

    For staff pages only: it holds personal data.
    """

    callback: Callback
    customer: str
    phone: str
    description: str
    technician_id: str
    complaint_id: str | None = None


def _callback(row: CallbackRow, order: WorkOrderRow, attempts: list[CallbackAttemptRow]) -> Callback:
    assert row.done_at is not None, "_task gives every callback row its done time"
    return Callback(
        visit_id=order.id,
        visit_type=order.type,
        done_at=dt.datetime.fromisoformat(row.done_at),
        due_date=row.due_date,
        attempts=tuple(
            Attempt(outcome=a.outcome, at=dt.datetime.fromisoformat(a.at), by=a.by, note=a.note, client_id=a.client_id)
            for a in attempts
        ),
    )


def _task(session: Session, order: WorkOrderRow, rules: ServiceRules, calendar: WorkCalendar | None) -> CallbackRow:
    """The order's callback row; opened now from its first ``done`` change when the order has none yet."""
    row = session.scalars(select(CallbackRow).where(CallbackRow.visit_id == order.id)).one_or_none()
    if row is not None and row.done_at is not None:
        return row
    done = session.scalars(
        select(StatusChangeRow)
        .where(StatusChangeRow.visit_id == order.id, StatusChangeRow.status == "done")
        .order_by(StatusChangeRow.at_utc)
    ).first()
    done_at = dt.datetime.fromisoformat(done.at) if done is not None else now_in(_timezone(session))
    if row is not None:
        row.done_at = done_at.isoformat()
        return row
    return open_callback(session, order, done_at, _timezone(session), rules, calendar)


def _open_complaint(
    session: Session, first: WorkOrderRow, complaint: NewComplaint, by: str, rules: ServiceRules, timezone: str
) -> None:
    """The complaint order: the first order's place and skills again, urgent by its grade, due by its deadline."""
    if session.get(WorkOrderRow, complaint.id) is not None:
        return
    deadline = resolution_deadline(complaint.grade, complaint.created_at, rules)
    local = zoneinfo.ZoneInfo(timezone)
    copied = {
        name: getattr(first, name)
        for name in (
            "customer",
            "phone",
            "address",
            "lat",
            "lon",
            "region",
            "required_skills",
            "duration_min",
            "parts",
            "department_id",
        )
    }
    session.add(
        WorkOrderRow(
            id=complaint.id,
            type="complaint",
            priority=complaint.priority,
            grade=complaint.grade,
            complaint_of=complaint.complaint_of,
            window_start=None,
            window_end=None,
            due_date=deadline.astimezone(local).date(),
            pinned_technician=None,
            preferred_technician=None,
            description=f"回访不满意：{complaint.note or first.description}"[:2000],
            status="open",
            version=1,
            created_date=complaint.created_at.astimezone(local).date(),
            created_at=complaint.created_at.isoformat(),
            **copied,
        )
    )
    session.flush()
    session.add(
        StatusChangeRow(
            visit_id=complaint.id,
            from_status=None,
            status="open",
            at=complaint.created_at.isoformat(),
            at_utc=as_utc(complaint.created_at),
            by=by,
            note=f"complaint of {complaint.complaint_of}",
            version=1,
        )
    )


def _record(
    db: Database, visit_id: str, attempt_fields: dict, rules: ServiceRules | None, calendar: WorkCalendar | None
) -> tuple[Callback, str | None]:
    with db.transaction() as session:
        order = session.scalars(select(WorkOrderRow).where(WorkOrderRow.id == visit_id).with_for_update()).one_or_none()
        require_done(visit_id, None if order is None else order.status)
        assert order is not None, "require_done refuses an unknown order"
        rules = rules or stored_rules(session)
        timezone = _timezone(session)
        attempt = Attempt(**{**attempt_fields, "at": attempt_fields["at"] or now_in(timezone)})
        task = _task(session, order, rules, calendar)
        attempts = list(
            session.scalars(
                select(CallbackAttemptRow)
                .where(CallbackAttemptRow.visit_id == visit_id)
                .order_by(CallbackAttemptRow.id)
            )
        )
        before = _callback(task, order, attempts)
        try:
            after, complaint = record_outcome(before, attempt)
        except CallbackRefused as refused:
            refused.first_at = before.closed_at
            raise
        if after is before:
            return before, None
        session.add(
            CallbackAttemptRow(
                visit_id=visit_id,
                outcome=attempt.outcome,
                at=attempt.at.isoformat(),
                at_utc=as_utc(attempt.at),
                by=attempt.by,
                note=attempt.note,
                client_id=attempt.client_id,
            )
        )
        if after.outcome is not None and after.closed_at is not None:
            task.outcome, task.called_at, task.by, task.note = (
                after.outcome,
                as_utc(after.closed_at),
                attempt.by,
                attempt.note,
            )
        if complaint is not None:
            _open_complaint(session, order, complaint, attempt.by, rules, timezone)
        return after, complaint.id if complaint else None


def record_callback(
    db: Database,
    visit_id: str,
    outcome: str,
    by: str,
    client_id: str,
    *,
    at: dt.datetime | None = None,
    note: str = "",
    rules: ServiceRules | None = None,
    calendar: WorkCalendar | None = None,
) -> tuple[Callback, str | None]:
    """Record one call's outcome; the callback as it now is and the id of the complaint it opened, if any.

    Raises ``CallbackRefused`` (unknown order, not done, already settled,
    before the order was done); nothing is written then. The same
    ``client_id`` again answers with the callback unchanged.
    """
    fields = {"outcome": outcome, "at": at, "by": by, "note": note, "client_id": client_id}
    try:
        return _record(db, visit_id, fields, rules, calendar)
    except IntegrityError:
        return _record(db, visit_id, fields, rules, calendar)


def callback_entries(db: Database, *, open_only: bool = True) -> list[CallbackEntry]:
    """Every callback (only those still open by default) with its order's contact and the complaint it opened."""
    with db.transaction() as session:
        query = select(CallbackRow, WorkOrderRow).join(WorkOrderRow, WorkOrderRow.id == CallbackRow.visit_id)
        if open_only:
            query = query.where(CallbackRow.outcome.is_(None))
        pairs = list(session.execute(query.where(CallbackRow.done_at.is_not(None))))
        ids = [row.visit_id for row, _ in pairs]
        attempts: dict[str, list[CallbackAttemptRow]] = {}
        for chunk in range(0, len(ids), 500):
            for attempt in session.scalars(
                select(CallbackAttemptRow)
                .where(CallbackAttemptRow.visit_id.in_(ids[chunk : chunk + 500]))
                .order_by(CallbackAttemptRow.id)
            ):
                attempts.setdefault(attempt.visit_id, []).append(attempt)
        complaints = (
            {}
            if open_only
            else {
                row.complaint_of: row.id
                for row in session.execute(
                    select(WorkOrderRow.complaint_of, WorkOrderRow.id).where(WorkOrderRow.complaint_of.is_not(None))
                )
            }
        )
        return [
            CallbackEntry(
                _callback(row, order, attempts.get(row.visit_id, [])),
                order.customer,
                order.phone,
                order.description,
                order.technician_id,
                complaints.get(order.id),
            )
            for row, order in pairs
        ]


def call_list(db: Database, today: dt.date) -> list[CallbackEntry]:
    """Today's calls for customer service: open callbacks of orders done by today, overdue first."""
    with db.transaction() as session:
        timezone = _timezone(session)
    entries = {entry.callback.visit_id: entry for entry in callback_entries(db)}
    return [entries[c.visit_id] for c in todays_calls([e.callback for e in entries.values()], today, timezone)]


def department_timezone(db: Database) -> str:
    """The department's time zone as last imported."""
    with db.transaction() as session:
        return _timezone(session)


__all__ = [
    "CallbackEntry",
    "CallbackRefused",
    "call_list",
    "callback_entries",
    "department_timezone",
    "record_callback",
]
