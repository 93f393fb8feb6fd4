"""`planner check` recomputes the figures a plan reports: route and stop km, and the kpis totals.

The hand-checked day of ``test_check`` gives exact figures; the sample
plan made by ``planner plan`` shows that the project's own plans pass and
that a damaged figure makes the command exit 1.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from test_check import dataset, good_plan, rules

from planner.check import check_plan
from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def with_kpis(plan: dict) -> dict:
    """The test plan with the totals its routes imply, as ``planner plan`` writes them."""
    routes = plan["routes"]
    plan["kpis"] = {
        "visits_total": 5,
        "visits_served": sum(len(r["stops"]) for r in routes),
        "visits_unassigned": len(plan["unassigned"]),
        "travel_km": round(sum(r["travel_km"] for r in routes), 2),
        "travel_min": sum(r["travel_min"] for r in routes),
        "technicians_used": len(routes),
        "unassigned_by_reason": {"parts_out_of_stock": 1},
        "served_by_priority": {
            "2": {"served": 1, "total": 1},
            "3": {"served": 3, "total": 3},
            "4": {"served": 0, "total": 1},
        },
        "technicians": [
            {
                "technician_id": r["technician_id"],
                "visits": len(r["stops"]),
                "travel_km": r["travel_km"],
                "travel_min": r["travel_min"],
            }
            for r in routes
        ],
    }
    return plan


def figures(violations) -> list[str]:
    """The messages of the ``figures`` rule."""
    return [v.message for v in violations if v.rule == "figures"]


def test_correct_figures_pass() -> None:
    """The hand-checked plan with its true totals has no violation at all."""
    assert check_plan(dataset(), with_kpis(good_plan())) == []


def test_rounding_within_a_tenth_of_a_km_passes() -> None:
    """A route's km rounded to one decimal, and totals of rounded figures, are still right."""
    plan = with_kpis(good_plan())
    plan["routes"][0]["travel_km"] = round(plan["routes"][0]["travel_km"], 1) + 0.05
    assert check_plan(dataset(), plan) == []


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e308, 0.0, "33.4", None])
def test_a_route_km_that_is_not_its_legs_is_caught(value) -> None:
    """NaN, infinity, 1e308, nothing, or a string instead of T01's 33.36 km is a figures violation."""
    plan = with_kpis(good_plan())
    plan["routes"][0]["travel_km"] = value
    violations = check_plan(dataset(), plan)
    assert any(v.rule == "figures" and v.technician_id == "T01" and v.visit_id is None for v in violations)


def test_a_stop_km_that_is_not_its_leg_is_caught() -> None:
    """A stop claiming 1e308 km, or 3 km for an 8.34 km leg, is named with its visit."""
    plan = with_kpis(good_plan())
    plan["routes"][0]["stops"][1]["travel_km"] = 1e308
    plan["routes"][1]["stops"][0]["travel_km"] = 3.0
    violations = [v for v in check_plan(dataset(), plan) if v.rule == "figures"]
    assert {(v.technician_id, v.visit_id) for v in violations} == {("T01", "V2"), ("T02", "V4")}


def test_a_route_travel_min_of_1e308_is_caught() -> None:
    """A route's minutes far from its legs' sum break the travel total, and the kpis no longer add up."""
    plan = with_kpis(good_plan())
    plan["routes"][1]["travel_min"] = 1e308
    violations = check_plan(dataset(), plan)
    assert rules(violations) == {"travel_total", "figures"}
    assert any("travel_min" in message for message in figures(violations))


@pytest.mark.parametrize(
    "key,value",
    [
        ("visits_total", 4),
        ("visits_served", 5),
        ("visits_unassigned", 0),
        ("travel_km", 70.0),
        ("travel_min", 70),
        ("travel_km", math.nan),
        ("visits_served", math.inf),
        ("travel_min", "72"),
        ("technicians_used", 3),
        ("unassigned_by_reason", {"capacity": 1}),
        ("served_by_priority", {"2": {"served": 1, "total": 1}}),
    ],
)
def test_kpis_that_do_not_match_the_routes_are_caught(key, value) -> None:
    """Each recomputable total, wrong by more than rounding or not a number, names itself."""
    plan = with_kpis(good_plan())
    plan["kpis"][key] = value
    messages = figures(check_plan(dataset(), plan))
    assert len(messages) == 1 and key in messages[0]


@pytest.mark.parametrize("key,value", [("visits", 2), ("travel_km", 1e308), ("travel_min", math.nan)])
def test_a_technicians_kpis_row_that_is_not_their_route_is_caught(key, value) -> None:
    """T02's row of the kpis must say what T02's route says."""
    plan = with_kpis(good_plan())
    plan["kpis"]["technicians"][1][key] = value
    violations = [v for v in check_plan(dataset(), plan) if v.rule == "figures"]
    assert len(violations) == 1 and violations[0].technician_id == "T02" and key in violations[0].message


def test_kpis_within_a_minute_and_a_tenth_of_a_km_pass() -> None:
    """Totals added from rounded figures may drift by rounding, no more."""
    plan = with_kpis(good_plan())
    plan["kpis"]["travel_km"] += 0.08
    plan["kpis"]["travel_min"] += 1
    assert check_plan(dataset(), plan) == []


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory) -> Path:
    """The sample day planned by the CLI."""
    path = tmp_path_factory.mktemp("figures") / "plan.json"
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "plan", str(SAMPLE), "--out", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return path


def test_the_sample_plan_figures_pass(sample_plan: Path, capsys) -> None:
    """The project's own plan reports figures the checker recomputes to the same values."""
    plan = json.loads(sample_plan.read_text(encoding="utf-8"))
    assert {"visits_total", "visits_served", "travel_km", "travel_min"} <= set(plan["kpis"])
    assert main(["check", str(SAMPLE), str(sample_plan)]) == 0


@pytest.mark.parametrize("damage", ["route_km_nan", "kpi_served", "kpi_km"])
def test_damaged_figures_make_check_exit_1(sample_plan: Path, tmp_path: Path, capsys, damage: str) -> None:
    """A NaN route distance or totals that do not match the routes: exit 1, rule figures."""
    plan = json.loads(sample_plan.read_text(encoding="utf-8"))
    if damage == "route_km_nan":
        plan["routes"][0]["travel_km"] = math.nan
    elif damage == "kpi_served":
        plan["kpis"]["visits_served"] += 1
    else:
        plan["kpis"]["travel_km"] = 1e308
    broken = tmp_path / "plan.json"
    broken.write_text(json.dumps(plan), encoding="utf-8")
    assert main(["check", str(SAMPLE), str(broken)]) == 1
    assert "figures" in capsys.readouterr().out
