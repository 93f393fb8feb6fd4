"""Measures and deltas of a comparison, and how the tables show them, on hand-made figures."""

from __future__ import annotations

import csv
import io
from typing import Any

from builders import FAST, day, tech, visit

from planner.planning import plan_day
from planner.scenarios.compare import NUMBERS, delta, overtime
from planner.scenarios.render import comparison_csv, comparison_markdown, csv_columns, summary_lines


def figures(**changes):
    """Measures of a small day; keyword arguments replace single measures."""
    base = dict.fromkeys(NUMBERS, 0) | {
        "headcount": 12,
        "visits_total": 70,
        "visits_served": 54,
        "due_served": 29,
        "due_total": 30,
        "due_done": 0.9667,
        "priority_weighted_service": 0.8571,
        "travel_km": 428.81,
        "travel_hours": 7.15,
        "utilisation": 0.829,
        "utilisation_sd": 0.12,
        "utilisation_range": 0.371,
        "extra_shift_min": None,
        "overtime_min": None,
        "served_by_priority": {"1": {"served": 6, "total": 6}, "2": {"served": 20, "total": 22}},
        "unassigned_by_reason": {"capacity": 3, "no_qualified_technician": 1},
    }
    return base | changes


def test_delta_subtracts_the_base_and_keeps_na():
    """Numbers subtract; overtime against a base without any is the variant's own; n/a stays n/a."""
    variant = figures(
        headcount=13,
        priority_weighted_service=0.8857,
        travel_km=421.14,
        due_done=None,
        extra_shift_min=150,
        overtime_min=40,
        served_by_priority={"1": {"served": 6, "total": 6}, "2": {"served": 21, "total": 22}},
        unassigned_by_reason={"capacity": 1, "deferred": 2},
    )
    d = delta(variant, figures())
    assert d["headcount"] == 1
    assert d["priority_weighted_service"] == 0.0286
    assert d["travel_km"] == -7.67
    assert d["due_done"] is None
    assert (d["extra_shift_min"], d["overtime_min"]) == (150, 40)
    assert d["served_by_priority"] == {"1": 0, "2": 1}
    assert d["unassigned_by_reason"] == {"capacity": -2, "deferred": 2, "no_qualified_technician": -1}


def test_overtime_counts_only_work_outside_the_base_shift():
    """A 17:30 appointment is only reachable with the shift to 19:00: 120 minutes offered, the late part used."""
    base_day = day([tech("T1")], [visit("V1", 10, window_start=17 * 60 + 30, window_end=17 * 60 + 45)])
    longer = base_day.model_copy(update={"technicians": (tech("T1", shift_end=19 * 60),)})
    plan = plan_day(longer, FAST).plan
    route = plan.route_of("T1")
    assert route is not None
    back = route.return_.hour * 60 + route.return_.minute
    assert overtime(longer, plan, base_day) == (120, back - 17 * 60)
    assert overtime(base_day, plan_day(base_day, FAST).plan, base_day) == (None, None)


def document():
    """A two-variant comparison document as compare.comparison_document shapes it."""
    base, hire = figures(), figures(headcount=13, priority_weighted_service=0.8857, extra_shift_min=None)
    entry: dict[str, Any] = {
        "changes": [],
        "sweep": None,
        "same_as": None,
        "search": {"seconds": 1.0, "stopped_by": "work_limit", "warm_started": True, "started_from": "base"},
        "violations": [],
    }
    return {
        "dataset": "sample",
        "date": "2026-11-23",
        "scenario_file": "s.yaml",
        "base": "base",
        "search": {"time_limit": 10.0, "seed": 0, "solution_limit": None},
        "variants": [
            entry
            | {
                "name": "base",
                "label": "base",
                "kind": "base",
                "plan": "plans/base.json",
                "measures": base,
                "delta": delta(base, base),
            },
            entry
            | {
                "name": "hire",
                "label": "+1 维修",
                "kind": "variant",
                "plan": "plans/hire.json",
                "changes": ["add 1 like T02"],
                "measures": hire,
                "delta": delta(hire, base),
            },
        ],
        "sweeps": [],
        "advice": {"tried": [], "top": [], "for_visits": {}},
        "violations": [],
    }


def test_markdown_shows_deltas_in_points_and_na():
    """Shares in percent with point deltas, counts with signed deltas, overtime n/a."""
    text = comparison_markdown(document())
    row = next(line for line in text.splitlines() if line.startswith("| +1 维修 (hire)"))
    assert "13 (+1)" in row and "88.6% (+2.9)" in row and "20/22 (+0)" in row and "n/a" in row
    assert "capacity 3 (+0)" in row
    assert "| hire | 1.0 | work limit | plan of base | plans/hire.json |" in text


def test_csv_has_a_row_per_variant_and_every_column():
    """The CSV header is csv_columns(); n/a is written where a measure does not apply."""
    rows = list(csv.DictReader(io.StringIO(comparison_csv(document()))))
    assert [r["name"] for r in rows] == ["base", "hire"]
    assert list(rows[0]) == csv_columns()
    assert rows[1]["delta_headcount"] == "1" and rows[1]["overtime_min"] == "n/a"
    assert rows[1]["served_p2"] == "20" and rows[1]["total_p2"] == "22"


def test_terminal_summary_lists_every_variant():
    """One line per variant below the header, deltas shown for variants only."""
    lines = summary_lines(document())
    assert lines[1].startswith("base") and "(" not in lines[1]
    assert lines[2].startswith("hire") and "(+1)" in lines[2]
