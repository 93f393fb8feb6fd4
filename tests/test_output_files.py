"""Output files: the umask decides their mode, a killed write leaves nothing behind for long, no plan overwrites its input."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from builders import FAST, day, tech, visit

from planner.io.outputs import write_plan_files
from planner.io.write import write_dataset
from planner.planning import plan_day
from planner_cli.main import main

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def planned():
    dataset = day([tech("T1")], [visit("V1")])
    return dataset, plan_day(dataset, FAST).plan


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_plan_and_roster_modes_follow_the_umask(tmp_path, planned, umask_022):
    """With umask 022 the files are 0644 like any other file the user writes, not always 0600."""
    dataset, plan = planned
    write_plan_files(dataset, plan, tmp_path / "plan.json", tmp_path / "roster.csv")
    assert (tmp_path / "plan.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "roster.csv").stat().st_mode & 0o777 == 0o644
    os.umask(0o077)
    write_plan_files(dataset, plan, tmp_path / "plan.json")
    assert (tmp_path / "plan.json").stat().st_mode & 0o777 == 0o600


def test_stale_scratch_files_of_a_killed_write_are_removed_by_the_next(tmp_path, planned):
    """A write killed between staging and renaming leaves a hidden file; the next write removes it."""
    dataset, plan = planned
    stale = tmp_path / ".plan.json.4242-0123abcd.tmp"
    fresh = tmp_path / ".plan.json.4243-89abcdef.tmp"
    other = tmp_path / ".plan.json.notes"
    for path in (stale, fresh, other):
        path.write_text("{", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    write_plan_files(dataset, plan, tmp_path / "plan.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, other.name, "plan.json"]


def test_dataset_writer_removes_stale_scratch_folders_too(tmp_path, planned):
    """A dataset folder half built when the process was killed is removed by the next dataset write."""
    dataset, _ = planned
    stale = tmp_path / ".day.4242-0123abcd.tmp"
    stale.mkdir()
    (stale / "visits.csv").write_text("id\n", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    write_dataset(dataset, tmp_path / "day")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day"]


@pytest.mark.parametrize("command", ["replan", "slots"])
def test_new_plan_may_not_overwrite_the_morning_plan(tmp_path, capsys, command):
    """``--out`` naming the ``--plan`` file is refused before anything is read or written."""
    morning = tmp_path / "plan.json"
    morning.write_text('{"kept": true}\n', encoding="utf-8")
    extra = (
        ["--events", str(tmp_path / "events.yaml")]
        if command == "replan"
        else ["--visit", str(tmp_path / "request.yaml"), "--book", "1"]
    )
    same = str(tmp_path / "." / "plan.json")
    assert main([command, str(SAMPLE), "--plan", str(morning), *extra, "--out", same]) == 2
    assert "--out" in capsys.readouterr().err
    assert morning.read_text(encoding="utf-8") == '{"kept": true}\n'
