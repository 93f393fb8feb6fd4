"""The monthly report: the month's figures beside last month's, breakdowns, complaints and escalations."""

from __future__ import annotations

import datetime as dt

from history_builders import callback, changes, order

from planner.history.monthly import monthly_report
from planner.history.periods import month_span

# October: A due 10-20 done on time; a minor complaint C made 10-30 and still open.
# September: B due 09-15 done late. November: D (made later) must not count in October.
ORDERS = [
    order("A", "2026-10-19T09:00", due="2026-10-20", technician="T1", group="G1"),
    order("B", "2026-09-10T09:00", due="2026-09-15", technician="T2", group="G2"),
    order("C", "2026-10-30T09:00", technician="T2", group="G2", type="complaint", grade="minor"),
    order("D", "2026-11-02T09:00", technician="T1", group="G1", type="complaint", grade="major"),
]
STATUSES = (
    changes("A", ("on_site", "2026-10-20T10:00"), ("done", "2026-10-20T11:00"))
    + changes("B", ("on_site", "2026-09-16T10:00"), ("done", "2026-09-16T11:00"))
    + changes("C", ("planned", "2026-10-30T10:00"))
)
CALLBACKS = [callback("A", "2026-10-20T11:00", ("satisfied", "2026-10-21T10:00"))]


def test_month_span_handles_december():
    assert month_span(dt.date(2026, 12, 15)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert month_span(dt.date(2027, 2, 3)) == (dt.date(2027, 2, 1), dt.date(2027, 2, 28))


def test_october_report():
    report = monthly_report(ORDERS, STATUSES, CALLBACKS, dt.date(2026, 10, 9))
    assert (report.month, report.start, report.end) == ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    october, september = report.departments[0].figures, report.previous[0].figures
    assert (october["on_time_completion"].numerator, october["on_time_completion"].denominator) == (1, 1)
    assert (september["on_time_completion"].numerator, september["on_time_completion"].denominator) == (0, 1)
    assert october["satisfaction"].value == 1.0
    assert [row.key for row in report.groups] == ["G1", "G2"]
    assert [row.key for row in report.technicians] == ["T1", "T2"]
    # C was made in October; D only in November.
    assert report.complaints_by_grade == {"major": 0, "important": 0, "minor": 1}
    # At midnight ending 10-31, C (minor: 72 h to resolve, due 11-02) is answered and not yet late.
    assert report.escalated == 0


def test_november_report_lists_the_overdue_complaints():
    """At midnight ending 11-30: C is past its 72 h, D (major) past its 24 h and never answered."""
    report = monthly_report(ORDERS, STATUSES, CALLBACKS, dt.date(2026, 11, 1))
    assert report.escalated == 2
    assert report.complaints_by_grade["major"] == 1
