"""The role chart's measures linked to the KPIs that compute them, or plainly not measured."""

from __future__ import annotations

from planner.demo import MEASURES
from planner.history.kpis import KPI_NAMES
from planner.history.measures import measure_link


def test_every_measure_of_the_demo_role_chart_is_linked_or_said_not_measured():
    links = [measure_link(measure_id) for measure_id, _, _ in MEASURES]
    assert all(link.kpi in KPI_NAMES for link in links if link.match != "not_measured")
    assert all(link.kpi is None and link.note_en for link in links if link.match == "not_measured")
    assert {link.measure for link in links if link.match == "not_measured"} == {
        "on_time_arrival_rate",
        "repeat_repair_rate_30d",
        "install_acceptance_rate",
        "parts_fill_rate",
        "plan_completion_rate",
    }


def test_exact_and_near_links_are_told_apart():
    assert measure_link("customer_satisfaction").match == "same"
    near = measure_link("complaint_closure_48h")
    assert (near.kpi, near.match) == ("complaint_timeliness", "related") and "48" in near.note


def test_an_unknown_measure_is_not_measured():
    link = measure_link("coffee_per_day")
    assert link.kpi is None and link.match == "not_measured" and link.note == "系统不计算此指标"
