"""Demand estimated from the visits due in the week (``--demand-from``)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from builders import day, tech, visit
from roster_builders import SAMPLE_ROSTER, load

from planner.roster.demand import demand_from_dataset, estimate_demand

MONDAY = dt.date(2026, 11, 23)
SAMPLE = SAMPLE_ROSTER.parent


def test_minutes_spread_to_the_due_date_become_people_per_day():
    # Day shift 08:30-17:30 less a 45-minute break, 70 % on site: 346.5 minutes a person.
    dataset = day(
        [tech("T01")],
        [
            visit("V1", duration_min=300, due_date=MONDAY),
            visit("V2", duration_min=300, due_date=MONDAY),
            visit("V3", duration_min=360, due_date=MONDAY + dt.timedelta(days=2), required_skills={"wood_repair": 2}),
            visit("V4", duration_min=60, due_date=MONDAY + dt.timedelta(days=9)),
            visit("V5", duration_min=90, window_start=18 * 60, window_end=20 * 60, due_date=MONDAY),
        ],
    )
    rules = load(SAMPLE_ROSTER).rules
    need = {(d.date, d.shift, d.skill): d.min_staff for d in estimate_demand(dataset, rules)}
    assert need == {
        (MONDAY, "day", "sofa_repair"): 2,  # 600 minutes
        (MONDAY, "late", "sofa_repair"): 1,  # V5's window 18:00-20:00 lies only in the late shift
        **{(MONDAY + dt.timedelta(days=i), "day", "wood_repair"): 1 for i in range(3)},  # 120 a day
    }


def test_typed_demand_wins_over_the_estimate():
    week = load(SAMPLE_ROSTER)
    estimated, problems = demand_from_dataset(week, SAMPLE)
    assert not [p for p in problems if p.severity == "error"]
    typed = {(d.date, d.shift, d.skill) for d in week.demand}
    added = estimated.demand[len(week.demand) :]
    assert estimated.demand[: len(week.demand)] == week.demand
    assert added and not {(d.date, d.shift, d.skill) for d in added} & typed
    assert {d.skill for d in added} >= {"wood_repair", "bed_install"}


def test_cli_rosters_with_estimated_demand_and_explains_skills_nobody_holds(tmp_path):
    out = tmp_path / "roster.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner_cli",
            "roster",
            str(SAMPLE_ROSTER),
            "--out",
            str(out),
            "--demand-from",
            str(SAMPLE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "marble_repair: needed 1, rostered 0: 0 hold marble_repair" in result.stdout
    check = subprocess.run(
        [sys.executable, "-m", "planner_cli", "roster-check", str(SAMPLE_ROSTER), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout
