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

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from planner.domain import Settings, Visit
from planner.store.clock import as_utc, now_in
from planner.store.database import Database
from planner.store.followup import open_callback
from planner.store.models import SettingRow, StatusChangeRow, WorkOrderRow
from planner.store.order_facts import FACTS, facts_after, utc_second
from planner.store.rows import visit_of
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


def _change(row: StatusChangeRow) -> Change:
    return Change(row.status, row.from_status, row.at, row.by, row.note, row.client_id, row.part_id, row.version)


def _state(row: WorkOrderRow, status: str | None = None, version: int | None = None) -> OrderState:
    """The order's state; ``status``/``version`` replace the current ones for a repeated answer."""
    return OrderState(
        visit_of(row),
        status or row.status,
        version or row.version,
        row.created_date,
        tuple(_change(change) for change in row.history),
    )


def record(session: Session, row: WorkOrderRow, report: StatusReport) -> None:
    """Move a locked order to ``report.status`` and add the record (the rules are the caller's).

    An order marked done gets its callback task in the same transaction,
    and the facts the KPIs read of its history (``order_facts``) move with
    the change. The order's UPDATE (which checks its version) and the record's INSERT
    go in one flush: a row changed meanwhile raises StaleDataError there.
    """
    before = row.status
    # The department's time zone, read only when a time is stamped now or a callback is opened.
    timezone = _timezone(session) if report.at is None or report.status == "done" else ""
    at = report.at or now_in(timezone)
    row.status = report.status
    for name, value in facts_after({name: getattr(row, name) for name in FACTS}, report.status, utc_second(at)).items():
        setattr(row, name, value)
    change = StatusChangeRow(
        visit_id=row.id,
        from_status=before,
        status=report.status,
        at=at.isoformat(),
        at_utc=as_utc(at),
        by=report.by,
        note=report.note,
        part_id=report.part_id,
        client_id=report.client_id,
        version=row.version + 1,
    )  # the versioned UPDATE adds one to the version
    if "history" in inspect(row).unloaded:
        session.add(change)  # a plan marking many orders need not read each one's history
    else:
        row.history.append(change)  # the answer then shows it without reading the history again
    if report.status == "done":
        open_callback(session, row, at, timezone)
    session.flush()


def _timezone(session: Session) -> str:
    """The department's time zone as last imported (China's before any import)."""
    value = session.scalar(select(SettingRow.value).where(SettingRow.key == "timezone"))
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


def _apply(db: Database, visit_id: str, report: StatusReport) -> OrderState:
    with db.transaction() as session:
        row = _locked(session, visit_id)
        if report.client_id is not None:
            earlier = next((change for change in row.history if change.client_id == report.client_id), None)
            if earlier is not None:
                return _state(row, earlier.status, earlier.version)
        if report.version is not None and report.version != row.version:
            raise StaleVersion(report.version, row.version)
        if not allowed(row.status, report.status):
            raise TransitionRefused(row.status, report.status)
        seen = row.version
        try:
            record(session, row, report)
        except StaleDataError:
            raise StaleVersion(seen, seen + 1) from None
    return _state(row)  # built after the commit: the next writer need not wait for it


def change_status(db: Database, visit_id: str, report: StatusReport) -> OrderState:
    """Apply one reported change (see the module's rules) and return the order as it now is.

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
    with db.transaction() as session:
        row = session.get(WorkOrderRow, visit_id)
        if row is None:
            raise OrderNotFound(visit_id)
        return _state(row)


def orders(db: Database, status: str | None = None, ids: set[str] | None = None) -> list[OrderState]:
    """Orders, oldest first (then by id), optionally of one status and/or among ``ids``."""
    with db.transaction() as session:
        query = (
            select(WorkOrderRow)
            .options(selectinload(WorkOrderRow.history))
            .order_by(WorkOrderRow.created_date, WorkOrderRow.id)
        )
        if status is not None:
            query = query.where(WorkOrderRow.status == status)
        if ids is not None:
            query = query.where(WorkOrderRow.id.in_(sorted(ids)))
        return [_state(row) for row in session.scalars(query)]
