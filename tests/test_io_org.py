"""org.yaml is checked like the tables: every mistake listed with its line, the chart never half-valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_io import found, write_dataset

from planner.io import dataset_from_document, read_dataset
from planner.io.write import dataset_to_document

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

GOOD = """\
version: 1
measures:
  - {id: first_time_fix_rate, name: 一次修复率}
  - {id: callback_24h, name: 24小时回访率}
roles:
  - id: service_manager
    reports_to: null
    measures:
      - {id: callback_24h, target: ">= 95%"}
  - id: repair_technician
    reports_to: service_manager
    measures:
      - {id: first_time_fix_rate, target: ">= 85%"}
department:
  id: aftersales
  name: 售后服务部
  leader: {id: M01, name: 周建国, role: service_manager}
  members: []
  groups:
    - id: repair
      name: 维修组
      leader: {technician: T01, role: repair_technician}
      members:
        - {technician: T02, role: repair_technician}
"""


def load(tmp_path: Path, org: str):
    return read_dataset(write_dataset(tmp_path / "day", org=org))


def test_a_good_org_chart_loads_without_a_word(tmp_path):
    loaded = load(tmp_path, GOOD)
    assert loaded.ok and loaded.problems == (), [str(p) for p in loaded.problems]
    assert loaded.dataset.org["department"]["groups"][0]["members"] == [
        {"technician": "T02", "role": "repair_technician"}
    ]


def test_the_sample_and_a_generated_org_are_valid():
    loaded = read_dataset(SAMPLE)
    assert not found(loaded, file="org.yaml"), [str(p) for p in loaded.problems]
    from planner.demo import generate_day

    day = generate_day(60, 12, 3)
    assert not [p for p in dataset_from_document(dataset_to_document(day)).problems if p.file == "org"]


@pytest.mark.parametrize(
    "old,new,line,words",
    [
        ("version: 1", "version: 99", 1, "version 99"),
        ("reports_to: service_manager", "reports_to: repair_technician", 11, "reports to itself"),
        ("reports_to: service_manager", "reports_to: area_manager", 11, "area_manager is not a role"),
        ("reports_to: null", "reports_to: repair_technician", 7, "cycle"),
        ("{id: first_time_fix_rate, target", "{id: fix_rate, target", 13, "fix_rate is not a measure"),
        (
            "  - {id: callback_24h, name: 24小时回访率}\n",
            "  - {id: callback_24h, name: 24小时回访率}\n  - {id: callback_24h, name: x}\n",
            5,
            "twice",
        ),
        (
            "{technician: T02, role: repair_technician}",
            "{technician: T09, role: repair_technician}",
            24,
            "T09 is not in technicians",
        ),
        (
            "{technician: T02, role: repair_technician}",
            "{technician: T01, role: repair_technician}",
            24,
            "T01 appears twice",
        ),
        ("{technician: T02, role: repair_technician}", "{technician: T02, role: plumber}", 24, "plumber is not a role"),
        ("{technician: T02, role: repair_technician}", "{id: X1, role: repair_technician}", 24, "name"),
        ("    - id: repair\n", "    - id: aftersales\n", 20, "aftersales appears twice"),
    ],
)
def test_each_org_mistake_is_an_error_at_its_line(tmp_path, old, new, line, words):
    """One mistake, one error, at the line a person finds it on."""
    assert old in GOOD
    loaded = load(tmp_path, GOOD.replace(old, new, 1))
    assert loaded.dataset is None
    problems = found(loaded, file="org.yaml", severity="error")
    assert [p.row for p in problems] == [line], [str(p) for p in loaded.problems]
    assert words in problems[0].message


def test_a_cycle_of_roles_names_every_role_in_it(tmp_path):
    """a -> b -> a: the whole loop is named once."""
    org = GOOD.replace("reports_to: null", "reports_to: repair_technician", 1)
    problems = found(load(tmp_path, org), file="org.yaml", contains="cycle")
    assert len(problems) == 1
    assert "service_manager" in problems[0].message and "repair_technician" in problems[0].message


def test_org_in_a_json_document_is_checked_and_located_by_path():
    """The API's org object gets the same checks; without lines, the column names the path."""
    from planner.demo import generate_day

    document = dataset_to_document(generate_day(20, 4, 1))
    document["org"]["roles"][1]["reports_to"] = "nobody"
    loaded = dataset_from_document(document)
    assert loaded.dataset is None
    problem = found(loaded, file="org", contains="nobody")[0]
    assert problem.row is None and problem.column == "roles[1].reports_to"


def test_deeply_nested_groups_are_refused(tmp_path):
    """Groups within groups beyond the loader's bound are refused, not a RecursionError in the pages."""
    unit = "{id: leaf}"
    for depth in range(60):
        unit = f"{{id: g{depth}, groups: [{unit}]}}"
    loaded = load(tmp_path, "version: 1\ndepartment: " + unit + "\n")
    assert loaded.dataset is None and found(loaded, file="org.yaml", contains="nested")
