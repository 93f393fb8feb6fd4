"""KPIs of months of history, counted by the database: sums per period come back, and the waits of the median.

``planner.history.kpis`` defines every figure and computes it from
records in Python. Months of a busy department are a million status
changes; reading them into Python objects takes many seconds, so here
one statement counts in SQL. It reads what each order's status history
says (first done, first closing, first arrival, trips to the door:
``planner.history.kpis.order_facts``) from the order's own row, where
``planner.store.order_facts`` keeps it up to date, never summing the
history itself; each rate and the backlog are counted per period and key
with the same rules (``kpi_sql`` turns instants into the department's
local dates on either database). Only the median response time is taken
in Python, from each period's waits that the same statement returns as
one text: sorting each period's waits apart costs less than ranking them
all in SQL. The rows are put together by the same functions as for records
(``assemble_rows``); a test checks on a generated history that both ways
give the same figures.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Text,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.sql import ColumnElement, CompoundSelect, Executable, Select

from planner.complaints import DEFAULT_GRADE
from planner.history.kpis import (
    RATES,
    By,
    Figure,
    KpiRow,
    Slot,
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


def _counted(kind: str, rows: Select, a: Any, b: Any, waits: Any = None) -> Select:
    """One KPI's counts per period start (``bucket``) and key, as a branch of the one statement."""
    inner = rows.subquery()
    return select(
        literal_column(f"'{kind}'").label("kind"),
        inner.c.bucket,
        inner.c.key,
        cast(a(inner), BigInteger).label("a"),
        cast(b(inner), BigInteger).label("b"),
        cast(null(), BigInteger).label("c"),
        (waits(inner) if waits else cast(null(), Text)).label("waits"),
    ).group_by(inner.c.bucket, inner.c.key)


def _statement(clock: LocalClock, by: By, spans: list[Period], kind: PeriodKind, rules: ServiceRules) -> CompoundSelect:
    """Every count of every KPI per period start and key: (kind, bucket, key, a, b, c, waits), see ``kpi_rows``."""
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

    # Both callback KPIs from one join of settled callbacks to their orders; each branch keeps its own days.
    # Asking the indexes for callbacks due or called in the range costs twice a plain scan when, as in a
    # report of the months kept, most of them are: every order is read for the backlog all the same.
    called = (
        select(
            clock.date_number(CallbackRow.due_date).label("due"),
            clock.day_number(clock.utc_second(CallbackRow.called_at)).label("called_day"),
            CallbackRow.outcome,
            _KEY_COLUMNS[by].label("key"),
        )
        .join(WorkOrderRow, WorkOrderRow.id == CallbackRow.visit_id)
        .where(CallbackRow.done_at.is_not(None))
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

    def clamped(day: ColumnElement[Any]) -> ColumnElement[Any]:
        """The period start of a day, the first period's for days before the range, the day after it for days after."""
        return case(
            (day.is_(None), last + 1),
            (day > last, last + 1),
            else_=clock.period_start(case((day < first, first), else_=day), kind, spans),
        )

    # The waits from creation to first arrival of each period and key, as one text: medians are taken in Python.
    reached = select(bucket(f.arrived_day), f.key, (f.arrived_s - f.created_s).label("wait")).where(
        within(f.arrived_day)
    )
    branches.append(
        _counted("wait", reached, lambda q: func.count(), lambda q: null(), lambda q: clock.joined(q.c.wait))
    )
    # One grouping for the backlog: each run (opening period, closing period) once, both ends read in Python.
    runs = select(
        clamped(f.created_day).label("bucket"), clamped(f.closed_day).label("closes"), f.key, f.created_s
    ).subquery()
    branches.append(
        select(
            literal_column("'backlog'").label("kind"),
            runs.c.bucket,
            runs.c.key,
            cast(func.count(), BigInteger).label("a"),
            cast(func.sum(runs.c.created_s), BigInteger).label("b"),
            runs.c.closes.label("c"),
            cast(null(), Text).label("waits"),
        )
        .where(runs.c.bucket < runs.c.closes)
        .group_by(runs.c.bucket, runs.c.key, runs.c.closes)
    )
    return union_all(*branches)


def _medians(waits: Mapping[Slot, list[int]]) -> dict[Slot, Figure]:
    """The median response time of each period and key (hours), from its waits in seconds, sorted.

    A window ranking every order of the range in SQL sorts them all in
    one go; sorting each period's few hundred waits apart is several times
    cheaper. The middle two in hours are averaged as ``statistics.median``
    does with hours (one in the middle is itself), so both ways give the
    same float to the last bit.
    """
    return {
        slot: Figure(
            value=(seconds[(len(seconds) - 1) // 2] / 3600 + seconds[len(seconds) // 2] / 3600) / 2, count=len(seconds)
        )
        for slot, seconds in waits.items()
    }


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
    opened: dict[str, list[int]] = defaultdict(lambda: [0] * (len(spans) + 1))
    created: dict[str, list[int]] = defaultdict(lambda: [0] * (len(spans) + 1))
    with _collector_paused():  # tens of thousands of figures: see ``_collector_paused``
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
                # Joining every settled callback to its order and grouping the callbacks by day hash or sort
                # tables of a few MB: PostgreSQL's default 4 MB of work memory would write them to disk.
                session.execute(text("SET LOCAL work_mem = '64MB'"))
            connection = session.connection()
            waits: dict[Slot, list[int]] = {}
            for kind, bucket, key, a, b, closes, joined in _plain_rows(
                connection, _statement(clock, by, spans, period, rules)
            ):
                i = bisect.bisect_left(ends, bucket)
                if kind == "wait":
                    waits[i, key] = sorted(map(int, joined.split(",")))
                elif kind in rates:
                    rates[kind][i, key] = Tally(hits=a, total=b)
                else:  # ``a`` orders open the backlog at one period's end and leave it at another's (``closes``)
                    j = bisect.bisect_left(ends, closes)
                    opened[key][i] += a
                    opened[key][j] -= a
                    created[key][i] += b
                    created[key][j] -= b
        return assemble_rows(
            spans,
            by,
            keys,
            rates,
            _medians(waits),
            backlog_figures(opened, created, spans, zoneinfo.ZoneInfo(timezone)),
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the figures are read and built, then resumed.

    A technician x day table is 18,000 rows of eight figures: building
    them, the collector runs again and again over every object made so
    far, which doubles the time spent in Python (half a second of the
    table's one). The rows hold no cycles and are freed as usual; what
    the collector would find meanwhile waits until it resumes. Left alone
    when something else has paused it already.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _plain_rows(connection: Connection, statement: Executable) -> list[tuple[Any, ...]]:
    """The rows of a statement of plain numbers and texts as the driver gives them: a hundred thousand rows
    (the waits of every order, a technician's every day) cost a tenth of a second more made into rows of the ORM."""
    result = connection.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _day(value: Any) -> dt.date:
    """The date of a ``DateTime`` as the driver returns it (a datetime, or ISO text from SQLite aggregates)."""
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10])
