"""Scenario files: the sample reads cleanly, and every mistake is reported with its line, all at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.scenarios.spec import read_scenario_file
from planner.scenarios.variants import AddTechnicians, AddVisits, ChangeSettings, ScaleDemand, Train

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def sample():
    return read_ok(SAMPLE)


def write(tmp_path: Path, text: str, name: str = "scenarios.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def located(problems) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in problems if p.severity == "error"}


def test_sample_scenario_file_reads_without_problems(sample):
    """data/sample/scenarios.yaml has the variants the README promises and a 0-4 sweep."""
    scenario, problems = read_scenario_file(SAMPLE / "scenarios.yaml", sample)
    assert scenario is not None
    assert problems == []
    names = [v.name for v in scenario.variants]
    assert {"plus_repairer", "minus_repairer", "train_marble", "demand_130"} <= set(names)
    assert [n for n in names if n.startswith("repairers_")] == [f"repairers_{k}" for k in range(5)]
    train = next(v for v in scenario.variants if v.name == "train_marble")
    assert train.changes == (Train("T07", "marble_repair", 2),)


def test_several_errors_are_reported_at_once_with_their_lines(sample, tmp_path):
    """Unknown ids, skills and keys, levels out of range, bad times, from > to: each with its line and key."""
    path = write(
        tmp_path,
        """
        variants:
          - name: hire
            add_technicians: [{like: T99, count: 1}]
            colour: blue
          - name: train
            train:
              - {technician: T02, skill: marbel_repair, level: 2}
              - {technician: T03, skill: wood_repair, level: 6}
          - name: late
            shifts: [{technicians: all, shift_end: "25:30"}]
        sweeps:
          - {name: more, like: T02, from: 4, to: 1}
        """,
    )
    scenario, problems = read_scenario_file(path, sample)
    assert scenario is None
    assert {(3, "like"), (4, "colour"), (7, "skill"), (8, "level"), (10, "shift_end"), (12, "from")} <= located(
        problems
    )
    assert all(p.file == "scenarios.yaml" for p in problems)
    text = "\n".join(str(p) for p in problems)
    assert "unknown technician T99" in text and "line 3" in text
    assert "unknown skill marbel_repair" in text
    assert "colour is not a key of a variant" in text
    assert "from 4 is more than to 1" in text


def test_semantic_mistakes_are_caught_against_the_day(sample, tmp_path):
    """A shift that would end before it starts, a skill already held, an unknown region, a repeated name."""
    path = write(
        tmp_path,
        """
        variants:
          - name: early
            shifts: [{technicians: [T06], shift_end: "12:00"}]
          - name: same
            train: [{technician: T01, skill: sofa_repair, level: 4}]
          - name: same
            regions: [{technicians: T03, add: [mars]}]
            settings: {lunch_minutes: 200}
        """,
    )
    _, problems = read_scenario_file(path, sample)
    messages = {(p.row, p.column): p.message for p in problems}
    assert "T06 13:30-12:00" in messages[(3, "shift_end")]
    assert "already holds sofa_repair at level 5" in messages[(5, "level")]
    assert "used twice (first on line 4)" in messages[(6, "name")]
    assert "unknown region mars" in messages[(7, "add")]
    assert "longer than the lunch_window" in messages[(8, "lunch_minutes")]


def test_yaml_syntax_error_names_the_line(sample, tmp_path):
    """A broken YAML file is one problem on the line where parsing failed."""
    path = write(tmp_path, "variants:\n  - name: a\n    train: [oops\n")
    scenario, problems = read_scenario_file(path, sample)
    assert scenario is None and len(problems) == 1 and problems[0].row is not None


def test_changes_are_read_into_the_right_operations(sample, tmp_path):
    """Each key becomes its change, with defaults: one new person, level one above the current, seed 0."""
    path = write(
        tmp_path,
        """
        variants:
          - name: everything
            add_technicians: [{like: T04, regions: [chaoyang], shift_start: "10:00"}]
            train: [{technician: T03, skill: wood_repair}]
            settings: {lunch_window: "11:00-14:00", speed_kmh: 25}
            demand: {scale: 1.5}
        """,
    )
    scenario, problems = read_scenario_file(path, sample)
    assert scenario is not None
    assert problems == []
    changes = scenario.variants[0].changes
    assert changes[0] == AddTechnicians("T04", 1, (), {"regions": ("chaoyang",), "shift_start": 600})
    assert changes[1] == Train("T03", "wood_repair", 5)
    assert changes[2] == ChangeSettings({"lunch_start": 660, "lunch_end": 840, "speed_kmh": 25.0})
    assert changes[3] == ScaleDemand(1.5, 0)


def test_later_changes_may_name_people_added_earlier(sample, tmp_path):
    """Changes apply in a fixed order, so the new T02-N1 can be trained in the same variant."""
    path = write(
        tmp_path,
        """
        variants:
          - name: hire_and_train
            add_technicians: [{like: T02}]
            train: [{technician: T02-N1, skill: marble_repair, level: 2}]
        """,
    )
    scenario, problems = read_scenario_file(path, sample)
    assert scenario is not None
    assert problems == []
    assert scenario.variants[0].changes[1] == Train("T02-N1", "marble_repair", 2)


def test_extra_visits_are_read_with_the_dataset_readers(sample, tmp_path):
    """A good extra visits file becomes visits; bad rows are reported at the CSV's own row and column."""
    header = "id,lat,lon,region,type,priority,required_skills,duration_min\n"
    (tmp_path / "more.csv").write_text(
        header + "N1,39.95,116.48,chaoyang,repair,2,sofa_repair:2,60\n", encoding="utf-8"
    )
    (tmp_path / "bad.csv").write_text(
        header + "V001,39.95,116.48,chaoyang,repair,9,sofa_repair:2,60\n", encoding="utf-8"
    )
    good = write(tmp_path, "variants:\n  - name: more\n    demand: {extra_visits: more.csv}\n")
    scenario, problems = read_scenario_file(good, sample)
    assert scenario is not None
    assert problems == []
    change = scenario.variants[0].changes[0]
    assert isinstance(change, AddVisits) and [v.id for v in change.visits] == ["N1"]
    bad = write(tmp_path, "variants:\n  - name: bad\n    demand: {extra_visits: bad.csv}\n", "bad.yaml")
    scenario, problems = read_scenario_file(bad, sample)
    assert scenario is None
    assert {("bad.csv", 2, "priority"), ("bad.csv", 2, "id")} <= {(p.file, p.row, p.column) for p in problems}
