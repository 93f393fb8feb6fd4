"""A tiny staffing scenario set for the web tests: a synthetic day of 20 visits and 3 technicians.

The day (``planner.demo``, seed 7) leaves work out for capacity, so
advice has changes to try. Its report is solved in this process with a
small work budget: about a second, base and advice included.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from planner.demo import generate_day
from planner.domain import Dataset
from planner.io.yaml_lines import parse_yaml_with_lines
from planner.routing import SearchParams
from planner.scenarios.report import write_report
from planner.scenarios.run import run_scenarios
from planner.scenarios.spec import read_scenario_document

FAST = SearchParams(time_limit=2.0, solution_limit=20)
#: Base, two variants and a three-step sweep (three more rows in the table, one line chart).
SCENARIOS: dict[str, Any] = {
    "base": {"label": "今日 Today"},
    "variants": [
        {"name": "plus_t01", "label": "+1 像 T01", "add_technicians": [{"like": "T01"}]},
        {"name": "minus_t02", "label": "-1 T02", "remove_technicians": ["T02"]},
    ],
    "sweeps": [{"name": "more", "label": "more like T03", "like": "T03", "from": 0, "to": 2}],
}
#: Variants that get a bar in each bar chart (sweep steps have their own chart).
BARRED = ("base", "plus_t01", "minus_t02")
SWEEP_STEPS = ("more_0", "more_1", "more_2")


@lru_cache(maxsize=1)
def tiny_day() -> Dataset:
    return generate_day(20, 3, seed=7)


def customer_data(day: Dataset) -> list[str]:
    """Every customer's name, phone and address: none may appear on a scenario page."""
    return [text for v in day.visits for text in (v.customer, v.phone, v.address) if text]


def write_tiny_report(out: Path) -> dict[str, Any]:
    """Solve the tiny set (advice included) and write its report folder; the comparison document."""
    doc, problems = parse_yaml_with_lines(yaml.safe_dump(SCENARIOS, allow_unicode=True), "scenarios.yaml")
    assert doc is not None and problems == []
    scenario, problems = read_scenario_document(doc, tiny_day(), folder=None)
    assert scenario is not None, problems
    run = run_scenarios(tiny_day(), scenario, FAST, workers=1, advice=True)
    return write_report(run, out, "demo-day")
