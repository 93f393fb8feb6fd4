"""Small roster folders for the roster tests, written file by file.

``write_week`` writes a valid three-person week unless a test passes its
own text for a file; ``None`` leaves a file out. Every roster a test makes
goes through ``checked``, the independent checker, before anything else.
"""

from __future__ import annotations

from pathlib import Path

from planner.roster.check import check_roster
from planner.roster.read import read_roster_folder
from planner.roster.solve import RosterParams, RosterResult, solve_roster
from planner.roster.week import Week

SAMPLE_ROSTER = Path(__file__).resolve().parents[1] / "data" / "sample" / "roster"

RULES = """week_start: 2026-11-23
shifts:
  - {id: day, name: 白班, start: "08:30", end: "17:30"}
  - {id: late, name: 晚班, start: "12:00", end: "21:00"}
min_rest_days: 1
max_consecutive_days: 6
min_rest_hours: 12
"""
TECHNICIANS = """id,name,group,skills,max_days_per_week,max_hours_per_week
T01,王建军,repair,sofa_repair:3;leather_care:2,5,45
T02,李振华,repair,sofa_repair:2,5,45
T03,张立新,install,cabinet_install:3,6,54
"""
DEFAULTS = {
    "roster_rules.yaml": RULES,
    "technicians.csv": TECHNICIANS,
    "leave.csv": "technician_id,date,kind\n",
    "demand.csv": "date,shift,skill,min_staff\n",
    "requests.csv": None,
    "history.csv": None,
}


def write_week(folder: Path, **files: str | None) -> Path:
    """A roster folder: ``leave_csv="..."`` replaces leave.csv, ``requests_csv=None`` drops it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, default in DEFAULTS.items():
        key = name.replace(".", "_")
        text = files.get(key, default)
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def load(folder: Path) -> Week:
    """The folder's week; the test fails with the problems when it has errors."""
    week, problems = read_roster_folder(folder)
    assert week is not None, [str(p) for p in problems]
    return week


def checked(week: Week, params: RosterParams = RosterParams(time_limit=10)) -> RosterResult:
    """Solve and verify every hard rule with the independent checker."""
    result = solve_roster(week, params)
    assert result is not None
    assert check_roster(week, result.shifts) == []
    return result
