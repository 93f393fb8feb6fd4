"""``planner scenarios``: exit codes, progress on stderr, a complete report or nothing at all."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

import planner.scenarios.pool as pool
from planner.check import Violation
from planner_cli.exits import Exit
from planner_cli.scenarios import add_parser

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
ONE_VARIANT = "variants:\n  - name: plus_t04\n    add_technicians: [{like: T04}]\n"


def scenarios(*argv: str) -> int:
    """Run the subcommand as ``planner_cli.main`` will, from its own parser."""
    top = argparse.ArgumentParser(prog="planner")
    add_parser(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(["scenarios", *argv])
    return args.run(args)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ok.yaml").write_text(ONE_VARIANT, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        "variants:\n  - name: x\n    train: [{technician: T77, skill: sofa_repair, level: 9}]\n", encoding="utf-8"
    )
    return tmp_path


def quick(files: Path, out: Path, scenario: str = "ok.yaml") -> int:
    return scenarios(
        str(SAMPLE), str(files / scenario), "--out", str(out), "--time-limit", "1", "--workers", "1", "--no-advice"
    )


def test_bad_scenario_file_exits_2_with_every_problem_and_writes_nothing(files, capsys):
    """An unknown technician and a level of 9: both printed with the line, exit 2, no folder."""
    out = files / "out"
    assert quick(files, out, "bad.yaml") == Exit.BAD_INPUT
    err = capsys.readouterr().err
    assert "bad.yaml, line 3, column technician: unknown technician T77" in err
    assert "bad.yaml, line 3, column level: level 9 is out of range" in err
    assert not out.exists()


def test_bad_dataset_exits_2(files, tmp_path, capsys):
    """A dataset without technicians.csv cannot be compared: exit 2 before the scenario file is read."""
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    (broken / "technicians.csv").unlink()
    assert scenarios(str(broken), str(files / "ok.yaml"), "--out", str(tmp_path / "out")) == Exit.BAD_INPUT
    assert "technicians.csv is missing" in capsys.readouterr().err


def test_folder_with_other_files_is_not_replaced(files, capsys):
    """--out pointing at somebody's documents: exit 2 before solving, the files untouched."""
    out = files / "documents"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    assert quick(files, out) == Exit.BAD_INPUT
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert "no earlier scenario report" in capsys.readouterr().err


def test_run_writes_the_report_shows_progress_and_replaces_an_earlier_one(files, capsys):
    """Exit 0, a progress bar per solve on stderr, the summary on stdout; a second run replaces the folder."""
    out = files / "report"
    assert quick(files, out) == Exit.OK
    captured = capsys.readouterr()
    assert "] 1/2 base" in captured.err and "] 2/2 plus_t04" in captured.err
    assert "plus_t04" in captured.out and "written to" in captured.out
    document = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert [v["name"] for v in document["variants"]] == ["base", "plus_t04"]
    assert document["advice"] is None  # --no-advice
    assert "What would help most" not in (out / "comparison.md").read_text(encoding="utf-8")
    assert {"base.json", "plus_t04.json"} == {p.name for p in (out / "plans").iterdir()}
    (out / "plans" / "stale.json").write_text("{}", encoding="utf-8")
    assert quick(files, out) == Exit.OK
    assert not (out / "plans" / "stale.json").exists()
    assert not [p for p in files.iterdir() if p.name.startswith(".report")]


def test_a_plan_breaking_a_rule_exits_1_and_is_reported(files, capsys, monkeypatch):
    """When the checker finds a violation the report is still written, lists it, and the exit code is 1."""
    monkeypatch.setattr(pool, "check", lambda dataset, plan: [Violation("skills", "made-up violation")])
    out = files / "report"
    assert quick(files, out) == Exit.VIOLATION
    assert "made-up violation" in capsys.readouterr().err
    document = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert document["violations"] == ["base: skills: made-up violation", "plus_t04: skills: made-up violation"]
