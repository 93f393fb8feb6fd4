"""A national day on a local Dask cluster started by the tests: fan-out, merge, check, lost workers.

No external service: each test starts its cluster on this machine, as
``planner plan --cluster local:N`` does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from planner.check import check
from planner.cluster import component_days, components, connect, plan_on_cluster
from planner.cluster.fanout import plan_part
from planner.demo_national import generate_national
from planner.eligibility import eligibility
from planner.io.write import write_dataset
from planner.planning import plan_day
from planner.routing import SearchParams

CITIES, VISITS = 4, 30


@pytest.fixture(scope="module")
def national():
    return generate_national(CITIES, VISITS, seed=5)


@pytest.fixture(scope="module")
def folder(national, tmp_path_factory):
    return write_dataset(national, tmp_path_factory.mktemp("national") / "day")


def _plan(folder, out, *extra):
    return subprocess.run(
        [sys.executable, "-m", "planner_cli", "plan", str(folder), "--out", str(out), "--lang", "en", *extra],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def cluster_plans(national, folder, tmp_path_factory):
    """The national day planned through the command with a local cluster of 1 and of 2 workers."""
    parts = len(components(national, eligibility(national)))
    assert parts >= CITIES
    out = tmp_path_factory.mktemp("plans")
    plans = {}
    for workers in (1, 2):
        path = out / f"plan-{workers}.json"
        result = _plan(folder, path, "--cluster", f"local:{workers}")
        assert result.returncode == 0, result.stderr
        assert f"planned in {parts} independent parts on local:{workers} ({workers} workers)" in result.stdout
        plans[workers] = path
    return plans


def test_fanned_out_plan_passes_planner_check(folder, cluster_plans):
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "check", str(folder), str(cluster_plans[2])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every hard rule holds" in result.stdout


def test_one_and_two_workers_give_the_same_plan_byte_for_byte(cluster_plans):
    assert cluster_plans[1].read_bytes() == cluster_plans[2].read_bytes()


def test_a_part_gets_the_same_plan_on_a_machine_a_thousand_times_slower(national, monkeypatch):
    """Without --time-limit a part searches to its work budget: a clock running 1,000 times faster
    (a worker that busy) stops nothing, so one worker or many, idle or loaded, give the same plan."""
    allowed = eligibility(national)
    city = component_days(national, allowed, components(national, allowed))[0]
    idle = plan_part(city, None, 3)
    real = time.perf_counter
    began = real()
    monkeypatch.setattr(time, "perf_counter", lambda: began + (real() - began) * 1000)
    busy = plan_part(city, None, 3)
    monkeypatch.undo()
    assert busy.seconds > 100 * idle.seconds, "the slowed clock was not used"
    assert busy.planned.stopped_by == idle.planned.stopped_by == "work_limit"
    assert busy.planned.plan.to_json() == idle.planned.plan.to_json()


def test_merged_plan_accounts_for_every_visit_of_every_city(national, cluster_plans):
    from planner.plan import Plan

    plan = Plan.from_json(cluster_plans[2].read_text(encoding="utf-8"))
    served = [s.visit_id for r in plan.routes for s in r.stops]
    left = [u.visit_id for u in plan.unassigned]
    assert sorted(served + left) == sorted(v.id for v in national.visits)
    assert len(set(served)) == len(served)
    assert plan.kpis["visits_served"] == len(served) and plan.kpis["visits_total"] == CITIES * VISITS
    assert {r.technician_id.split("-")[0] for r in plan.routes} == {"BJ", "SH", "GZ", "SZ"}


def test_each_city_is_planned_as_it_would_be_alone(national, cluster_plans):
    """A city's routes in the merged plan are the routes ``plan_day`` gives that city on its own."""
    from planner.plan import Plan

    merged = Plan.from_json(cluster_plans[1].read_text(encoding="utf-8"))
    code = "SH"
    alone = national.model_copy(
        update={
            "visits": tuple(v for v in national.visits if v.id.startswith(f"{code}-")),
            "technicians": tuple(t for t in national.technicians if t.id.startswith(f"{code}-")),
            "parts": tuple(p for p in national.parts if p.id.startswith(f"{code}-")),
        }
    )
    from planner.planning import default_time_limit

    own = plan_day(alone, SearchParams(time_limit=default_time_limit(alone), seed=0)).plan

    def visits_of(plan):
        return {
            r.technician_id: [s.visit_id for s in r.stops]
            for r in plan.routes
            if r.technician_id.startswith(f"{code}-")
        }

    assert visits_of(merged) == visits_of(own)


def test_bad_cluster_address_is_refused_before_anything_is_written(folder, tmp_path):
    result = _plan(folder, tmp_path / "plan.json", "--cluster", "local:0")
    assert result.returncode == 2 and "local:N" in result.stderr
    assert not (tmp_path / "plan.json").exists()


def test_cluster_from_environment(folder, tmp_path, cluster_plans):
    out = tmp_path / "plan.json"
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "plan", str(folder), "--out", str(out), "--lang", "zh"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PLANNER_CLUSTER": "local:1"},
    )
    assert result.returncode == 0, result.stderr
    assert "在 local:1（1 个工作进程）上分" in result.stdout
    assert out.read_bytes() == cluster_plans[1].read_bytes()


def test_a_worker_killed_mid_run_loses_no_city(national, cluster_plans):
    """Kill the worker planning a city: the engine plans it again elsewhere, the plan is whole and the same."""
    with connect("local:2") as client:
        pids = client.run(os.getpid)
        outcome: dict = {}
        runner = threading.Thread(target=lambda: outcome.update(result=plan_on_cluster(national, client)))
        runner.start()
        busy = None
        deadline = time.monotonic() + 120
        while busy is None and runner.is_alive() and time.monotonic() < deadline:
            busy = next((w for w, tasks in client.processing().items() if tasks), None)
            time.sleep(0.05)
        assert busy is not None, "no worker was ever seen planning a city"
        os.kill(pids[busy], signal.SIGKILL)
        runner.join(timeout=300)
        assert not runner.is_alive()
        assert pids[busy] not in client.run(os.getpid).values()
        lost = [e for _, e in client.get_events(busy) if e.get("action") == "remove-worker"]
        assert lost and lost[0]["processing-tasks"], "the killed worker was planning nothing"
    plan = outcome["result"].plan
    assert check(national, plan) == []
    assert plan.to_json().encode("utf-8") == cluster_plans[2].read_bytes()


def test_a_local_cluster_listens_on_loopback_only_and_plans_without_aggressive_memory_trimming():
    with connect("local:1") as client:
        info = client.scheduler_info()
        assert info["address"].startswith("tcp://127.0.0.1:")
        assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])
        assert set(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == {None}
