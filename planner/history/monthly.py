"""The manager's monthly report: the month's KPIs beside last month's, by group and technician.

Every month the manager reports upward on on-time completion, complaint
timeliness and satisfaction (结案归档 → 制作报表 → 统计分析). This gathers
what that report shows, computed by the same KPI functions as the trend
page, so the printed report and the page can never disagree; the page
only lays it out.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping

from planner.callbacks import Callback
from planner.complaints import DEFAULT_GRADE
from planner.domain import GRADES, Frozen
from planner.history.escalations import escalation_list
from planner.history.kpis import By, KpiRow, compute_kpis
from planner.history.periods import month_span
from planner.history.records import OrderRecord, StatusRecord
from planner.service_rules import ServiceRules


class MonthlyReport(Frozen):
    """One month of a department: its figures, last month's, and the breakdowns behind them.

    ``complaints_by_grade`` counts complaints made in the month;
    ``escalated`` the complaints on the escalation list at the month's
    last midnight.
    """

    month: str
    start: dt.date
    end: dt.date
    departments: tuple[KpiRow, ...]
    previous: tuple[KpiRow, ...]
    groups: tuple[KpiRow, ...]
    technicians: tuple[KpiRow, ...]
    complaints_by_grade: Mapping[str, int]
    escalated: int


def monthly_report(
    orders: Iterable[OrderRecord],
    statuses: Iterable[StatusRecord],
    callbacks: Iterable[Callback],
    month: dt.date,
    *,
    rules: ServiceRules | None = None,
    timezone: str = "Asia/Shanghai",
) -> MonthlyReport:
    """The report of the month holding ``month`` (any day of it)."""
    orders, statuses, callbacks = list(orders), list(statuses), list(callbacks)
    rules = rules or ServiceRules()
    start, end = month_span(month)
    before_start, before_end = month_span(start - dt.timedelta(days=1))

    def rows(first: dt.date, last: dt.date, by: By) -> tuple[KpiRow, ...]:
        return tuple(
            compute_kpis(
                orders, statuses, callbacks, first, last, by=by, period="month", rules=rules, timezone=timezone
            )
        )

    zone = zoneinfo.ZoneInfo(timezone)
    midnight = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
    made: Counter[str] = Counter(
        o.grade or DEFAULT_GRADE
        for o in orders
        if o.type == "complaint" and start <= o.created_at.astimezone(zone).date() <= end
    )
    return MonthlyReport(
        month=f"{start.year}-{start.month:02d}",
        start=start,
        end=end,
        departments=rows(start, end, "department"),
        previous=rows(before_start, before_end, "department"),
        groups=rows(start, end, "group"),
        technicians=rows(start, end, "technician"),
        complaints_by_grade={grade: made[grade] for grade in GRADES},
        escalated=len(escalation_list(orders, statuses, midnight, rules)),
    )
