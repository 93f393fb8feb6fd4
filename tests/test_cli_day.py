"""``planner replan`` and ``planner slots`` on the sample: files, printed answers, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.io.outputs import write_plan_files
from planner.planning import plan_day
from planner.routing import SearchParams
from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

EVENTS = """at: "10:30"
new_visits:
  - {id: V101, lat: 39.93, lon: 116.45, region: chaoyang, type: complaint, priority: 1,
     required_skills: "sofa_repair:2", duration_min: 60, due_date: 2026-11-23}
unavailable:
  - {technician: T03, from: "13:00"}
"""

REQUEST = "lat: 39.93\nlon: 116.45\nregion: chaoyang\ntype: repair\npriority: 1\nrequired_skills: 'sofa_repair:2'\nduration_min: 60\n"
#: The same request without urgency: the next days, where nothing is pushed out, rank above the plan date.
NORMAL_REQUEST = REQUEST.replace("priority: 1", "priority: 3")


@pytest.fixture(scope="module")
def morning(tmp_path_factory) -> Path:
    """The sample's morning plan written to plan.json."""
    folder = tmp_path_factory.mktemp("morning")
    dataset = read_ok(SAMPLE)
    write_plan_files(
        dataset, plan_day(dataset, SearchParams(time_limit=30, solution_limit=200)).plan, folder / "plan.json"
    )
    return folder / "plan.json"


def test_replan_writes_plan_diff_and_day(morning, tmp_path, capsys):
    """replan prints the changes and the time taken, writes plan, diff and day, and the plan checks against that day."""
    (tmp_path / "events.yaml").write_text(EVENTS, encoding="utf-8")
    out, diff, day = tmp_path / "new.json", tmp_path / "diff.json", tmp_path / "day"
    code = main(
        [
            "replan",
            str(SAMPLE),
            "--plan",
            str(morning),
            "--events",
            str(tmp_path / "events.yaml"),
            "--out",
            str(out),
            "--diff",
            str(diff),
            "--dataset-out",
            str(day),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "V101" in printed and "re-plan time" in printed and "customers to call" in printed
    changes = json.loads(diff.read_text(encoding="utf-8"))
    assert "V101" in [c["visit_id"] for c in changes["changes"] if c["kind"] == "added"]
    assert main(["check", str(day), str(out)]) == 0


def test_replan_with_bad_events_writes_nothing(morning, tmp_path, capsys):
    """An events file with an unknown visit exits 2, names the line, and writes no plan."""
    (tmp_path / "events.yaml").write_text("at: '10:30'\ncancelled: [V999]\n", encoding="utf-8")
    out = tmp_path / "new.json"
    code = main(
        ["replan", str(SAMPLE), "--plan", str(morning), "--events", str(tmp_path / "events.yaml"), "--out", str(out)]
    )
    assert code == 2 and not out.exists()
    assert "events.yaml, line 2" in capsys.readouterr().err


def test_slots_lists_and_books(morning, tmp_path, capsys):
    """slots prints numbered windows with technicians and the time taken; --book 1 writes a plan that serves the request."""
    (tmp_path / "request.yaml").write_text(REQUEST, encoding="utf-8")
    out, day = tmp_path / "booked.json", tmp_path / "day"
    code = main(
        [
            "slots",
            str(SAMPLE),
            "--plan",
            str(morning),
            "--visit",
            str(tmp_path / "request.yaml"),
            "--at",
            "10:30",
            "--book",
            "1",
            "--out",
            str(out),
            "--dataset-out",
            str(day),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0 and "slots found in" in printed and "booked NEW" in printed
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert "NEW" in {s["visit_id"] for r in plan["routes"] for s in r["stops"]}
    assert main(["check", str(day), str(out)]) == 0


def test_slots_with_a_bad_request_exits_2(morning, tmp_path, capsys):
    """A request with priority 7 is refused with its file, line and column."""
    (tmp_path / "request.yaml").write_text(REQUEST.replace("priority: 1", "priority: 7"), encoding="utf-8")
    code = main(["slots", str(SAMPLE), "--plan", str(morning), "--visit", str(tmp_path / "request.yaml")])
    assert code == 2
    assert "request.yaml, line 5, column priority" in capsys.readouterr().err


def offered_days(printed: str) -> list[str]:
    """The date column of the printed slot table, best slot first."""
    return re.findall(r"^\d+\s+(\d{4}-\d{2}-\d{2})\s", printed, re.MULTILINE)


def slots_of(morning: Path, request: Path, *options: str) -> int:
    return main(["slots", str(SAMPLE), "--plan", str(morning), "--visit", str(request), *options])


def test_slots_stay_within_the_days_asked(morning, tmp_path, capsys):
    """--days 2 offers the plan date and the next day only, where the default three days reach the third."""
    request = tmp_path / "request.yaml"
    request.write_text(NORMAL_REQUEST, encoding="utf-8")
    assert slots_of(morning, request) == 0
    assert "2026-11-25" in offered_days(capsys.readouterr().out), "the third day must be offered to be cut"
    assert slots_of(morning, request, "--days", "2") == 0
    two_days = offered_days(capsys.readouterr().out)
    assert two_days and set(two_days) <= {"2026-11-23", "2026-11-24"}


def test_slots_list_the_preferred_day_first(morning, tmp_path, capsys):
    """preferred_days in the request puts that day's slots at the top; the others follow."""
    request = tmp_path / "request.yaml"
    request.write_text(NORMAL_REQUEST + "preferred_days: [2026-11-25]\n", encoding="utf-8")
    assert slots_of(morning, request) == 0
    days = offered_days(capsys.readouterr().out)
    assert days[0] == "2026-11-25" and days == sorted(days, key=lambda day: day != "2026-11-25")


def test_a_preferred_day_beyond_the_days_asked_exits_2(morning, tmp_path, capsys):
    """A preferred day that --days does not reach is refused with its line, not silently dropped."""
    request = tmp_path / "request.yaml"
    request.write_text(NORMAL_REQUEST + "preferred_days: [2026-11-25]\n", encoding="utf-8")
    assert slots_of(morning, request, "--days", "2") == 2
    captured = capsys.readouterr()
    assert "request.yaml, line 8, column preferred_days: preferred_days 2026-11-25 is not among" in captured.err
    assert "slots found" not in captured.out


def test_replan_and_slots_speak_chinese_and_name_technicians(morning, tmp_path, capsys):
    """With --lang zh the changes, the slots and the closing lines are Chinese, technicians named, never bare ids."""
    (tmp_path / "events.yaml").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "request.yaml").write_text(REQUEST, encoding="utf-8")
    replan_args = ["--plan", str(morning), "--events", str(tmp_path / "events.yaml"), "--out", str(tmp_path / "a.json")]
    assert main(["replan", str(SAMPLE), *replan_args, "--lang", "zh"]) == 0
    printed = capsys.readouterr().out
    assert "已于 10:30 重排 2026-11-23" in printed and "需致电的客户" in printed and "重排" in printed
    header = next(line for line in printed.splitlines() if line.startswith("工单"))
    assert "变动" in header and "现技师" in header
    names = {t.id: t.name for t in read_ok(SAMPLE).technicians}
    rows = [line.split() for line in printed.splitlines() if line.startswith("V101")]
    assert (
        rows and rows[0][1] == "新增已排" and rows[0][2] == "-" and rows[0][3] == "-" and rows[0][4] in names.values()
    )
    assert (
        main(["slots", str(SAMPLE), "--plan", str(morning), "--visit", str(tmp_path / "request.yaml"), "--lang", "zh"])
        == 0
    )
    printed = capsys.readouterr().out
    offered = [line.split() for line in printed.splitlines() if re.match(r"^\d+\s+2026-", line)]
    assert printed.splitlines()[0].split()[:4] == ["#", "日期", "时段", "技师"] and "秒找到时段" in printed
    assert offered and all(row[3] in names.values() for row in offered)
