"""KPIs of months of history, counted by the database: only the sums per period come back.

``planner.history.kpis`` defines every figure and computes it from
records in Python. Months of a busy department are a million status
changes; reading them into Python objects takes many seconds, so here
one statement does it all in SQL. It reads what each order's status
history says (first done, first closing, first arrival, trips to the
door: ``planner.history.kpis.order_facts``) from the order's own row,
where ``planner.store.order_facts`` keeps it up to date, never summing
the history itself; each KPI is counted per period and key with the same
rules (``kpi_sql`` turns instants into the department's local dates on
either database). The rows are put together
by the same functions as for records (``assemble_rows``); a test checks
on a generated history that both ways give the same figures.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
import zoneinfo
from collections import defaultdict
from typing import Any

from sqlalchemy import (
    BigInteger,
    and_,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    over,
    select,
    text,
    union_all,
)
from sqlalchemy.sql import ColumnElement, CompoundSelect, Select

from planner.complaints import DEFAULT_GRADE
from planner.history.kpis import (
    RATES,
    By,
    Figure,
    KpiRow,
    Tally,
    assemble_rows,
    backlog_figures,
)
from planner.history.periods import Period, PeriodKind, check_range, periods
from planner.service_rules import ServiceRules
from planner.store.database import Database
from planner.store.followup import stored_rules
from planner.store.kpi_sql import LocalClock, day_number, number_day
from planner.store.models import CallbackRow, StatusChangeRow, WorkOrderRow
from planner.store.orders import _timezone

_KEY_COLUMNS = {
    "department": WorkOrderRow.department_id,
    "group": WorkOrderRow.group_id,
    "technician": WorkOrderRow.technician_id,
}
#: The callback outcomes that reached the customer (the satisfaction KPI counts these).
_REACHED = ("satisfied", "neutral", "unsatisfied")


def _hit(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _counted(kind: str, rows: Select, a: Any, b: Any, c: Any = None) -> Select:
    """One KPI's counts per period start (``bucket``) and key, as a branch of the one statement."""
    inner = rows.subquery()
    return select(
        literal_column(f"'{kind}'").label("kind"),
        inner.c.bucket,
        inner.c.key,
        cast(a(inner), BigInteger).label("a"),
        cast(b(inner), BigInteger).label("b"),
        cast(c(inner) if c else null(), BigInteger).label("c"),
    ).group_by(inner.c.bucket, inner.c.key)


def _statement(clock: LocalClock, by: By, spans: list[Period], kind: PeriodKind, rules: ServiceRules) -> CompoundSelect:
    """Every count of every KPI per period start and key: (kind, bucket, key, a, b, c), see ``kpi_rows``."""
    order = WorkOrderRow
    resolution = case(
        *[
            (order.grade == grade, round(deadline.resolution_hours * 3600))
            for grade, deadline in rules.deadlines.items()
        ],
        else_=round(rules.deadline(DEFAULT_GRADE).resolution_hours * 3600),
    )
    deadline_s = order.created_s + resolution
    facts = (
        select(
            _KEY_COLUMNS[by].label("key"),
            order.type,
            clock.date_number(order.due_date).label("due"),
            order.created_s,
            order.done_s,
            order.closed_s,
            order.arrived_s,
            order.door_visits.label("visits"),
            clock.day_number(order.created_s).label("created_day"),
            clock.day_number(order.done_s).label("done_day"),
            clock.day_number(order.closed_s).label("closed_day"),
            clock.day_number(order.arrived_s).label("arrived_day"),
            deadline_s.label("deadline_s"),
            clock.day_number(deadline_s).label("deadline_day"),
        )
        .cte("facts")
        .prefix_with("MATERIALIZED")
    )
    f = facts.c
    first, last = day_number(spans[0].start), day_number(spans[-1].end)

    def bucket(day: ColumnElement[Any]) -> ColumnElement[Any]:
        return clock.period_start(day, kind, spans).label("bucket")

    def within(day: ColumnElement[Any]) -> ColumnElement[bool]:
        return day.between(first, last)

    def rate(name: str, rows: Select) -> Select:
        return _counted(name, rows, lambda q: func.sum(q.c.hit), lambda q: func.count())

    since, until = clock.utc_span(spans[0].start, spans[-1].end)
    # Both callback KPIs from one join of callbacks to their orders: due in the range, or called in it.
    called = (
        select(
            clock.date_number(CallbackRow.due_date).label("due"),
            clock.day_number(clock.utc_second(CallbackRow.called_at)).label("called_day"),
            CallbackRow.outcome,
            _KEY_COLUMNS[by].label("key"),
        )
        .join(WorkOrderRow, WorkOrderRow.id == CallbackRow.visit_id)
        .where(
            CallbackRow.done_at.is_not(None),
            or_(
                CallbackRow.due_date.between(spans[0].start, spans[-1].end),
                and_(CallbackRow.called_at >= since, CallbackRow.called_at < until),
            ),
        )
        .cte("called")
        .prefix_with("MATERIALIZED")
    )
    c = called.c
    branches = [
        rate(
            "on_time_completion",
            select(bucket(f.due), f.key, _hit(f.done_day <= f.due).label("hit")).where(within(f.due)),
        ),
        rate(
            "complaint_timeliness",
            select(bucket(f.deadline_day), f.key, _hit(f.done_s <= f.deadline_s).label("hit")).where(
                f.type == "complaint", within(f.deadline_day)
            ),
        ),
        rate(
            "first_time_fix",
            select(bucket(f.done_day), f.key, _hit(f.visits <= 1).label("hit")).where(within(f.done_day)),
        ),
        rate(
            "callback_completion",
            select(bucket(c.due), c.key, _hit(c.called_day <= c.due).label("hit")).where(within(c.due)),
        ),
        rate(
            "satisfaction",
            select(bucket(c.called_day), c.key, _hit(c.outcome == "satisfied").label("hit")).where(
                c.outcome.in_(_REACHED), within(c.called_day)
            ),
        ),
    ]
    wait = f.arrived_s - f.created_s
    ranked = (
        select(
            bucket(f.arrived_day),
            f.key,
            wait.label("wait"),
            over(func.row_number(), partition_by=[bucket(f.arrived_day), f.key], order_by=wait).label("rank"),
            # the same window as the rank's, over the whole partition: one sort serves both
            over(func.count(), partition_by=[bucket(f.arrived_day), f.key], order_by=wait, rows=(None, None)).label(
                "n"
            ),
        )
        .where(within(f.arrived_day))
        .subquery()
    )
    middle = select(ranked).where(ranked.c.rank.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2]))
    branches.append(
        _counted(
            "response", middle, lambda q: func.min(q.c.wait), lambda q: func.max(q.c.n), lambda q: func.max(q.c.wait)
        )
    )

    def clamped(day: ColumnElement[Any]) -> ColumnElement[Any]:
        """The period start of a day, the first period's for days before the range, the day after it for days after."""
        return case(
            (day.is_(None), last + 1),
            (day > last, last + 1),
            else_=clock.period_start(case((day < first, first), else_=day), kind, spans),
        )

    runs = select(
        clamped(f.created_day).label("opens"), clamped(f.closed_day).label("closes"), f.key, f.created_s
    ).subquery()
    for name in ("opens", "closes"):
        branches.append(
            _counted(
                name,
                select(runs.c[name].label("bucket"), runs.c.key, runs.c.created_s).where(runs.c.opens < runs.c.closes),
                lambda q: func.count(),
                lambda q: func.sum(q.c.created_s),
            )
        )
    return union_all(*branches)


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
    ends = [day_number(span.end) for span in spans]
    rates: dict[str, dict[tuple[int, str], Tally]] = {name: {} for name in RATES}
    medians: dict[tuple[int, str], Figure] = {}
    opened: dict[str, list[int]] = defaultdict(lambda: [0] * (len(spans) + 1))
    created: dict[str, list[int]] = defaultdict(lambda: [0] * (len(spans) + 1))
    with db.transaction() as session:
        timezone = _timezone(session)
        rules = rules or stored_rules(session)
        first = session.scalar(select(func.min(WorkOrderRow.created_s)))
        last = session.scalar(select(func.max(StatusChangeRow.at_utc)))
        clock = LocalClock(
            db.dialect,
            timezone,
            min(number_day(first // 86400) if first is not None else start, start),
            max(_day(last) if last else end, end) + dt.timedelta(days=366),
        )
        keys = sorted(session.scalars(select(_KEY_COLUMNS[by]).distinct()))
        if db.dialect == "postgresql":
            # The median sorts every order of the range; PostgreSQL's default 4 MB would spill it to disk.
            session.execute(text("SET LOCAL work_mem = '64MB'"))
        for kind, bucket, key, a, b, c in session.execute(_statement(clock, by, spans, period, rules)).all():
            i = bisect.bisect_left(ends, bucket)
            if kind in rates:
                rates[kind][i, key] = Tally(hits=a, total=b)
            elif kind == "response":
                medians[i, key] = Figure(value=statistics.median([a / 3600, c / 3600]), count=b)
            else:  # an order opens the backlog at one period's end and leaves it at another's
                sign = 1 if kind == "opens" else -1
                opened[key][i] += sign * a
                created[key][i] += sign * b
    return assemble_rows(
        spans, by, keys, rates, medians, backlog_figures(opened, created, spans, zoneinfo.ZoneInfo(timezone))
    )


def _day(value: Any) -> dt.date:
    """The date of a ``DateTime`` as the driver returns it (a datetime, or ISO text from SQLite aggregates)."""
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10])
