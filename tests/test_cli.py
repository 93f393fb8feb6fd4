"""The ``planner`` command: exit codes, atomic output, summaries, and no personal data in outputs."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.demo import demand_ratio
from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory):
    """Plan the sample once through the CLI; return (plan path, roster path, printed summary)."""
    out = tmp_path_factory.mktemp("plan")
    plan_path, roster_path = out / "plan.json", out / "roster.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner_cli",
            "plan",
            str(SAMPLE),
            "--out",
            str(plan_path),
            "--roster",
            str(roster_path),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return plan_path, roster_path, result.stdout + result.stderr


def personal_data() -> list[str]:
    """Every customer name, phone and address of the sample."""
    dataset = read_ok(SAMPLE)
    return [value for v in dataset.visits for value in (v.customer, v.phone, v.address) if value]


def test_plan_prints_summary_with_reasons_and_solve_time(sample_plan):
    """The summary shows per-technician rows, service by priority, unassigned reasons and the solve time."""
    _, _, printed = sample_plan
    assert "utilisation" in printed and "1 urgent" in printed
    assert "no_qualified_technician" in printed and "Marble repair level 2" in printed
    assert "solve time" in printed


def test_sample_plan_passes_the_checker(sample_plan, capsys):
    """`planner check` on the fresh sample plan exits 0."""
    plan_path, _, _ = sample_plan
    assert main(["check", str(SAMPLE), str(plan_path)]) == 0
    assert "every hard rule holds" in capsys.readouterr().out


def test_roster_has_one_row_per_technician(sample_plan):
    """roster.csv (UTF-8 with BOM for Excel) lists every technician with their visits."""
    _, roster_path, _ = sample_plan
    rows = list(csv.DictReader(roster_path.read_text(encoding="utf-8-sig").splitlines()))
    dataset = read_ok(SAMPLE)
    assert [r["technician_id"] for r in rows] == [t.id for t in dataset.technicians]
    plan = json.loads(sample_plan[0].read_text(encoding="utf-8"))
    routed = {r["technician_id"]: len(r["stops"]) for r in plan["routes"]}
    assert all(int(r["visits"]) == routed.get(r["technician_id"], 0) for r in rows)


def test_no_personal_data_in_plan_roster_or_output(sample_plan):
    """Customer names, phones and addresses appear nowhere in plan.json, roster.csv or the printed summary."""
    plan_path, roster_path, printed = sample_plan
    text = plan_path.read_text(encoding="utf-8") + roster_path.read_text(encoding="utf-8-sig") + printed
    leaked = [value for value in personal_data() if value in text]
    assert leaked == []


def test_corrupted_plan_fails_the_check(sample_plan, tmp_path, capsys):
    """Moving a stop's start outside its window makes `planner check` exit 1 naming the rule."""
    plan = json.loads(sample_plan[0].read_text(encoding="utf-8"))
    dataset = read_ok(SAMPLE)
    windowed = {v.id for v in dataset.visits if v.window_end is not None}
    _route, stop = next((r, s) for r in plan["routes"] for s in r["stops"] if s["visit_id"] in windowed)
    stop["start"] = stop["start"][:11] + "23:00:00" + stop["start"][19:]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(plan), encoding="utf-8")
    assert main(["check", str(SAMPLE), str(broken)]) == 1
    assert "window" in capsys.readouterr().out


def test_unreadable_plan_exits_2(tmp_path, capsys):
    """A plan file that is not JSON is bad input (exit 2), not a violation."""
    bad = tmp_path / "plan.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["check", str(SAMPLE), str(bad)]) == 2
    assert "cannot read the plan" in capsys.readouterr().err


def broken_copy(tmp_path: Path) -> Path:
    """The sample with two broken visit rows (bad time, unknown technician)."""
    folder = tmp_path / "broken"
    shutil.copytree(SAMPLE, folder)
    lines = (folder / "visits.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("window_start")] = "25:99"
    lines[1] = ",".join(row)
    row = lines[2].split(",")
    row[header.index("pinned_technician")] = "T99"
    lines[2] = ",".join(row)
    (folder / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_validate_reports_every_error_and_exits_2(tmp_path, capsys):
    """Both broken rows are reported, with file, row and column, in one run."""
    folder = broken_copy(tmp_path)
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "visits.csv, row 2, column window_start" in err
    assert "visits.csv, row 3, column pinned_technician" in err


def test_plan_writes_nothing_on_bad_input(tmp_path):
    """With input errors `planner plan` exits 2 and leaves no plan file behind."""
    folder = broken_copy(tmp_path)
    out = tmp_path / "plan.json"
    assert main(["plan", str(folder), "--out", str(out)]) == 2
    assert not out.exists()
    assert list(tmp_path.glob(".plan.json*")) == []


def test_validate_sample_prints_summary(capsys):
    """The sample validates (exit 0) and the summary counts its visits per region."""
    assert main(["validate", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "70 visits" in out and "chaoyang" in out


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_demo_writes_a_day_that_validates(tmp_path, capsys, fmt):
    """`planner demo --out DIR` writes a day of the asked size, in every format it offers, whose folder
    `planner validate` accepts and `planner plan` plans."""
    day = tmp_path / "day"
    assert (
        main(["demo", "--visits", "25", "--technicians", "4", "--seed", "3", "--format", fmt, "--out", str(day)]) == 0
    )
    written = capsys.readouterr().out
    assert main(["validate", str(day)]) == 0
    captured = capsys.readouterr()
    assert "Totals: 4 technicians, 25 visits" in captured.out
    assert captured.err == ""
    assert main(["plan", str(day), "--out", str(tmp_path / "plan.json"), "--time-limit", "1"]) == 0
    assert json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))["kpis"]["visits_total"] == 25
    written_day = read_ok(day)
    assert f"work {demand_ratio(written_day):.2f} x the team's working time" in written
