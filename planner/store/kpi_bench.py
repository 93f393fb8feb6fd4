"""A large made-up history for measuring KPI queries: days x orders a day, written straight into a store.

The planner cannot plan 2,000 orders a day for 90 days in a benchmark's
time, and the KPI queries do not care who planned: each order here gets
a believable life (planned, arrived, done, sometimes a second trip or a
cancellation) and done orders a settled or open callback, drawn from one
seed. ``planner bench-kpis`` prints how long the KPI queries take on it.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo

from sqlalchemy import Table, insert, text

from planner.history.kpis import BY_KINDS, By
from planner.history.periods import PERIOD_KINDS, PeriodKind
from planner.store.clock import as_utc
from planner.store.database import Database
from planner.store.kpi_query import kpi_rows
from planner.store.models import Base, CallbackRow, SettingRow, StatusChangeRow, WorkOrderRow
from planner.store.order_facts import fold, utc_second

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
TYPES = ("repair", "install", "maintenance", "complaint")
OUTCOMES = ("satisfied", "satisfied", "satisfied", "satisfied", "neutral", "unsatisfied", "unreachable")


def _order(visit_id: str, day: dt.date, rng: random.Random, technicians: int) -> tuple[dict, list[dict], dict | None]:
    created = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(8), ZONE) + dt.timedelta(
        minutes=rng.randrange(720)
    )
    kind = rng.choice(TYPES)
    technician = f"T{rng.randrange(technicians) + 1:02d}"
    order = {
        "id": visit_id,
        "customer": "",
        "phone": "",
        "address": "",
        "lat": 31.2,
        "lon": 121.4,
        "region": "",
        "type": kind,
        "priority": 3,
        "required_skills": {},
        "duration_min": 60,
        "window_start": None,
        "window_end": None,
        "due_date": day + dt.timedelta(days=rng.randrange(3)),
        "parts": {},
        "pinned_technician": None,
        "preferred_technician": None,
        "description": "",
        "version": 1,
        "created_date": created.date(),
        "created_at": created.isoformat(),
        "grade": rng.choice(("major", "important", "minor")) if kind == "complaint" else None,
        "complaint_of": None,
        "technician_id": technician,
        "group_id": f"G{int(technician[1:]) % 5}",
        "department_id": "D1",
    }
    path = ["open", "planned", "en_route"]
    draw = rng.random()
    if draw < 0.04:
        path += ["not_home", "open", "planned", "en_route"]
    path += ["on_site", "done"] if draw < 0.97 else ["on_site", "needs_part"]
    at = dt.datetime.combine(day, dt.time(7, 30), ZONE)
    changes, seconds = [], []
    for n, status in enumerate(path):
        seconds.append((status, utc_second(at)))
        changes.append(
            {
                "visit_id": visit_id,
                "from_status": path[n - 1] if n else None,
                "status": status,
                "at": at.isoformat(),
                "at_utc": as_utc(at),
                "by": technician,
                "note": "",
                "part_id": None,
                "client_id": f"{visit_id}-{n}",
                "version": n + 1,
            }
        )
        at += dt.timedelta(minutes=rng.randrange(10, 90))
    order["status"], order["version"] = path[-1], len(path)
    order.update(fold(seconds))
    callback = None
    if path[-1] == "done":
        outcome = rng.choice(OUTCOMES) if rng.random() < 0.8 else None
        called = at + dt.timedelta(days=rng.randrange(5))
        callback = {
            "visit_id": visit_id,
            "due_date": day + dt.timedelta(days=3),
            "done_at": at.isoformat(),
            "outcome": outcome,
            "called_at": as_utc(called) if outcome else None,
            "by": "CS01" if outcome else None,
            "note": "",
        }
    return order, changes, callback


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def fill(db: Database, start: dt.date, days: int, per_day: int, technicians: int = 200, seed: int = 1) -> int:
    """Write ``days`` x ``per_day`` orders from ``start``; the number of status changes written."""
    rng = random.Random(seed)
    written = 0
    with db.transaction() as session:
        session.merge(SettingRow(key="timezone", value="Asia/Shanghai"))
    for number in range(days):
        day = start + dt.timedelta(days=number)
        orders, changes, callbacks = [], [], []
        for n in range(per_day):
            order, mine, callback = _order(f"B{day:%y%m%d}-{n:05d}", day, rng, technicians)
            orders.append(order)
            changes += mine
            if callback:
                callbacks.append(callback)
        with db.transaction() as session:  # Core inserts of many rows a statement, not the ORM's row by row
            session.execute(insert(_table(WorkOrderRow)), orders)
            session.execute(insert(_table(StatusChangeRow)), changes)
            session.execute(insert(_table(CallbackRow)), callbacks)
        written += len(changes)
    if db.dialect == "postgresql":
        with db.transaction() as session:
            session.execute(text("ANALYZE"))  # what autovacuum does soon after a load this size
    else:  # the load moved from the write-ahead log into the file, as SQLite does once idle (outside a transaction)
        raw = db.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return written


def time_queries(db: Database, start: dt.date, end: dt.date) -> list[tuple[By, PeriodKind, float, float, int]]:
    """Seconds each KPI query takes over ``start``..``end``: (by, period, seconds, CPU seconds of this process, rows).

    On a busy machine the wall time waits for a core; the CPU time does
    not (on SQLite it is the query's and the assembly's, on PostgreSQL the
    assembly's only: the server's work is done in another process).
    """
    timings = []
    for by in BY_KINDS:
        for period in PERIOD_KINDS:
            began, cpu = time.perf_counter(), time.process_time()
            rows = kpi_rows(db, start, end, by=by, period=period)
            timings.append((by, period, time.perf_counter() - began, time.process_time() - cpu, len(rows)))
    return timings
