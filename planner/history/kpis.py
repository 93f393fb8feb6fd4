"""KPIs over time, exactly as the operations contract defines them (section 5).

Each KPI is one small function from the records to the events it counts
(an order due on a date, a callback closed on a date), and one place puts
those events into periods and into departments, groups or technicians.
Every figure carries the counts it was computed from, so a manager can
check 0.92 against "46 of 50" and nobody argues about rounding.

Dates are local dates where the department works (``Asia/Shanghai`` by
default): an order done at 23:30 in Beijing is done that day, not the
next as UTC would say.

The definitions, in the words of the contract and with the choices the
contract leaves open (docs/operations.md says the same for managers):

- ``on_time_completion``: orders with a due date in the period; on time
  when first marked ``done`` on or before it (an order still open, or
  cancelled, counts as not on time).
- ``complaint_timeliness``: complaint orders whose resolution deadline
  (creation + the grade's resolution hours) falls in the period; timely
  when ``done`` by the deadline.
- ``satisfaction``: callbacks closed in the period with an outcome other
  than unreachable; the share that are satisfied.
- ``callback_completion``: callbacks due in the period; complete when
  closed (outcome given, or unreachable after three tries) by the due date.
- ``first_time_fix``: orders done in the period; fixed the first time
  when a technician reached the door once (one ``on_site`` or
  ``not_home``): a second trip, for a part or a customer not at home, is
  not a first-time fix.
- ``response_time_hours``: median hours from creation to the first
  ``on_site``, over orders first reached in the period.
- ``backlog_open`` / ``backlog_age_days``: orders created but neither
  done nor cancelled at the end of the period's last day, and their mean
  age in days at that moment.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import operator
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, TypeGuard

from planner.callbacks import Callback
from planner.complaints import resolution_deadline
from planner.domain import Frozen
from planner.history.periods import Period, PeriodKind, periods
from planner.history.records import TERMINAL_STATUSES, VISIT_STATUSES, OrderRecord, StatusRecord
from planner.service_rules import ServiceRules

By = Literal["department", "group", "technician"]
BY_KINDS: tuple[By, ...] = ("department", "group", "technician")


def is_by(value: str) -> TypeGuard[By]:
    """Whether ``value`` names a way to group the figures (``BY_KINDS``)."""
    return value in BY_KINDS


#: The KPIs in the order the contract lists them, by their output names.
KPI_NAMES: tuple[str, ...] = (
    "on_time_completion",
    "complaint_timeliness",
    "satisfaction",
    "callback_completion",
    "first_time_fix",
    "response_time_hours",
    "backlog_open",
    "backlog_age_days",
)

#: Which KPIs are rates (fractions between 0 and 1 with a numerator and a denominator).
RATES: frozenset[str] = frozenset(KPI_NAMES[:5])
#: The same, in the order of ``KPI_NAMES`` (where they come first, then the median and the backlog).
_RATE_NAMES: tuple[str, ...] = KPI_NAMES[:5]

#: Names a person reads, Chinese then English.
KPI_TITLES: Mapping[str, tuple[str, str]] = {
    "on_time_completion": ("按时完成率", "On-time completion"),
    "complaint_timeliness": ("投诉处理及时率", "Complaint timeliness"),
    "satisfaction": ("满意率", "Satisfaction"),
    "callback_completion": ("回访完成率", "Callback completion"),
    "first_time_fix": ("一次修复率", "First-time fix"),
    "response_time_hours": ("响应时间（小时，中位数）", "Response time (hours, median)"),
    "backlog_open": ("积压工单", "Backlog (open orders)"),
    "backlog_age_days": ("积压平均天数", "Backlog mean age (days)"),
}

_SECONDS_PER_DAY = 86400.0


class Figure(Frozen):
    """One KPI value with what it was computed from.

    Rates have ``numerator`` and ``denominator``; the median, the backlog
    and its age have ``count`` (orders counted). ``value`` is None when
    there was nothing to count (0 of 0 is no rate at all, not 0 %).
    """

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None


class KpiRow(Frozen):
    """Every KPI of one period for one department, group or technician."""

    period: Period
    by: By
    key: str
    figures: Mapping[str, Figure]


class KpiOrder(Protocol):
    """What the KPIs read of an order: an ``OrderRecord``, or the store's row of the same fields."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def due_date(self) -> dt.date | None: ...
    @property
    def department(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def technician_id(self) -> str: ...
    @property
    def grade(self) -> str | None: ...
    @property
    def complaint_of(self) -> str | None: ...


@dataclass(frozen=True)
class OrderFacts:
    """What the KPIs need of one order's status history, worked out once.

    The store keeps them on each order as its history grows
    (``planner.store.order_facts``) and counts them for months of history
    at once (``planner.store.kpi_query``); ``order_facts`` here works them
    out from the status records, change by change.
    """

    record: KpiOrder
    done_at: dt.datetime | None
    closed_at: dt.datetime | None
    first_on_site: dt.datetime | None
    visits: int


def order_facts(orders: Iterable[OrderRecord], statuses: Iterable[StatusRecord]) -> dict[str, OrderFacts]:
    """Each order with its first done, first closing and first arrival, in one pass over the changes."""
    done: dict[str, dt.datetime] = {}
    closed: dict[str, dt.datetime] = {}
    arrived: dict[str, dt.datetime] = {}
    visits: dict[str, int] = defaultdict(int)
    for change in statuses:
        visit_id, status, moment = change.visit_id, change.status, change.at
        if status in TERMINAL_STATUSES and (visit_id not in closed or moment < closed[visit_id]):
            closed[visit_id] = moment
        if status == "done" and (visit_id not in done or moment < done[visit_id]):
            done[visit_id] = moment
        if status in VISIT_STATUSES:
            visits[visit_id] += 1
            if status == "on_site" and (visit_id not in arrived or moment < arrived[visit_id]):
                arrived[visit_id] = moment
    return {
        order.id: OrderFacts(
            order, done.get(order.id), closed.get(order.id), arrived.get(order.id), visits.get(order.id, 0)
        )
        for order in orders
    }


_KEY_FIELDS: Mapping[str, str] = {"department": "department", "group": "group", "technician": "technician_id"}


def _key_of(by: By) -> Callable[[KpiOrder], str]:
    """The attribute of an order that puts it in a department, group or technician's row."""
    return operator.attrgetter(_KEY_FIELDS[by])


@dataclass
class Tally:
    """Counts of one KPI in one period for one key, filled event by event."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    def figure(self) -> Figure:
        return _rate(self.hits, self.total)


@functools.lru_cache(maxsize=4096)
def _rate(hits: int, total: int) -> Figure:
    """One object per count: figures never change, and a long table repeats the same few (0 of 0, 3 of 3) endlessly."""
    return Figure(value=hits / total if total else None, numerator=hits, denominator=total)


Event = tuple[dt.date, bool]
"""The local date a KPI counts something on, and whether it counts as a hit."""

_Local = Callable[[dt.datetime], dt.date]


def on_time_event(order: OrderFacts, local: _Local, rules: ServiceRules) -> Event | None:
    """An order with a due date counts on that date; on time when first done by then."""
    due = order.record.due_date
    if due is None:
        return None
    return due, order.done_at is not None and local(order.done_at) <= due


def complaint_event(order: OrderFacts, local: _Local, rules: ServiceRules) -> Event | None:
    """A complaint counts on its resolution deadline's date; timely when done by the deadline."""
    if order.record.type != "complaint":
        return None
    deadline = resolution_deadline(order.record.grade, order.record.created_at, rules)
    return local(deadline), order.done_at is not None and order.done_at <= deadline


def first_fix_event(order: OrderFacts, local: _Local, rules: ServiceRules) -> Event | None:
    """A done order counts on the day done; a hit when the door was reached only once."""
    if order.done_at is None:
        return None
    return local(order.done_at), order.visits <= 1


def callback_event(callback: SettledCallback, local: _Local) -> Event:
    """A callback counts on its due date; a hit when closed by then."""
    closed_at = callback.closed_at
    return callback.due_date, closed_at is not None and local(closed_at) <= callback.due_date


def satisfaction_event(callback: SettledCallback, local: _Local) -> Event | None:
    """A callback that reached the customer counts on the day closed; a hit when satisfied."""
    if callback.outcome not in ("satisfied", "neutral", "unsatisfied") or callback.closed_at is None:
        return None
    return local(callback.closed_at), callback.outcome == "satisfied"


ORDER_RULES: Mapping[str, Callable[[OrderFacts, _Local, ServiceRules], Event | None]] = {
    "on_time_completion": on_time_event,
    "complaint_timeliness": complaint_event,
    "first_time_fix": first_fix_event,
}
CALLBACK_RULES: Mapping[str, Callable[[SettledCallback, _Local], Event | None]] = {
    "callback_completion": callback_event,
    "satisfaction": satisfaction_event,
}


def compute_kpis(
    orders: Iterable[OrderRecord],
    statuses: Iterable[StatusRecord],
    callbacks: Iterable[Callback],
    start: dt.date,
    end: dt.date,
    *,
    by: By = "department",
    period: PeriodKind = "day",
    rules: ServiceRules | None = None,
    timezone: str = "Asia/Shanghai",
) -> list[KpiRow]:
    """Every KPI for every period of ``start``..``end`` and every key, in period then key order.

    Every key of ``orders`` gets a row in every period, so a technician
    with nothing due that week shows "no figure", not a missing row.
    Callbacks of orders not in ``orders`` are not counted.
    Raises ``DateRangeError`` when the range ends before it starts.
    """
    return kpis_of_facts(
        order_facts(orders, statuses), callbacks, start, end, by=by, period=period, rules=rules, timezone=timezone
    )


class SettledCallback(Protocol):
    """What the callback KPIs read of a callback: its order, due date, final outcome and when it was settled."""

    @property
    def visit_id(self) -> str: ...
    @property
    def due_date(self) -> dt.date: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def closed_at(self) -> dt.datetime | None: ...


def kpis_of_facts(
    known: Mapping[str, OrderFacts],
    callbacks: Iterable[SettledCallback],
    start: dt.date,
    end: dt.date,
    *,
    by: By = "department",
    period: PeriodKind = "day",
    rules: ServiceRules | None = None,
    timezone: str = "Asia/Shanghai",
) -> list[KpiRow]:
    """``compute_kpis`` on orders whose history is already summed up (see ``OrderFacts``)."""
    rules = rules or ServiceRules()
    zone = zoneinfo.ZoneInfo(timezone)
    spans = periods(start, end, period)
    index = {
        span.start + dt.timedelta(days=n): i
        for i, span in enumerate(spans)
        for n in range((span.end - span.start).days + 1)
    }
    key_of = _key_of(by)

    def local(moment: dt.datetime) -> dt.date:
        return moment.astimezone(zone).date()

    rates: dict[str, dict[tuple[int, str], Tally]] = {name: defaultdict(Tally) for name in RATES}

    def count(name: str, event: Event | None, key: str) -> None:
        if event is not None and event[0] in index:
            rates[name][index[event[0]], key].add(event[1])

    hours: dict[tuple[int, str], list[float]] = defaultdict(list)
    for order in known.values():
        key = key_of(order.record)
        for name, rule in ORDER_RULES.items():
            count(name, rule(order, local, rules), key)
        if order.first_on_site is not None and local(order.first_on_site) in index:
            waited = (order.first_on_site - order.record.created_at).total_seconds() / 3600
            hours[index[local(order.first_on_site)], key].append(waited)
    for callback in callbacks:
        if callback.visit_id in known:
            key = key_of(known[callback.visit_id].record)
            for name, callback_rule in CALLBACK_RULES.items():
                count(name, callback_rule(callback, local), key)
    medians = {slot: median_figure(waits) for slot, waits in hours.items()}
    opened, created = _backlog_steps(known.values(), spans, key_of, local)
    keys = sorted({key_of(o.record) for o in known.values()})
    return assemble_rows(spans, by, keys, rates, medians, backlog_figures(opened, created, spans, zone))


def median_figure(waits: list[float]) -> Figure:
    """The median response time of a period's waits (in hours), with how many orders it is over."""
    return Figure(value=statistics.median(waits), count=len(waits)) if waits else _NO_MEDIAN


_NO_MEDIAN = Figure(value=None, count=0)
_NO_BACKLOG = (Figure(value=0, count=0), Figure(value=None, count=0))

Slot = tuple[int, str]
"""A period's index and a department, group or technician: one row of the KPIs."""


def assemble_rows(
    spans: list[Period],
    by: By,
    keys: list[str],
    rates: Mapping[str, Mapping[Slot, Tally]],
    medians: Mapping[Slot, Figure],
    backlog: Callable[[int, str], tuple[Figure, Figure]],
) -> list[KpiRow]:
    """The rows, period then key, from the counts of each rate, the medians and the backlog (Python or SQL)."""
    rows = []
    nothing = Tally().figure()
    for i, span in enumerate(spans):
        for key in keys:
            slot = (i, key)
            figures: dict[str, Figure] = {}
            for name in _RATE_NAMES:  # in the order of KPI_NAMES, as the rows are read
                tally = rates[name].get(slot)
                figures[name] = nothing if tally is None else tally.figure()
            figures["response_time_hours"] = medians.get(slot, _NO_MEDIAN)
            figures["backlog_open"], figures["backlog_age_days"] = backlog(i, key)
            rows.append(KpiRow(period=span, by=by, key=key, figures=figures))
    return rows


def _backlog_steps(
    orders: Iterable[OrderFacts], spans: list[Period], key_of: Callable[[KpiOrder], str], local: _Local
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per key, how many orders open and close at each period end, and the sum of their creation seconds.

    An order is open at the end of day D when created on or before D and
    not done or cancelled by then. Each order adds itself to the run of
    period ends it is open at (a difference array), so 90 days of 2,000
    orders a day take one pass, not one pass per day. Creation times are
    summed in whole seconds since 1970 so that the sums are exact, here
    and in the store's SQL alike.
    """
    ends = [span.end for span in spans]
    opened: dict[str, list[int]] = defaultdict(lambda: [0] * (len(ends) + 1))
    created_sum: dict[str, list[int]] = defaultdict(lambda: [0] * (len(ends) + 1))
    for order in orders:
        first = bisect.bisect_left(ends, local(order.record.created_at))
        last = len(ends) if order.closed_at is None else bisect.bisect_left(ends, local(order.closed_at))
        if first >= last:
            continue
        key, created = key_of(order.record), math.floor(order.record.created_at.timestamp())
        opened[key][first] += 1
        opened[key][last] -= 1
        created_sum[key][first] += created
        created_sum[key][last] -= created
    return opened, created_sum


def backlog_figures(
    opened: Mapping[str, list[int]], created_sum: Mapping[str, list[int]], spans: list[Period], zone: zoneinfo.ZoneInfo
) -> Callable[[int, str], tuple[Figure, Figure]]:
    """Open orders and their mean age at the end of each period, for every key, from the difference arrays."""
    instants = [dt.datetime.combine(span.end + dt.timedelta(days=1), dt.time(), zone).timestamp() for span in spans]
    totals: dict[str, tuple[list[int], list[int]]] = {}
    for key in opened:
        counts, sums, n, s = [], [], 0, 0
        for i in range(len(spans)):
            n += opened[key][i]
            s += created_sum[key][i]
            counts.append(n)
            sums.append(s)
        totals[key] = counts, sums

    def figures(i: int, key: str) -> tuple[Figure, Figure]:
        if key not in totals or totals[key][0][i] == 0:
            return _NO_BACKLOG
        n, s = totals[key][0][i], totals[key][1][i]
        age = (n * instants[i] - s) / n / _SECONDS_PER_DAY
        return Figure(value=n, count=n), Figure(value=age, count=n)

    return figures
