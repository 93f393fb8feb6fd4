"""The store's orders, status changes and callbacks as the history records KPIs and escalations are computed from.

``planner.history`` defines every figure on these records; the store
only reads them out. Only the changes the figures look at are read
(arrivals, done, cancelled, not at home, and for complaints the first
response), which keeps months of history quick to load.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import or_, select

from planner.callbacks import Attempt, Callback
from planner.history.records import OrderRecord, StatusRecord
from planner.store.database import Database
from planner.store.importing import ORG_CHART
from planner.store.models import (
    CallbackAttemptRow,
    CallbackRow,
    SettingRow,
    StatusChangeRow,
    TechnicianRow,
    WorkOrderRow,
)
from planner.store.orders import _timezone

#: Statuses the KPIs count (planner.history.kpis): done and cancelled close an order; arrivals and not-at-home are visits.
KPI_STATUSES = ("done", "cancelled", "on_site", "not_home")


@dataclass(frozen=True)
class StoreHistory:
    """Everything the KPIs, the escalation list and the monthly report read, and the department's time zone."""

    orders: tuple[OrderRecord, ...]
    statuses: tuple[StatusRecord, ...]
    callbacks: tuple[Callback, ...]
    timezone: str


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def store_history(db: Database) -> StoreHistory:
    """Every order, the changes the figures count (plus each complaint's whole history) and every callback."""
    with db.transaction() as session:
        timezone = _timezone(session)
        zone = zoneinfo.ZoneInfo(timezone)
        orders = []
        types: dict[str, str] = {}
        for row in session.execute(
            select(
                WorkOrderRow.id,
                WorkOrderRow.type,
                WorkOrderRow.created_at,
                WorkOrderRow.created_date,
                WorkOrderRow.due_date,
                WorkOrderRow.department_id,
                WorkOrderRow.group_id,
                WorkOrderRow.technician_id,
                WorkOrderRow.grade,
                WorkOrderRow.complaint_of,
            )
        ):
            created = (
                _moment(row.created_at) if row.created_at else dt.datetime.combine(row.created_date, dt.time(), zone)
            )
            types[row.id] = row.type
            orders.append(
                OrderRecord(
                    id=row.id,
                    type=row.type,
                    created_at=created,
                    due_date=row.due_date,
                    department=row.department_id,
                    group=row.group_id,
                    technician_id=row.technician_id,
                    grade=row.grade,
                    complaint_of=row.complaint_of,
                )
            )
        complaints = select(WorkOrderRow.id).where(WorkOrderRow.type == "complaint")
        statuses = tuple(
            StatusRecord(
                visit_id=row.visit_id,
                status=row.status,
                at=_moment(row.at),
                by=row.by,
                client_id=row.client_id or f"{row.visit_id}#{row.id}",
            )
            for row in session.execute(
                select(
                    StatusChangeRow.id,
                    StatusChangeRow.visit_id,
                    StatusChangeRow.status,
                    StatusChangeRow.at,
                    StatusChangeRow.by,
                    StatusChangeRow.client_id,
                )
                .where(or_(StatusChangeRow.status.in_(KPI_STATUSES), StatusChangeRow.visit_id.in_(complaints)))
                .order_by(StatusChangeRow.id)
            )
        )
        attempts: dict[str, list[Attempt]] = {}
        for tried in session.execute(
            select(
                CallbackAttemptRow.visit_id,
                CallbackAttemptRow.outcome,
                CallbackAttemptRow.at,
                CallbackAttemptRow.by,
                CallbackAttemptRow.note,
                CallbackAttemptRow.client_id,
            ).order_by(CallbackAttemptRow.id)
        ):
            attempts.setdefault(tried.visit_id, []).append(
                Attempt(
                    outcome=tried.outcome, at=_moment(tried.at), by=tried.by, note=tried.note, client_id=tried.client_id
                )
            )
        callbacks = tuple(
            Callback(
                visit_id=row.visit_id,
                visit_type=types[row.visit_id],
                done_at=_moment(row.done_at),
                due_date=row.due_date,
                attempts=tuple(attempts.get(row.visit_id, ())),
            )
            for row in session.execute(
                select(CallbackRow.visit_id, CallbackRow.done_at, CallbackRow.due_date)
                .where(CallbackRow.done_at.is_not(None))
                .order_by(CallbackRow.visit_id)
            )
        )
        return StoreHistory(tuple(orders), statuses, callbacks, timezone)


def _newest_org(session) -> dict:
    """The role chart last imported."""
    row = session.get(SettingRow, ORG_CHART)
    return (row.value if row is not None else None) or {}


def kpi_names(db: Database, by: str, english: bool = False) -> dict[str, str]:
    """Names people read for the keys of KPI rows: technicians' names, groups' and the department's."""
    with db.transaction() as session:
        if by == "technician":
            return {row.id: row.name for row in session.execute(select(TechnicianRow.id, TechnicianRow.name))}
        department = _newest_org(session).get("department") or {}
        field = "name_en" if english else "name"
        if by == "department":
            return {department["id"]: department.get(field) or department.get("name", "")} if "id" in department else {}
        return {
            group["id"]: group.get(field) or group.get("name", "")
            for group in department.get("groups", [])
            if "id" in group
        }
