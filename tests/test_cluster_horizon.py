"""A two-city horizon on a local Dask cluster started by the test: fan-out by city, merge, check, same plan."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from horizon_told import kept_and_moved

from planner.cluster.horizon import horizon_parts
from planner.demo_national import generate_national
from planner.horizon.vehicles import with_days
from planner.io.write import write_dataset

CITIES, VISITS, DAYS = 2, 20, 3


@pytest.fixture(scope="module")
def national():
    return generate_national(CITIES, VISITS, seed=7)


@pytest.fixture(scope="module")
def folder(national, tmp_path_factory):
    return write_dataset(national, tmp_path_factory.mktemp("national") / "week")


def _run(*args):
    return subprocess.run([sys.executable, "-m", "planner_cli", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def plans(folder, tmp_path_factory):
    """The horizon planned with a local cluster of 1 and of 2 workers."""
    out = tmp_path_factory.mktemp("plans")
    found = {}
    for workers in (1, 2):
        path = out / f"plan-{workers}.json"
        result = _run("plan", str(folder), "--days", str(DAYS), "--out", str(path), "--cluster", f"local:{workers}")
        assert result.returncode == 0, result.stderr
        assert f"independent parts on local:{workers} ({workers} workers)" in result.stdout
        found[workers] = path
    return found


def test_horizon_splits_by_city(national):
    parts = horizon_parts(with_days(national, DAYS))
    assert len(parts) >= CITIES
    for part in parts:
        assert len({t.id.split("-")[0] for t in part.technicians}) == 1


def test_fanned_out_horizon_passes_planner_check(folder, plans):
    result = _run("check", str(folder), str(plans[2]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every hard rule holds" in result.stdout


def test_one_and_two_workers_give_the_same_horizon_plan(plans):
    assert plans[1].read_bytes() == plans[2].read_bytes()


def test_merged_horizon_accounts_for_every_visit_on_every_day(national, plans):
    plan = json.loads(plans[2].read_text(encoding="utf-8"))
    assert plan["horizon_days"] == DAYS and len(plan["days"]) == DAYS
    served = [s["visit_id"] for day in plan["days"] for r in day["routes"] for s in r["stops"]]
    left = [u["visit_id"] for u in plan["unassigned"]]
    assert sorted(served + left) == sorted(v.id for v in national.visits)
    assert plan["kpis"]["visits_served"] == len(served)


@pytest.fixture(scope="module")
def previous(plans, tmp_path_factory):
    """The 1-worker plan with its second and third days' dates swapped: proposals the search would not make itself."""
    plan = json.loads(plans[1].read_text(encoding="utf-8"))
    plan["days"][1]["date"], plan["days"][2]["date"] = plan["days"][2]["date"], plan["days"][1]["date"]
    path = tmp_path_factory.mktemp("previous") / "previous.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def replans(folder, previous, tmp_path_factory):
    """The horizon planned again against those proposals, with a local cluster of 1 and of 2 workers."""
    out = tmp_path_factory.mktemp("replans")
    found = {}
    for workers in (1, 2):
        path = out / f"replan-{workers}.json"
        result = _run(
            "plan", str(folder), "--days", str(DAYS), "--previous", str(previous), "--out", str(path),
            "--cluster", f"local:{workers}", "--lang", "en",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert f"independent parts on local:{workers} ({workers} workers)" in result.stdout
        found[workers] = (path, result.stdout)
    return found


def _dates(plan: dict) -> dict[str, str]:
    return {s["visit_id"]: day["date"] for day in plan["days"] for r in day["routes"] for s in r["stops"]}


def test_a_horizon_planned_against_a_previous_plan_fans_out_and_keeps_its_proposals(folder, plans, previous, replans):
    path, told = replans[2]
    promised = _dates(json.loads(previous.read_text(encoding="utf-8")))
    fresh = _dates(json.loads(plans[2].read_text(encoding="utf-8")))
    plan = json.loads(path.read_text(encoding="utf-8"))
    now = _dates(plan)
    kept, moved = kept_and_moved(told)
    assert kept + moved == len(promised)
    assert kept == sum(now.get(v) == date for v, date in promised.items())
    assert (plan["kpis"]["proposals_kept"], plan["kpis"]["proposals_moved"]) == (kept, moved)
    # Every part weighed its own visits' proposals: most of the swapped dates, which a plan ignoring them
    # would never give, are kept.
    swapped = [v for v, date in promised.items() if fresh.get(v) != date]
    assert swapped and sum(now.get(v) == promised[v] for v in swapped) > len(swapped) // 2
    result = _run("check", str(folder), str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_and_two_workers_keep_the_same_proposals(replans):
    assert replans[1][0].read_bytes() == replans[2][0].read_bytes()
    assert (
        replans[1][1].split("proposals of the previous plan")[1].split("solve time")[0]
        == (replans[2][1].split("proposals of the previous plan")[1].split("solve time")[0])
    )
