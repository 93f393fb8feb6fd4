"""Scenarios solved on the sample: more capacity never plans worse, every plan is checked, advice finds the training.

One small scenario file is solved once for the module, on two worker
processes, with a small work budget so the whole module takes seconds.
"""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.check import check
from planner.routing import SearchParams
from planner.scenarios.advise import best_for_visit
from planner.scenarios.compare import NUMBERS
from planner.scenarios.report import write_report
from planner.scenarios.run import run_scenarios
from planner.scenarios.spec import read_scenario_file
from planner.scenarios.variants import Train

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
FAST = SearchParams(time_limit=5.0, solution_limit=40)
SCENARIOS = """
    variants:
      - name: plus_t04
        add_technicians: [{like: T04}]
      - name: train_marble
        train: [{technician: T07, skill: marble_repair, level: 2}]
      - name: minus_t05
        remove_technicians: [T05]
      - name: overtime
        shifts: [{technicians: [T01, T02], shift_end: "19:00"}]
    sweeps:
      - {name: repairers, like: T02, from: 0, to: 2}
    """


@pytest.fixture(scope="module")
def sample():
    return read_ok(SAMPLE)


@pytest.fixture(scope="module")
def run(sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scenario")
    (folder / "scenarios.yaml").write_text(textwrap.dedent(SCENARIOS), encoding="utf-8")
    scenario, problems = read_scenario_file(folder / "scenarios.yaml", sample)
    assert scenario is not None
    assert problems == []
    return run_scenarios(sample, scenario, FAST, workers=2)


@pytest.fixture(scope="module")
def report(run, tmp_path_factory):
    """The report folder and its comparison document."""
    out = tmp_path_factory.mktemp("report") / "out"
    return out, write_report(run, out, "sample")


def outcome(run, name):
    return next(o for o in run.variants if o.variant.name == name)


def service(o) -> float:
    return o.solved.plan.kpis["priority_weighted_service"]


def reasons(o) -> dict[str, str]:
    return {u.visit_id: u.reason_code for u in o.solved.plan.unassigned}


def test_adding_a_qualified_technician_never_lowers_the_service_level(run):
    """+1 like T04 and each sweep step like T02 serve at least as well as the base, and each step as the one before."""
    base = service(run.base)
    plus = outcome(run, "plus_t04")
    assert plus.solved.warm_started and service(plus) >= base
    steps = [service(outcome(run, f"repairers_{k}")) for k in range(3)]
    assert steps[0] == base
    assert steps == sorted(steps)
    assert all(outcome(run, f"repairers_{k}").solved.warm_started for k in (1, 2))


def test_training_the_missing_skill_turns_v020_from_no_qualified_into_served_or_capacity(run):
    """With T07 trained in marble_repair:2, V020 is served or waits only for room (capacity, or deferred as it is not due)."""
    assert reasons(run.base)["V020"] == "no_qualified_technician"
    assert reasons(outcome(run, "train_marble")).get("V020", "served") in ("served", "capacity", "deferred")


def test_every_plan_written_passes_the_checker(run, report):
    """Each plans/<variant>.json, read back from disk, keeps every hard rule of its own day."""
    out, document = report
    days = {o.variant.name: o.dataset for o in (run.base, *run.variants)}
    assert run.violations() == [] and document["violations"] == []
    for entry in document["variants"]:
        plan = json.loads((out / entry["plan"]).read_text(encoding="utf-8"))
        assert check(days[entry["name"]], plan) == [], entry["name"]
    assert len(list((out / "plans").glob("*.json"))) == 1 + len(run.variants)


def test_advice_finds_the_marble_training_as_the_top_candidate_for_v020(run, report):
    """The best change proposed for V020 trains someone in marble_repair:2 and gets V020 served."""
    best = best_for_visit(run.advice, "V020")
    assert best is not None
    assert isinstance(best.candidate.change, Train)
    assert (best.candidate.change.skill, best.candidate.change.level) == ("marble_repair", 2)
    assert "V020" in best.newly_served
    assert "Marble repair" in best.text_en and "大理石修复" in best.text_zh  # by name (skills.csv), not id
    assert "marble_repair" not in best.text_en + best.text_zh
    _, document = report
    assert document["advice"]["for_visits"] == {"V020": best.candidate.key}
    assert len(run.advice) <= 8


def test_advice_is_ranked_by_service_gain(run):
    """Advice comes best first, and the top list holds only changes that raise the service level."""
    gains = [a.gain for a in run.advice]
    assert gains == sorted(gains, reverse=True)
    assert run.advice[0].candidate.kind == "hire" and run.advice[0].gain > 0


def test_identical_days_are_solved_once(run):
    """Sweep step 0 is the base day itself: it reuses the base plan."""
    step0 = outcome(run, "repairers_0")
    assert step0.same_as == "base" and step0.solved is run.base.solved


def test_deltas_are_each_measure_minus_the_base(report):
    """Every delta in comparison.json is the variant's measure minus the base's, by priority and by reason too."""
    _, document = report
    base = document["variants"][0]["measures"]
    for entry in document["variants"][1:]:
        m, d = entry["measures"], entry["delta"]
        for key in NUMBERS:
            if m[key] is None:
                assert d[key] is None
            elif base[key] is None:
                assert d[key] == m[key]  # overtime: the base has none
            else:
                assert d[key] == pytest.approx(m[key] - base[key], abs=1e-4), key
        for p, counts in m["served_by_priority"].items():
            assert d["served_by_priority"][p] == counts["served"] - base["served_by_priority"][p]["served"]
        for code, count in d["unassigned_by_reason"].items():
            assert count == m["unassigned_by_reason"].get(code, 0) - base["unassigned_by_reason"].get(code, 0)


def test_overtime_is_reported_only_when_shifts_get_longer(report):
    """T01 and T02 to 19:00 offer 90 + 60 extra minutes; every other variant says n/a."""
    out, document = report
    by_name = {v["name"]: v["measures"] for v in document["variants"]}
    assert by_name["overtime"]["extra_shift_min"] == 150
    assert 0 <= by_name["overtime"]["overtime_min"] <= 150
    assert all(m["extra_shift_min"] is None for name, m in by_name.items() if name != "overtime")
    rows = {row["name"]: row for row in csv.DictReader((out / "comparison.csv").open(encoding="utf-8"))}
    assert rows["base"]["overtime_min"] == "n/a" and rows["overtime"]["extra_shift_min"] == "150"


def test_report_holds_tables_charts_and_no_customer_data(sample, report):
    """comparison.md/csv/json and the charts exist; customer names, phones and addresses appear only in plans."""
    out, document = report
    names = {"comparison.json", "comparison.md", "comparison.csv"}
    assert names <= {p.name for p in out.iterdir()}
    assert sorted(document["charts"]) == sorted(f"charts/{p.name}" for p in (out / "charts").iterdir())
    assert "charts/sweep-repairers.svg" in document["charts"]
    personal = [value for v in sample.visits for value in (v.customer, v.phone, v.address) if value]
    for path in [out / name for name in names] + list((out / "charts").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert not [value for value in personal if value in text], path.name
    markdown = (out / "comparison.md").read_text(encoding="utf-8")
    assert "## Comparison" in markdown and "## What would help most" in markdown
    assert all(f"| {entry['name']} |" in markdown for entry in document["variants"])
