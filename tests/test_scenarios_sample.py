"""The bundled sample scenario file end to end, as the README runs it: every variant solved, checked and reported.

The other scenario tests use small files of their own; this one holds the
file a manager copies from (``data/sample/scenarios.yaml``: base, six
variants, a five-step headcount sweep, advice) to what it promises: each
plan written to the report keeps every hard rule of its own variant's day,
and every file of the report is there.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers_io import read_ok

from planner.check import check
from planner.plan import Plan
from planner.problems import errors
from planner.routing import SearchParams
from planner.scenarios.report import write_report
from planner.scenarios.run import ScenarioRun, run_scenarios
from planner.scenarios.spec import read_scenario_file

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
#: One second of search per variant (the CLI's --time-limit): every plan still keeps the rules, and the whole
#: file with its advice candidates runs in about 20 s on two cores instead of the README's minute.
PER_VARIANT = SearchParams(time_limit=1.0)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScenarioRun, Path, dict]:
    """The sample scenario file run on two workers, advice included, and its report folder."""
    dataset = read_ok(SAMPLE)
    scenario, problems = read_scenario_file(SAMPLE / "scenarios.yaml", dataset)
    assert scenario is not None and errors(problems) == []
    run = run_scenarios(dataset, scenario, PER_VARIANT, workers=2)
    out = tmp_path_factory.mktemp("sample-scenarios") / "report"
    return run, out, write_report(run, out, SAMPLE.name)


def test_every_written_plan_keeps_the_rules_of_its_variants_day(sample_report) -> None:
    """Each plan file in the report covers exactly its variant's visits and passes the checker against that day."""
    run, out, document = sample_report
    outcomes = (run.base, *run.variants)
    assert [o.variant.name for o in outcomes] == [v["name"] for v in document["variants"]]
    for outcome in outcomes:
        plan = Plan.from_json((out / "plans" / f"{outcome.variant.name}.json").read_text(encoding="utf-8"))
        placed = {s.visit_id for r in plan.routes for s in r.stops} | {u.visit_id for u in plan.unassigned}
        assert placed == {v.id for v in outcome.dataset.visits}, outcome.variant.name
        assert check(outcome.dataset, plan) == [], outcome.variant.name
    assert document["violations"] == []


def test_the_report_folder_holds_every_file(sample_report) -> None:
    """comparison.json, .md and .csv, every chart the document lists, and one plan per variant, nothing else."""
    run, out, document = sample_report
    names = [v["name"] for v in document["variants"]]
    expected = {
        "comparison.json",
        "comparison.md",
        "comparison.csv",
        *document["charts"],
        *(f"plans/{name}.json" for name in names),
    }
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == expected
    assert [p for p in expected if (out / p).stat().st_size == 0] == []
    assert any(chart.startswith("charts/sweep-") for chart in document["charts"])
    rows = list(csv.reader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8"))))
    assert [row[0] for row in rows[1:]] == names
    assert run.advice is not None and document["advice"] is not None
