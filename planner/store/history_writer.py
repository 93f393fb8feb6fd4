"""Writing a simulated history (``planner.history.simulate``) into the store, in one transaction.

``planner demo --history N`` fills a store with months of a believable
department so that every page has data; the records are written as the
store would have kept them had the department used it all along: each
order with its whole status history (versions counted up change by
change) and the facts the KPIs read of it, each day's plan as that date's live version, every callback
and every call to the customer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from planner.domain import Dataset, Settings
from planner.history.simulate import DISPATCH, SimulatedHistory
from planner.io.write import dataset_to_document
from planner.store.clock import as_utc
from planner.store.database import Database
from planner.store.importing import IMPORTED_DATE, ORG_CHART, PARTS_CONSTRAINED
from planner.store.models import (
    CallbackAttemptRow,
    CallbackRow,
    PlanRow,
    RegionRow,
    SettingRow,
    StatusChangeRow,
    TechnicianRow,
    WorkOrderRow,
)
from planner.store.order_facts import fold, utc_second
from planner.store.rows import SETTING_KEYS, technician_fields, visit_fields


class StoreNotEmpty(Exception):
    """The store already holds orders: a demo history is only written into an empty one."""


def _chunks(rows: list[dict], size: int = 2000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _refuse_orders(session) -> None:
    if session.scalar(select(WorkOrderRow.id).limit(1)) is not None:
        raise StoreNotEmpty("the store already holds work orders; give an empty database (--db)")


def require_empty(db: Database) -> None:
    """Refuse a store that holds orders before spending minutes simulating a history for it."""
    with db.transaction() as session:
        _refuse_orders(session)


def write_history(db: Database, history: SimulatedHistory) -> dict[str, int]:
    """Write the history into an empty store; counts of what was written, by kind."""
    with db.transaction() as session:
        _refuse_orders(session)
        last = max((plan.date for plan in history.plans), default=dt.date.today())
        settings = Settings(date=last).model_dump()
        session.add_all([SettingRow(key=key, value=settings[key]) for key in SETTING_KEYS])
        session.add_all(
            [
                SettingRow(key=PARTS_CONSTRAINED, value=False),
                SettingRow(key=IMPORTED_DATE, value=last.isoformat()),
                SettingRow(key=ORG_CHART, value=dict(history.org) or None),
            ]
        )
        session.add_all(
            [TechnicianRow(**technician_fields(t), active=True, position=n) for n, t in enumerate(history.technicians)]
        )
        session.add_all(
            [RegionRow(id=r.id, name=r.name, name_en=r.name_en, position=n) for n, r in enumerate(history.regions)]
        )
        changes = defaultdict(list)
        for change in history.statuses:
            changes[change.visit_id].append(change)
        orders, status_rows = [], []
        for record in history.orders:
            mine = changes.get(record.id, [])
            status, version = "open", 1
            status_rows.append(
                {
                    "visit_id": record.id,
                    "from_status": None,
                    "status": "open",
                    "at": record.created_at.isoformat(),
                    "at_utc": as_utc(record.created_at),
                    "by": DISPATCH,
                    "note": "",
                    "part_id": None,
                    "client_id": f"{record.id}-new",
                    "version": 1,
                }
            )
            for change in mine:
                version += 1
                status_rows.append(
                    {
                        "visit_id": record.id,
                        "from_status": status,
                        "status": change.status,
                        "at": change.at.isoformat(),
                        "at_utc": as_utc(change.at),
                        "by": change.by,
                        "note": change.note,
                        "part_id": None,
                        "client_id": change.client_id,
                        "version": version,
                    }
                )
                status = change.status
            orders.append(
                {
                    **visit_fields(history.visits[record.id]),
                    "status": status,
                    "version": version,
                    "created_date": record.created_at.date(),
                    "created_at": record.created_at.isoformat(),
                    "grade": record.grade,
                    "complaint_of": record.complaint_of,
                    "technician_id": record.technician_id,
                    "group_id": record.group,
                    "department_id": record.department,
                    **fold([(change.status, utc_second(change.at)) for change in mine]),
                }
            )
        for chunk in _chunks(orders):
            session.execute(insert(WorkOrderRow), chunk)
        for chunk in _chunks(status_rows):
            session.execute(insert(StatusChangeRow), chunk)
        callbacks: list[dict[str, object]] = []
        attempts: list[dict[str, object]] = []
        for callback in history.callbacks:
            closing = callback.closing_attempt
            callbacks.append(
                {
                    "visit_id": callback.visit_id,
                    "due_date": callback.due_date,
                    "done_at": callback.done_at.isoformat(),
                    "outcome": closing.outcome if closing else None,
                    "called_at": as_utc(closing.at) if closing else None,
                    "by": closing.by if closing else None,
                    "note": closing.note if closing else "",
                }
            )
            attempts.extend(
                {
                    "visit_id": callback.visit_id,
                    "outcome": a.outcome,
                    "at": a.at.isoformat(),
                    "at_utc": as_utc(a.at),
                    "by": a.by,
                    "note": a.note,
                    "client_id": a.client_id,
                }
                for a in callback.attempts
            )
        for chunk in _chunks(callbacks):
            session.execute(insert(CallbackRow), chunk)
        for chunk in _chunks(attempts):
            session.execute(insert(CallbackAttemptRow), chunk)
        for plan in history.plans:
            routed = {s.visit_id for r in plan.routes for s in r.stops} | {u.visit_id for u in plan.unassigned}
            dataset = Dataset(
                settings=Settings(date=plan.date),
                technicians=history.technicians,
                visits=tuple(history.visits[v] for v in sorted(routed)),
                regions=history.regions,
                org=history.org or None,
            )
            made = dt.datetime.combine(plan.date, dt.time(7, 30), ZoneInfo(settings["timezone"]))
            session.add(
                PlanRow(
                    date=plan.date,
                    version=1,
                    made_by=DISPATCH,
                    made_at=as_utc(made),
                    live=True,
                    dataset=dataset_to_document(dataset),
                    plan=plan.model_dump(mode="json", by_alias=True),
                )
            )
    return {
        "orders": len(orders),
        "status_changes": len(status_rows),
        "callbacks": len(callbacks),
        "callback_attempts": len(attempts),
        "plans": len(history.plans),
        "complaints": sum(1 for o in history.orders if o.type == "complaint"),
    }
