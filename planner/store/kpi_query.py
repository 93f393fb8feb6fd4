"""KPIs of months of history from the store: the database reads each order's facts once, NumPy counts.

``planner.history.kpis`` defines every figure and computes it from
records in Python. Months of a busy department are a million status
changes; reading them into Python objects takes many seconds. The order's
own row keeps what its history says (first done, first closing, first
arrival, trips to the door: ``planner.store.order_facts``), so one plain
scan of the orders, each joined to its settled callback, gives everything
the KPIs count; each column comes back as one text (``kpi_sql``).

The counting is not done in SQL: a database groups by sorting (SQLite)
or hashing, once per KPI, and a statement grouping every KPI by period
and key took 0.6-1.5 s for 180,000 orders, most of it in those sorts.
NumPy counts the same columns in a few milliseconds (``kpi_count``), so
what is left is reading the orders once and building the rows. The rows
are put together by the same functions as for records (``assemble_rows``,
``backlog_figures``); tests check on a generated history that both ways
give the same figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import zoneinfo
from collections.abc import Iterator
from typing import Any

import numpy as np
from sqlalchemy import and_, case, func, select
from sqlalchemy.sql import Select

from planner.complaints import DEFAULT_GRADE
from planner.history.kpis import By, KpiRow, assemble_rows, backlog_figures
from planner.history.periods import PeriodKind, check_range, periods
from planner.service_rules import ServiceRules
from planner.store.database import Database
from planner.store.followup import stored_rules
from planner.store.kpi_count import OrderColumns, SlotCounter
from planner.store.kpi_sql import ColumnText, constant, read_numbers, read_texts
from planner.store.models import CallbackRow, WorkOrderRow
from planner.store.orders import _timezone

_KEY_COLUMNS = {
    "department": WorkOrderRow.department_id,
    "group": WorkOrderRow.group_id,
    "technician": WorkOrderRow.technician_id,
}
#: The callback outcomes that reached the customer (the satisfaction KPI counts these).
_REACHED = ("satisfied", "neutral", "unsatisfied")
#: How a settled callback went, as the number the statement gives: reached and satisfied, reached, or neither.
_SATISFIED, _REACHED_ONLY, _NOT_REACHED = 2, 1, 0


def _statement(text: ColumnText, by: By, rules: ServiceRules) -> Select:
    """How many orders, and each column of every order's key and facts with its settled callback's as one text.

    Numbers cost less to join and to read than texts, so two texts come
    as the number the KPIs need of them: a complaint's resolution hours in
    seconds, by its grade (the settings' deadlines; ``DEFAULT_GRADE``'s
    for a complaint without one), -1 for any other order; and how the
    callback went (``_SATISFIED``, ``_REACHED_ONLY`` or ``_NOT_REACHED``).
    """
    order, callback = WorkOrderRow, CallbackRow
    resolution = case(
        *[
            (order.grade == constant(grade), constant(round(deadline.resolution_hours * 3600)))
            for grade, deadline in rules.deadlines.items()
        ],
        else_=constant(round(rules.deadline(DEFAULT_GRADE).resolution_hours * 3600)),
    )
    return select(
        func.count(),
        text.texts(_KEY_COLUMNS[by]),
        text.days(order.due_date),
        text.numbers(order.created_s),
        text.numbers(order.done_s),
        text.numbers(order.closed_s),
        text.numbers(order.arrived_s),
        text.numbers(order.door_visits),
        text.numbers(case((order.type == constant("complaint"), resolution), else_=constant(-1))),
        text.days(callback.due_date),
        text.instants(callback.called_at),
        text.numbers(
            case(
                (callback.outcome == constant("satisfied"), constant(_SATISFIED)),
                (callback.outcome.in_([constant(outcome) for outcome in _REACHED]), constant(_REACHED_ONLY)),
                else_=constant(_NOT_REACHED),
            )
        ),
    ).outerjoin(callback, and_(callback.visit_id == order.id, callback.done_at.is_not(None)))


def _columns(text: ColumnText, row: tuple[Any, ...]) -> tuple[list[str], OrderColumns]:
    """The keys in order, and the columns of ``_statement``'s row as arrays, each key as its index in the keys."""
    count, keys, due, created, done, closed, arrived, visits, resolution, callback_due, called, outcome = row
    if not count:  # every text is NULL
        return [], OrderColumns.none()
    keys = read_texts(keys, count)
    names = sorted(set(keys))
    index = {name: i for i, name in enumerate(names)}
    went = read_numbers(outcome, count)
    return names, OrderColumns(
        key=np.fromiter(map(index.__getitem__, keys), dtype=np.int64, count=count),
        due_day=text.read_days(due, count),
        created_s=read_numbers(created, count),
        done_s=read_numbers(done, count),
        closed_s=read_numbers(closed, count),
        arrived_s=read_numbers(arrived, count),
        door_visits=read_numbers(visits, count),
        resolution_s=read_numbers(resolution, count),
        callback_due_day=text.read_days(callback_due, count),
        called_s=text.read_instants(called, count),
        satisfied=went == _SATISFIED,
        reached=went != _NOT_REACHED,
    )


def kpi_rows(
    db: Database,
    start: dt.date,
    end: dt.date,
    *,
    by: By = "department",
    period: PeriodKind = "day",
    rules: ServiceRules | None = None,
) -> list[KpiRow]:
    """Every KPI for every period of ``start``..``end`` and every key (as ``planner.history.kpis.compute_kpis``).

    Raises ``DateRangeError`` when the range ends before it starts, before reading anything.
    """
    check_range(start, end)
    spans = periods(start, end, period)
    with _collector_paused():  # tens of thousands of figures: see ``_collector_paused``
        with db.transaction() as session:
            timezone = _timezone(session)
            rules = rules or stored_rules(session)
            text = ColumnText(db.dialect)
            row = session.connection().execute(_statement(text, by, rules)).one()
        names, orders = _columns(text, tuple(row))
        counter = SlotCounter(orders, spans, names, timezone)
        opened, created = counter.backlog()
        backlog = backlog_figures(
            dict(zip(names, opened.tolist(), strict=True)),
            dict(zip(names, created.tolist(), strict=True)),
            spans,
            zoneinfo.ZoneInfo(timezone),
        )
        return assemble_rows(spans, by, names, counter.rates(), counter.medians(), backlog)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the orders are read and the figures built, then resumed.

    A technician x day table is 18,000 rows of eight figures, made from
    tens of thousands of counts: meanwhile the collector runs again and
    again over every object made so far, which doubles the time spent in
    Python. None of them holds a cycle and they are freed as
    usual; what the collector would find meanwhile waits until it resumes.
    Left alone when something else has paused it already.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
