"""The day's plan follows roster.csv beside the dataset; without it nothing changes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from helpers_io import read_ok
from roster_builders import SAMPLE_ROSTER

from planner.io import read_dataset
from planner.roster.csvfile import read_roster_csv

SAMPLE = SAMPLE_ROSTER.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planner_cli", *args], capture_output=True, text=True, check=False)


def copy_sample(tmp_path):
    folder = tmp_path / "day"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("roster"))
    return folder


def test_the_plan_takes_todays_shifts_from_the_roster(tmp_path):
    folder = copy_sample(tmp_path)
    made = run("roster", str(SAMPLE_ROSTER), "--out", str(folder / "roster.csv"))
    assert made.returncode == 0, made.stderr
    shifts, _ = read_roster_csv(folder / "roster.csv")
    assert shifts is not None
    date = read_ok(SAMPLE).settings.date
    today = {who: shift for (who, day), shift in shifts.items() if day == date}
    loaded = read_dataset(folder)
    assert loaded.dataset is not None
    assert loaded.ok, [str(p) for p in loaded.problems]
    present = {t.id: (t.shift_start, t.shift_end) for t in loaded.dataset.technicians}
    assert set(present) == {who for who, shift in today.items() if shift != "off"}
    assert "T04" not in present  # rested after six days in a row
    times = {"day": (8 * 60 + 30, 17 * 60 + 30), "late": (12 * 60, 21 * 60)}
    assert all(present[who] == times[today[who]] for who in present)
    plan_path = tmp_path / "plan.json"
    assert run("plan", str(folder), "--out", str(plan_path), "--time-limit", "5").returncode == 0
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert {route["technician_id"] for route in plan["routes"]} <= set(present)
    assert run("check", str(folder), str(plan_path)).returncode == 0


def test_a_day_sheet_named_roster_csv_changes_nothing(tmp_path):
    folder = copy_sample(tmp_path)
    (folder / "roster.csv").write_text(
        "date,technician_id,name,shift_start,shift_end\n2026-11-23,T01,王建军,10:00,12:00\n", encoding="utf-8-sig"
    )
    loaded = read_dataset(folder)
    assert loaded.dataset == read_ok(SAMPLE)
    assert any("not a weekly roster" in str(p) for p in loaded.problems)


def test_unknown_shift_without_times_is_an_error_at_its_row(tmp_path):
    folder = copy_sample(tmp_path)
    (folder / "roster.csv").write_text(
        "technician_id,date,shift\nT01,2026-11-23,night\nT02,2026-11-23,off\n", encoding="utf-8"
    )
    loaded = read_dataset(folder)
    assert not loaded.ok
    [error] = [p for p in loaded.problems if p.severity == "error"]
    assert (error.file, error.row, error.column) == ("roster.csv", 2, "shift")
