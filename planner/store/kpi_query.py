"""KPIs of months of history, with each order's status history summed up by the database.

``planner.history.kpis`` defines every figure; reading a million status
changes into Python objects only to find each order's first ``done``
would take many seconds, so one ``GROUP BY`` here gives, per order, the
first done, the first closing, the first arrival and the number of trips
to the door (exactly ``planner.history.kpis.order_facts``), and callbacks
are read as settled in their row. The figures are then computed by the
same functions as for records (``kpis_of_facts``); a test checks that
both ways agree on a generated history.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import case, func, select

from planner.history.kpis import By, KpiRow, OrderFacts, kpis_of_facts
from planner.history.periods import PeriodKind, check_range
from planner.history.records import TERMINAL_STATUSES, VISIT_STATUSES
from planner.service_rules import ServiceRules
from planner.store.database import Database
from planner.store.models import CallbackRow, StatusChangeRow, WorkOrderRow
from planner.store.orders import _timezone

_UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class _Record:
    """The fields of ``OrderRecord`` the KPIs read, straight from the store's columns (already checked there)."""

    id: str
    type: str
    created_at: dt.datetime
    due_date: dt.date | None
    department: str
    group: str
    technician_id: str
    grade: str | None
    complaint_of: str | None


@dataclass(frozen=True, slots=True)
class _Settled:
    """A callback as its row keeps it settled: what the callback KPIs read (``SettledCallback``)."""

    visit_id: str
    due_date: dt.date
    outcome: str | None
    closed_at: dt.datetime | None


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=_UTC)


def _facts(session, zone_name: str) -> dict[str, OrderFacts]:
    status, at = StatusChangeRow.status, StatusChangeRow.at_utc
    summed = {row.visit_id: row for row in session.execute(select(
        StatusChangeRow.visit_id,
        func.min(case((status == "done", at))).label("done"),
        func.min(case((status.in_(sorted(TERMINAL_STATUSES)), at))).label("closed"),
        func.min(case((status == "on_site", at))).label("arrived"),
        func.sum(case((status.in_(sorted(VISIT_STATUSES)), 1), else_=0)).label("visits"),
    ).where(status.in_(sorted(TERMINAL_STATUSES | VISIT_STATUSES))).group_by(StatusChangeRow.visit_id))}
    zone = zoneinfo.ZoneInfo(zone_name)
    facts = {}
    for row in session.execute(select(
            WorkOrderRow.id, WorkOrderRow.type, WorkOrderRow.created_at, WorkOrderRow.created_date,
            WorkOrderRow.due_date, WorkOrderRow.department_id, WorkOrderRow.group_id, WorkOrderRow.technician_id,
            WorkOrderRow.grade, WorkOrderRow.complaint_of)):
        created = (dt.datetime.fromisoformat(row.created_at) if row.created_at
                   else dt.datetime.combine(row.created_date, dt.time(), zone))
        record = _Record(row.id, row.type, created, row.due_date, row.department_id, row.group_id,
                         row.technician_id, row.grade, row.complaint_of)
        found = summed.get(row.id)
        facts[row.id] = OrderFacts(record, _aware(found.done) if found else None,
                                   _aware(found.closed) if found else None,
                                   _aware(found.arrived) if found else None, int(found.visits) if found else 0)
    return facts


def kpi_rows(db: Database, start: dt.date, end: dt.date, *, by: By = "department", period: PeriodKind = "day",
             rules: ServiceRules | None = None) -> list[KpiRow]:
    """Every KPI for every period of ``start``..``end`` and every key (as ``planner.history.kpis.compute_kpis``).

    Raises ``DateRangeError`` when the range ends before it starts, before reading anything.
    """
    check_range(start, end)
    with db.transaction() as session:
        timezone = _timezone(session)
        facts = _facts(session, timezone)
        settled = [_Settled(row.visit_id, row.due_date, row.outcome, _aware(row.called_at))
                   for row in session.execute(select(CallbackRow.visit_id, CallbackRow.due_date, CallbackRow.outcome,
                                                     CallbackRow.called_at).where(CallbackRow.done_at.is_not(None)))]
    return kpis_of_facts(facts, settled, start, end, by=by, period=period, rules=rules, timezone=timezone)
