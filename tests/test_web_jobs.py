"""Web jobs on the engine and in the store: any app server answers for a job, a killed server loses none,
and with a cluster the searches of jobs and posted days run on it with the results of the local pool.

Real servers over real HTTP: apps on loopback ports in this process, and
``planner serve`` processes for the server that is killed. The day is the
tiny one of ``scenario_fixtures``.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from http_server import fetch, post_json, running
from scenario_fixtures import tiny_day
from test_api_scenarios import AUTH, NAMES, SCENARIOS, TOKEN, finished, start

from planner.check import check
from planner.demo_national import generate_national
from planner.io.write import dataset_to_document
from planner.plan import Plan
from web import create_app
from web.job_book import StoreJobs
from web.scenario_jobs import app_jobs
from web.store import DayStore

#: A job whose server is killed is taken over three seconds after its last heartbeat.
STALE = {"PLANNER_SCENARIO_MAX_TIME_LIMIT": "2", "PLANNER_JOB_STALE_SECONDS": "3"}
CONFIG = {
    "SECRET_KEY": "test",
    "PLANNER_API_TOKENS": [TOKEN],
    "PLANNER_SCENARIO_MAX_TIME_LIMIT": 10.0,
    "PLANNER_SOLVE_WORKERS": 0,
}


def request(**extra: Any) -> dict[str, Any]:
    return {"dataset": dataset_to_document(tiny_day()), "scenarios": SCENARIOS, "time_limit": 1, **extra}


def outcome(job: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """What a comparison found, without the seconds the searches took."""
    return [(v["name"], v["measures"], v["search"]["stopped_by"]) for v in job["result"]["variants"]]


def test_a_job_posted_to_one_server_is_followed_on_another(tmp_path: Path) -> None:
    """Two app servers on one store: the job queued on the first is answered, done, and listed by the second."""
    url_db = f"sqlite:///{tmp_path / 'jobs.db'}"
    first = create_app({**CONFIG, "PLANNER_DATABASE_URL": url_db}, DayStore())
    second = create_app({**CONFIG, "PLANNER_DATABASE_URL": url_db}, DayStore())
    assert isinstance(app_jobs(first).book, StoreJobs)
    with running(first) as one, running(second) as two:
        status_url = start(one, request())
        job = finished(two, status_url)
        assert job["status"] == "done" and [v["name"] for v in job["result"]["variants"]] == NAMES
        assert job["result"]["violations"] == []
        assert finished(one, status_url) == job
        listing = fetch(f"{two}/scenarios/", headers=AUTH).text
        assert f'href="{job["report_url"]}"' in listing
        assert fetch(f"{two}/api/v1/scenarios/jobs/0123456789abcdef", headers=AUTH).status == 404


def serve(url_db: str, key: str | None = None, **environ: str) -> tuple[subprocess.Popen[str], str]:
    """``planner serve --db`` as its own process (API token ``TOKEN``), and its address once it listens."""
    env = {
        **os.environ,
        "PLANNER_API_TOKENS": TOKEN,
        "PLANNER_SECRET_KEY": key or secrets.token_urlsafe(32),
        "PLANNER_SOLVE_WORKERS": "0",
        "PLANNER_USERS": "",
        **environ,
    }
    env.pop("PLANNER_CLUSTER", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "planner_cli", "serve", "--db", url_db, "--port", "0", "--threads", "8"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("serving on "):
            return process, line.split()[2].rstrip("/")
    process.kill()
    raise AssertionError("planner serve did not start")


def test_a_job_whose_server_is_killed_is_solved_by_the_restarted_server(tmp_path: Path) -> None:
    """SIGKILL while the job runs: the next server takes it over once its heartbeat is stale, and solves it whole."""
    url_db = f"sqlite:///{tmp_path / 'jobs.db'}"
    process, base = serve(url_db, **STALE)
    try:
        status_url = start(base, request(time_limit=2))
        deadline = time.monotonic() + 60
        while fetch(base + status_url, headers=AUTH).json()["status"] != "running":
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    restarted, again = serve(url_db, **STALE)
    try:
        job = finished(again, status_url, within=120)
    finally:
        restarted.terminate()
        restarted.wait(timeout=20)
    assert job["status"] == "done", job
    assert [v["name"] for v in job["result"]["variants"]] == NAMES and job["result"]["violations"] == []
    assert job["progress"]["done"] == job["progress"]["total"]


def test_jobs_and_posted_days_on_a_local_cluster_give_the_local_results() -> None:
    """With PLANNER_CLUSTER=local:2 a scenario job's searches and a posted national day are planned on the cluster.

    The base's search gets ten seconds, so that it ends by its work limit even on a busy machine: its
    plan is then the same wherever it is computed. Variants start from the base plan and search until
    their time cap (their figures depend on the machine's speed), so of them the test asks the same
    days, every plan checked.
    """
    local = create_app(CONFIG, DayStore())
    on_cluster = create_app({**CONFIG, "PLANNER_CLUSTER": "local:2"}, DayStore())
    national = generate_national(2, 20, seed=3)
    with running(local) as here, running(on_cluster) as there:
        expected = finished(here, start(here, request(time_limit=10)), within=300)
        job = finished(there, start(there, request(time_limit=10)), within=300)
        assert job["status"] == "done" and job["result"]["violations"] == []
        assert outcome(job)[0] == outcome(expected)[0] and outcome(job)[0][2] == "work_limit"
        assert [(name, measures["headcount"], measures["visits_total"]) for name, measures, _ in outcome(job)] == [
            (name, measures["headcount"], measures["visits_total"]) for name, measures, _ in outcome(expected)
        ]
        reply = post_json(f"{there}/api/v1/plans", {**dataset_to_document(national), "time_limit": 5}, AUTH)
        assert reply.status == 200, reply.text
    plan = Plan.model_validate(reply.json())
    assert check(national, plan) == []
    assert plan.kpis["visits_total"] == len(national.visits)
    assert {r.technician_id[:2] for r in plan.routes} == {"BJ", "SH"}


def test_planner_scenarios_fans_its_searches_out_on_a_local_cluster(tmp_path: Path) -> None:
    """``planner scenarios --cluster local:2``: a report of every variant, every plan checked, the base as the pool's."""
    from test_scenarios_cli import ONE_VARIANT, SAMPLE, scenarios

    (tmp_path / "two.yaml").write_text(
        ONE_VARIANT + "sweeps:\n  - {name: more, like: T03, from: 0, to: 1}\n", encoding="utf-8"
    )
    common = (str(SAMPLE), str(tmp_path / "two.yaml"), "--time-limit", "10", "--no-advice")
    assert scenarios(*common, "--out", str(tmp_path / "here"), "--workers", "1") == 0
    assert scenarios(*common, "--out", str(tmp_path / "there"), "--cluster", "local:2") == 0
    here, there = (
        json.loads((tmp_path / name / "comparison.json").read_text(encoding="utf-8")) for name in ("here", "there")
    )
    assert (
        [v["name"] for v in there["variants"]]
        == [v["name"] for v in here["variants"]]
        == ["base", "plus_t04", "more_0", "more_1"]
    )
    assert there["violations"] == [] and there["variants"][0]["search"]["stopped_by"] == "work_limit"
    assert there["variants"][0]["measures"] == here["variants"][0]["measures"]
    assert scenarios(*common, "--out", str(tmp_path / "bad"), "--cluster", "local:0") == 2
    assert not (tmp_path / "bad").exists()
