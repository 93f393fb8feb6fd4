"""KPI trend charts: one line per chart, gaps where there was nothing to count, labels in both languages."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from history_builders import changes, order

from planner.history.kpis import compute_kpis
from planner.history.trends import trend_chart, trend_points

D = dt.date.fromisoformat
SVG = "{http://www.w3.org/2000/svg}"

# Due Monday (done on time) and Wednesday (done late); nothing due on Tuesday.
ORDERS = [order("A", "2026-11-22T09:00", due="2026-11-23"), order("B", "2026-11-22T09:00", due="2026-11-25")]
STATUSES = changes("A", ("on_site", "2026-11-23T09:00"), ("done", "2026-11-23T10:00")) + changes(
    "B", ("on_site", "2026-11-26T09:00"), ("done", "2026-11-26T10:00")
)
ROWS = compute_kpis(ORDERS, STATUSES, [], D("2026-11-23"), D("2026-11-25"), by="technician")


def test_points_leave_a_gap_where_nothing_was_due():
    labels, points = trend_points(ROWS, "on_time_completion", "T1")
    assert labels == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert points == [(0.0, 1.0), (2.0, 0.0)]


def test_chart_is_svg_with_one_dot_per_value_and_chinese_words():
    svg = trend_chart(ROWS, "on_time_completion", "T1", "王伟", "day")
    root = ET.fromstring(svg)
    dots = root.findall(f".//{SVG}circle")
    assert [dot.findtext(f"{SVG}title") for dot in dots] == ["王伟: 11-23, 100%", "王伟: 11-25, 0%"]
    ticks = [t.text for t in root.findall(f".//{SVG}text[@class='chart-tick']")]
    assert ticks[:6] == ["0%", "20%", "40%", "60%", "80%", "100%"]  # a rate's axis is always 0-100 %
    assert root.findtext(f"{SVG}title") == "按时完成率 · 王伟"
    assert "日期" in svg and "style=" not in svg


def test_chart_in_english():
    svg = trend_chart(ROWS, "backlog_open", "T1", "Wang Wei", "day", english=True)
    assert "Backlog (open orders) · Wang Wei" in svg and ">day<" in svg
