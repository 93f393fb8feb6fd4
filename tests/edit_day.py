"""A small stored day for the board's edit tests: 14 sample visits on the whole team, kept in a SQLite store.

With room in everyone's day, a move to a qualified technician fits, so a
test can find one (``planner.edits`` decides, nothing is assumed), and
a move to someone without the skill is refused by the rules alone.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers_io import read_ok
from sqlalchemy import select

from planner.check import check
from planner.edits import Edit, apply_edit
from planner.io import dataset_from_document
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import Database, StoredDay, dataset_for, import_dataset, live_day, open_database, save_plan
from planner.store.clock import now_in
from planner.store.models import PlanRow
from web.store import Day

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
DATE = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class Moves:
    """A planned visit, someone the rules allow it to move to, and someone who lacks a skill it needs."""

    visit_id: str
    technician_before: str
    qualified: str
    unqualified: str
    skill: str
    level: int


def stored_day(url: str) -> Day:
    """Import the small day into the store at ``url``, plan it, keep the plan as version 1."""
    sample = read_ok(SAMPLE)
    db = open_database(url)
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:14]}), now_in("Asia/Shanghai"))
    dataset = dataset_for(db, DATE)
    plan = plan_day(dataset, SearchParams(time_limit=2.0, seed=0)).plan
    save_plan(db, dataset, plan, by="lead", moment=now_in("Asia/Shanghai"))
    stored = live_day(db, DATE)
    assert stored is not None
    db.close()
    return Day(stored.dataset, stored.plan)


def find_moves(day: Day | StoredDay | None) -> Moves:
    """The first unlocked planned visit with both kinds of move, as the edit rules judge them."""
    assert day is not None, "the day has no live plan"
    ds = day.dataset
    for route in day.plan.routes:
        for stop in route.stops:
            visit = ds.visit(stop.visit_id)
            if visit.pinned_technician:
                continue
            lacking = [t for t in ds.technicians if not t.qualifies(visit.required_skills)]
            able = [
                t
                for t in ds.technicians
                if t.id != route.technician_id and apply_edit(ds, day.plan, Edit("move", visit.id, t.id)).allowed
            ]
            if lacking and able:
                skill, level = next((s, n) for s, n in visit.required_skills.items() if lacking[0].level(s) < n)
                return Moves(visit.id, route.technician_id, able[0].id, lacking[0].id, skill, level)
    raise AssertionError("the small day has no visit with both an allowed and a refused move")


def every_version_checks(db: Database, folder: Path) -> int:
    """Every plan version of the date, as kept in the store, passes the checker; the newest also ``planner check``.

    The newest is written out as the dataset and plan it was saved with,
    and the command must find no broken rule (exit code 0). Returns the
    number of versions checked.
    """
    with db.transaction() as session:
        rows = [
            (row.version, row.dataset, row.plan)
            for row in session.scalars(select(PlanRow).where(PlanRow.date == DATE).order_by(PlanRow.version))
        ]
    for version, dataset, plan in rows:
        loaded = dataset_from_document(dataset).dataset
        assert loaded is not None and check(loaded, plan) == [], f"version {version} breaks a rule"
    version, dataset, plan = rows[-1]
    dataset_file, plan_file = folder / f"v{version}-dataset.json", folder / f"v{version}-plan.json"
    dataset_file.write_text(json.dumps(dataset, ensure_ascii=False), encoding="utf-8")
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "planner_cli", "check", str(dataset_file), str(plan_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"version {version}: {done.stdout}{done.stderr}"
    return len(rows)
