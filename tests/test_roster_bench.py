"""``planner bench --suite roster`` prints and writes checked figures (not a timed test)."""

from __future__ import annotations

import csv
import subprocess
import sys

from planner.roster.check import check_roster
from planner.roster.generate import generate_week
from planner.roster.solve import RosterParams, solve_roster


def test_generated_weeks_are_seeded_and_every_roster_keeps_the_rules():
    week = generate_week(40, shifts=3, skills=8, seed=2)
    assert week == generate_week(40, shifts=3, skills=8, seed=2)
    assert len(week.people) == 40 and len(week.rules.shifts) == 3
    assert {d.skill for d in week.demand if d.skill} <= {s for p in week.people for s in p.skills}
    result = solve_roster(week, RosterParams(time_limit=10))
    assert result is not None
    assert check_roster(week, result.shifts) == []


def test_bench_suite_roster_writes_objective_bound_and_gap(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner_cli",
            "bench",
            "--suite",
            "roster",
            "--instances",
            "week12",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [row] = list(csv.DictReader((tmp_path / "roster.csv").read_text(encoding="utf-8").splitlines()))
    assert row["instance"] == "week12" and row["violations"] == "0"
    assert float(row["objective"]) >= float(row["bound"]) and row["status"] in ("optimal", "feasible")
    assert "week12" in (tmp_path / "roster.md").read_text(encoding="utf-8")
