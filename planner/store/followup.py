"""The callback task an order gets when it is marked done, written in the same transaction as the change.

Kept apart from ``planner.store.callbacks`` (outcomes, lists) so that
``planner.store.orders`` can open the task without importing what
imports it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from planner.callbacks import callback_for
from planner.service_rules import ServiceRules
from planner.store.calendar import stored_calendar
from planner.store.models import CallbackRow, SettingRow, WorkOrderRow
from planner.store.status_statements import CALLBACK_OF, NEW_CALLBACK
from planner.workdays import WorkCalendar

#: The settings row holding the department's follow-up rules (``planner.store.followup_settings`` saves them).
RULES_KEY = "service_rules"


def stored_rules(session: Session) -> ServiceRules:
    """The follow-up rules saved in the store, else the defaults."""
    row = session.get(SettingRow, RULES_KEY)
    return rules_of(row.value if row is not None else None)


def rules_of(saved: dict[str, Any] | None) -> ServiceRules:
    """The follow-up rules as their settings row keeps them (None: never saved, the defaults)."""
    return ServiceRules.model_validate(saved) if saved is not None else ServiceRules()


def open_callback(
    session: Session,
    order: WorkOrderRow,
    done_at: dt.datetime,
    timezone: str,
    rules: ServiceRules | None = None,
    calendar: WorkCalendar | None = None,
) -> CallbackRow:
    """The order's callback row, due ``callback_workdays`` working days after the local day it was done.

    Working days are the store's calendar (official, plus the overrides
    ``planner calendar`` kept) unless ``calendar`` is given.

    An order already holding one keeps it (done is final, so that only
    happens when a task was opened for an order done before callbacks
    were kept).
    """
    existing = session.scalars(select(CallbackRow).where(CallbackRow.visit_id == order.id)).one_or_none()
    if existing is not None:
        return existing
    rules, calendar = rules or stored_rules(session), calendar or stored_calendar(session)
    row = CallbackRow(**_new_task(order.id, order.type, done_at, timezone, rules, calendar))
    session.add(row)
    return row


def _new_task(
    visit_id: str, visit_type: str, done_at: dt.datetime, timezone: str, rules: ServiceRules, calendar: WorkCalendar
) -> dict[str, Any]:
    """The columns of an order's new callback task, due by the rules on the working-day calendar."""
    task = callback_for(visit_id, visit_type, done_at, rules, calendar, timezone)
    return {"visit_id": visit_id, "due_date": task.due_date, "note": "", "done_at": done_at.isoformat()}


def add_callback(
    connection: Connection,
    visit_id: str,
    visit_type: str,
    done_at: dt.datetime,
    timezone: str,
    rules: ServiceRules,
    calendar: WorkCalendar,
) -> None:
    """``open_callback`` for a change written row by row without the ORM (a status from the field):
    the same task, due by the same rules, in the caller's transaction."""
    if connection.scalar(CALLBACK_OF, {"order_id": visit_id}) is not None:
        return
    connection.execute(NEW_CALLBACK, _new_task(visit_id, visit_type, done_at, timezone, rules, calendar))
