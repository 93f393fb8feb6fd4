"""Staffing scenarios over the sample week: every variant planned as a week, checked, and measured over it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from helpers_io import read_ok

from planner.io.yaml_lines import parse_yaml_with_lines
from planner.routing import SearchParams
from planner.scenarios import comparison_document, run_scenarios
from planner.scenarios.report import report_files
from planner.scenarios.spec import read_scenario_document

WEEK = Path(__file__).resolve().parents[1] / "data" / "sample-week"
SCENARIO = """
base: {label: 本周 This week}
variants:
  - name: minus_repairer
    label: -1 维修技师 repairer
    remove_technicians: [T05]
"""


@lru_cache(maxsize=1)
def run():
    dataset = read_ok(WEEK)
    doc, problems = parse_yaml_with_lines(SCENARIO, "week.yaml")
    assert doc is not None, [str(p) for p in problems]
    scenario, problems = read_scenario_document(doc, dataset, WEEK)
    assert scenario is not None, [str(p) for p in problems]
    return run_scenarios(dataset, scenario, SearchParams(time_limit=5), workers=1, advice=False)


def test_every_variant_is_a_checked_week() -> None:
    result = run()
    assert result.violations() == []
    for outcome in (result.base, *result.variants):
        week = outcome.solved.week
        assert week is not None and week.horizon_days == 5 and len(week.days) == 5
    removed = result.variants[0].solved.week
    assert all(r.technician_id != "T05" for day in removed.days for r in day.routes)


def test_the_comparison_measures_the_whole_week() -> None:
    result = run()
    document = comparison_document(result, "sample-week")
    assert document["horizon_days"] == 5
    for entry, outcome in zip(document["variants"], (result.base, *result.variants)):
        week = outcome.solved.week
        served = {s.visit_id for day in week.days for r in day.routes for s in r.stops}
        assert entry["measures"]["visits_served"] == len(served) == week.kpis["visits_served"]
        assert entry["measures"]["due_total"] == week.kpis["due_served"]["total"]
        working = sum(r.travel_km for day in week.days for r in day.routes)
        assert abs(entry["measures"]["travel_km"] - working) < 0.05
        assert 0 < entry["measures"]["utilisation"] < 1


def test_the_report_keeps_each_variants_multi_day_plan() -> None:
    _document, files = report_files(run(), "sample-week")
    base = json.loads(files["plans/base.json"])
    assert base["horizon_days"] == 5 and len(base["days"]) == 5
    assert "and the 4 days after it" in files["comparison.md"]
