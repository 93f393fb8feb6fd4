"""Changing an order's status and reading orders back: the field's side of the store.

Each change is one transaction that locks the order's row first
(``FOR UPDATE`` on PostgreSQL, the write lock on SQLite, see
``database``), then applies the contract's rules in this order:

1. the same ``client_id`` again: the change recorded then is the answer,
   nothing new is written (a phone that lost the answer sends again);
2. a ``version`` other than the order's: refused as stale;
3. a status not allowed next: refused, naming both statuses;
4. otherwise the order moves on, its version goes up by one, and the
   change is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from planner.domain import Settings, Visit
from planner.store.calendar import WORK_CALENDAR, calendar_of
from planner.store.clock import as_utc, now_in
from planner.store.database import Database
from planner.store.followup import RULES_KEY, add_callback, open_callback, rules_of
from planner.store.models import SettingRow, StatusChangeRow, WorkOrderRow
from planner.store.order_facts import FACTS, facts_after, utc_second
from planner.store.rows import visit_of
from planner.store.status_statements import (
    CHANGE_FIELDS,
    HISTORY_FROM,
    MOVE,
    ORDER_WITH_HISTORY,
    RECORD,
    SETTINGS_OF,
)
from planner.workorders import STATUSES, allowed


class OrderNotFound(LookupError):
    """No work order has this id."""


class TransitionRefused(Exception):
    """The order's current status does not allow the wanted one."""

    def __init__(self, current: str, wanted: str):
        self.current, self.wanted = current, wanted
        super().__init__(f"{current} -> {wanted} is not allowed")


class StaleVersion(Exception):
    """The change was made on an older copy of the order than the store holds."""

    def __init__(self, given: int | None, current: int):
        self.given, self.current = given, current
        super().__init__(f"version {given} is stale; the order is at version {current}")


@dataclass(frozen=True)
class StatusReport:
    """A change as reported from the field or the office; ``at`` None means now, in the department's time zone."""

    status: str
    at: dt.datetime | None
    by: str
    note: str = ""
    client_id: str | None = None
    version: int | None = None
    part_id: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status}")
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError("at must carry its offset")


@dataclass(frozen=True)
class Change:
    """One record of an order's history."""

    status: str
    from_status: str | None
    at: str
    by: str
    note: str
    client_id: str | None
    part_id: str | None
    version: int

    def as_dict(self) -> dict[str, object]:
        """The API's form of a history record."""
        return {
            "status": self.status,
            "from": self.from_status,
            "at": self.at,
            "by": self.by,
            "note": self.note,
            "client_id": self.client_id,
            "part_id": self.part_id,
            "version": self.version,
        }


@dataclass(frozen=True)
class OrderState:
    """An order as the store holds it: the visit, its status, version, age and history."""

    visit: Visit
    status: str
    version: int
    created_date: dt.date
    history: tuple[Change, ...]

    @property
    def visit_id(self) -> str:
        return self.visit.id


@dataclass(frozen=True)
class StatusAnswer:
    """What a change of status answers: the order's status and version after it, and its whole history."""

    visit_id: str
    status: str
    version: int
    history: tuple[Change, ...]


def _change(row: StatusChangeRow) -> Change:
    return Change(row.status, row.from_status, row.at, row.by, row.note, row.client_id, row.part_id, row.version)


def _state(row: WorkOrderRow, with_history: bool = True) -> OrderState:
    """The order as read with its visit, for the board and the API's reads (its history left empty if unread)."""
    history = tuple(_change(change) for change in row.history) if with_history else ()
    return OrderState(visit_of(row), row.status, row.version, row.created_date, history)


def _change_fields(visit_id: str, before: str, report: StatusReport, at: dt.datetime, version: int) -> dict[str, Any]:
    """The record of a change as its row's columns; ``version`` is the order's version after it."""
    return {
        "visit_id": visit_id,
        "from_status": before,
        "status": report.status,
        "at": at.isoformat(),
        "at_utc": as_utc(at),
        "by": report.by,
        "note": report.note,
        "part_id": report.part_id,
        "client_id": report.client_id,
        "version": version,
    }


def record(session: Session, row: WorkOrderRow, report: StatusReport) -> None:
    """Move a locked order (an ORM row: a plan marking many orders) to ``report.status`` and add the record
    (the rules are the caller's); an order marked done gets its callback task in the same transaction.

    The facts the KPIs read of its history (``order_facts``) move with the
    change. The order's UPDATE (which checks its version) and the record's INSERT
    go in one flush: a row changed meanwhile raises StaleDataError there.
    """
    before = row.status
    # The department's time zone, read only when a time is stamped now or a callback is opened.
    timezone = _timezone(session) if report.at is None or report.status == "done" else ""
    at = report.at or now_in(timezone)
    row.status = report.status
    for name, value in facts_after({name: getattr(row, name) for name in FACTS}, report.status, utc_second(at)).items():
        setattr(row, name, value)
    # The versioned UPDATE adds one to the version; the record is added without reading the order's history.
    session.add(StatusChangeRow(**_change_fields(row.id, before, report, at, row.version + 1)))
    if report.status == "done":
        open_callback(session, row, at, timezone)
    session.flush()


def _timezone(session: Session) -> str:
    """The department's time zone as last imported (China's before any import)."""
    return timezone_of(session.scalar(select(SettingRow.value).where(SettingRow.key == "timezone")))


def timezone_of(value: str | None) -> str:
    """The time zone its settings row keeps (None before any import: China's)."""
    return value if value is not None else Settings.model_fields["timezone"].default


def _locked(session: Session, visit_id: str) -> WorkOrderRow:
    """The order's row with its history, locked until the transaction ends; OrderNotFound when there is none."""
    row = session.scalars(
        select(WorkOrderRow)
        .where(WorkOrderRow.id == visit_id)
        .with_for_update()
        .options(selectinload(WorkOrderRow.history))
    ).one_or_none()
    if row is None:
        raise OrderNotFound(visit_id)
    return row


def _settings(connection: Connection, keys: tuple[str, ...]) -> dict[str, Any]:
    """The department's settings of ``keys`` that the store keeps, in one query."""
    return {row.key: row.value for row in connection.execute(SETTINGS_OF, {"keys": list(keys)})}


def _apply(db: Database, visit_id: str, report: StatusReport) -> StatusAnswer:
    """The module's rules in one transaction, statement by statement: a status from the field is the
    store's busiest write, and on SQLite every writer waits for it (see ``change_status``)."""
    with db.transaction() as session:
        connection = session.connection()
        # The order with its history, locked (FOR UPDATE OF the order on PostgreSQL, the write lock on SQLite).
        rows = connection.execute(ORDER_WITH_HISTORY, {"order_id": visit_id}).all()
        if not rows:
            raise OrderNotFound(visit_id)
        status, seen, visit_type = rows[0][:3]
        facts = dict(zip(FACTS, rows[0][3:HISTORY_FROM], strict=True))
        history = [Change(*row[HISTORY_FROM:]) for row in rows if row[HISTORY_FROM] is not None]
        if report.client_id is not None:
            earlier = next((change for change in history if change.client_id == report.client_id), None)
            if earlier is not None:
                return StatusAnswer(visit_id, earlier.status, earlier.version, tuple(history))
        if report.version is not None and report.version != seen:
            raise StaleVersion(report.version, seen)
        if not allowed(status, report.status):
            raise TransitionRefused(status, report.status)
        done = report.status == "done"
        # The department's time zone (and follow-up rules), read only when a time is stamped now or a callback opened.
        wanted = ("timezone", RULES_KEY, WORK_CALENDAR) if done else ("timezone",) if report.at is None else ()
        settings = _settings(connection, wanted) if wanted else {}
        timezone = timezone_of(settings.get("timezone"))
        at = report.at or now_in(timezone)
        facts.update(facts_after(facts, report.status, utc_second(at)))
        moved = connection.execute(
            MOVE,
            {"order_id": visit_id, "seen": seen, "new_status": report.status, "new_version": seen + 1}
            | {f"new_{name}": value for name, value in facts.items()},
        )
        if moved.rowcount != 1:
            raise StaleVersion(seen, seen + 1)
        fields = _change_fields(visit_id, status, report, at, seen + 1)
        connection.execute(RECORD, fields)
        if done:
            rules, calendar = rules_of(settings.get(RULES_KEY)), calendar_of(settings.get(WORK_CALENDAR))
            add_callback(connection, visit_id, visit_type, at, timezone, rules, calendar)
    # Built after the commit: the next writer need not wait for it.
    return StatusAnswer(
        visit_id, report.status, seen + 1, (*history, Change(*(fields[name] for name in CHANGE_FIELDS)))
    )


def change_status(db: Database, visit_id: str, report: StatusReport) -> StatusAnswer:
    """Apply one reported change (see the module's rules) and answer with the order's status, version and history.

    Raises OrderNotFound, StaleVersion or TransitionRefused; nothing is
    written then. A second request with the same ``client_id`` that raced
    the first past the lock meets the unique key and is answered like a
    repeat.
    """
    try:
        return _apply(db, visit_id, report)
    except IntegrityError:
        return _apply(db, visit_id, report)


def order(db: Database, visit_id: str) -> OrderState:
    """One order with its whole history; OrderNotFound when there is none."""
    with db.reading() as session:
        row = session.get(WorkOrderRow, visit_id, options=[selectinload(WorkOrderRow.history)])
        if row is None:
            raise OrderNotFound(visit_id)
        return _state(row)


def orders(
    db: Database, status: str | None = None, ids: set[str] | None = None, with_history: bool = True
) -> list[OrderState]:
    """Orders, oldest first (then by id), optionally of one status and/or among ``ids``.

    Without ``with_history`` each order's history is left unread (empty):
    a board asking every few seconds for the day's statuses needs none.
    """
    with db.reading() as session:
        query = select(WorkOrderRow).order_by(WorkOrderRow.created_date, WorkOrderRow.id)
        if with_history:
            query = query.options(selectinload(WorkOrderRow.history))
        if status is not None:
            query = query.where(WorkOrderRow.status == status)
        if ids is not None:
            query = query.where(WorkOrderRow.id.in_(sorted(ids)))
        return [_state(row, with_history) for row in session.scalars(query)]
