"""``planner roster`` and ``planner roster-check``: files, exit codes and what is printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from openpyxl import load_workbook
from roster_builders import SAMPLE_ROSTER, load, write_week

from planner.roster.check import check_roster
from planner.roster.csvfile import read_roster_csv


def run(*args: str, locale: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "", "LC_MESSAGES": "", "LANG": locale}
    return subprocess.run(
        [sys.executable, "-m", "planner_cli", *args], capture_output=True, text=True, check=False, env=env
    )


def test_the_roster_speaks_the_terminals_language(tmp_path):
    """Without --lang a Chinese terminal gets the Chinese summary, any other the English one."""
    chinese = run("roster", str(SAMPLE_ROSTER), "--out", str(tmp_path / "zh.csv"), locale="zh_CN.UTF-8")
    english = run("roster", str(SAMPLE_ROSTER), "--out", str(tmp_path / "en.csv"))
    assert chinese.returncode == english.returncode == 0, chinese.stderr + english.stderr
    assert "状态: 已证明最优" in chinese.stdout and "状态" not in english.stdout


def test_sample_roster_in_one_command_with_csv_and_xlsx(tmp_path):
    out, xlsx = tmp_path / "roster.csv", tmp_path / "roster.xlsx"
    result = run("roster", str(SAMPLE_ROSTER), "--out", str(out), "--xlsx", str(xlsx), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert "状态: 已证明最优" in result.stdout and "差距: 0.00%" in result.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    shifts, problems = read_roster_csv(out)
    assert shifts is not None
    week = load(SAMPLE_ROSTER)
    assert problems == [] and len(shifts) == 12 * 7 and check_roster(week, shifts) == []
    book = load_workbook(xlsx)
    assert book.sheetnames == ["排班表", "说明"]
    assert book["排班表"].page_setup.orientation == "landscape"
    checked = run("roster-check", str(SAMPLE_ROSTER), str(out))
    assert checked.returncode == 0 and "every hard rule holds" in checked.stdout


def test_bad_input_lists_every_problem_exits_2_and_writes_nothing(tmp_path):
    folder = write_week(
        tmp_path / "week",
        leave_csv="technician_id,date,kind\nT07,2026-11-23,年假\n",
        demand_csv="date,shift,skill,min_staff\n2026-11-23,night,,1\n2026-11-24,day,,-1\n",
    )
    out = tmp_path / "out" / "roster.csv"
    result = run("roster", str(folder), "--out", str(out), "--xlsx", str(tmp_path / "out" / "r.xlsx"))
    assert result.returncode == 2
    assert "leave.csv, row 2, column technician_id" in result.stderr
    assert "demand.csv, row 2, column shift" in result.stderr
    assert "demand.csv, row 3, column min_staff" in result.stderr
    assert "3 error(s)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_contradiction_exits_1_explains_and_writes_the_best_roster(tmp_path):
    leave = "technician_id,date,kind\n" + "".join(f"{t},2026-11-23,病假\n" for t in ("T01", "T02"))
    folder = write_week(
        tmp_path / "week", leave_csv=leave, demand_csv="date,shift,skill,min_staff\n2026-11-23,day,sofa_repair,1\n"
    )
    out = tmp_path / "roster.csv"
    result = run("roster", str(folder), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert (
        "shortfall 2026-11-23 Mon, 白班, sofa_repair: needed 1, rostered 0: 2 hold sofa_repair; "
        "王建军 (T01) is on leave (病假); 李振华 (T02) is on leave (病假)"
    ) in result.stdout
    assert "These cannot all hold: demand of 1 × sofa_repair" in result.stdout
    shifts, _ = read_roster_csv(out)
    assert shifts is not None
    assert check_roster(load(folder), shifts) == []


def test_roster_check_reports_a_broken_rule(tmp_path):
    out = tmp_path / "roster.csv"
    assert run("roster", str(SAMPLE_ROSTER), "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8-sig").replace("T03,2026-11-24,off", "T03,2026-11-24,day")
    out.write_text(text, encoding="utf-8-sig")
    result = run("roster-check", str(SAMPLE_ROSTER), str(out))
    assert result.returncode == 1
    assert "leave: 张立新 (T03) is on leave (年假) on 2026-11-24 but rostered on 白班" in result.stdout


def test_roster_check_says_the_broken_rule_in_chinese(tmp_path):
    out = tmp_path / "roster.csv"
    assert run("roster", str(SAMPLE_ROSTER), "--out", str(out), "--lang", "en").returncode == 0
    text = out.read_text(encoding="utf-8-sig").replace("T03,2026-11-24,off", "T03,2026-11-24,day")
    out.write_text(text, encoding="utf-8-sig")
    result = run("roster-check", str(SAMPLE_ROSTER), str(out), "--lang", "zh")
    assert result.returncode == 1
    *broken, count = result.stdout.splitlines()
    assert "leave：张立新 (T03) 在 2026-11-24 休假（年假），却被排了 白班" in broken
    assert count == f"{out} 违反 {len(broken)} 条规则"
    assert all(re.match(r"^\w+：张立新 \(T03\) ", line) for line in broken), broken
