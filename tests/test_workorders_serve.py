"""``planner serve`` on the store, and an import killed half-way, as real processes."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers_io import read_ok
from http_server import fetch, post_json, serving

from planner.demo import generate_day
from planner.io.write import write_dataset
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import dataset_for, import_dataset, open_database, plan_versions, save_plan
from planner.store.clock import now_in
from planner.store.models import Base

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
TOKEN = "serve-store-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def command(*argv: str, cwd: Path) -> subprocess.Popen[str]:
    """``python -m planner_cli ...`` of this checkout, run in ``cwd``."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PLANNER_API_TOKENS": TOKEN,
        "PLANNER_SECRET_KEY": secrets.token_urlsafe(32),
    }
    env.pop("PLANNER_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "planner_cli", *argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_without_a_source_serves_the_store_in_the_working_folder(tmp_path: Path) -> None:
    """planner.db here, imported and planned: the served app lists its day and takes statuses."""
    sample = read_ok(SAMPLE)
    db = open_database(f"sqlite:///{tmp_path / 'planner.db'}")
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:10]}), now_in("Asia/Shanghai"))
    dataset = dataset_for(db, sample.settings.date)
    plan = plan_day(dataset, SearchParams(time_limit=1.0)).plan
    save_plan(db, dataset, plan, by="lead", moment=now_in("Asia/Shanghai"))
    db.close()
    visit_id = next(route.stops[0].visit_id for route in plan.routes if route.stops)
    with serving(command("serve", "--port", "0", "--threads", "2", cwd=tmp_path), timeout=90) as url:
        assert fetch(f"{url}/api/v1/plans", headers=AUTH).json() == {"dates": ["2026-11-23"]}
        reply = post_json(f"{url}/api/v1/visits/{visit_id}/status", {"status": "en_route", "client_id": "s1"}, AUTH)
        assert reply.status == 200 and reply.json()["status"] == "en_route"
        assert fetch(f"{url}/d/2026-11-23/", headers=AUTH).status == 200


def test_serve_plans_the_imported_day_when_nothing_is_planned(tmp_path: Path) -> None:
    """planner import, then planner serve: the board of the imported date is there, as plan version 1."""
    small = tmp_path / "small"
    sample = read_ok(SAMPLE)
    write_dataset(sample.model_copy(update={"visits": sample.visits[:8]}), small)
    first = command("import", str(small), cwd=tmp_path)
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    with serving(command("serve", "--port", "0", "--threads", "2", cwd=tmp_path), timeout=120) as url:
        assert fetch(f"{url}/api/v1/plans", headers=AUTH).json() == {"dates": ["2026-11-23"]}
        assert fetch(f"{url}/d/2026-11-23/", headers=AUTH).status == 200
    db = open_database(f"sqlite:///{tmp_path / 'planner.db'}")
    try:
        versions = plan_versions(db, sample.settings.date)
        assert [(v.version, v.made_by, v.live) for v in versions] == [(1, "planner serve", True)]
    finally:
        db.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in Base.metadata.tables
        }


def writer_busy(path: Path) -> bool:
    """True while another process holds the store's write lock (an import's transaction is open)."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def test_an_import_killed_half_way_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """kill -9 while the import's transaction is open: every table holds exactly what it held before."""
    big = write_dataset(generate_day(4000, 60, 7), tmp_path / "big")
    store = tmp_path / "planner.db"
    first = command("import", str(SAMPLE), cwd=tmp_path)
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    before = rows(store)
    process = command("import", str(big), cwd=tmp_path)
    busy_since = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if writer_busy(store):
            busy_since = busy_since or time.monotonic()
            if time.monotonic() - busy_since > 0.3:  # past the migrations' short check: the import itself
                process.kill()
                break
        else:
            busy_since = None
        time.sleep(0.02)
    assert process.wait(timeout=30) == -9, "the import ended before it could be killed"
    assert rows(store) == before
