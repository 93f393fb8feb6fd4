"""``planner plan --date D`` (and ``--days N``) on the work-order store, with a local cluster started by the
test: the stored day fans out by city, the merged plan is the date's live version, one worker or two give the
same plan, and the next day's run keeps the dates the store's proposals gave."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from horizon_told import kept_and_moved
from workorder_db import fresh_url

from planner.check import check
from planner.cluster import components
from planner.demo import DEFAULT_DATE
from planner.demo_national import generate_national
from planner.eligibility import eligibility
from planner.horizon.output import HorizonPlan
from planner.horizon.vehicles import with_days
from planner.io.write import write_dataset
from planner.plan import Plan
from planner.store import dataset_for, live_day, open_database
from planner_cli.main import main

CITIES, VISITS = 2, 15
TUESDAY = DEFAULT_DATE + dt.timedelta(days=1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_dataset(generate_national(CITIES, VISITS, seed=4), tmp_path_factory.mktemp("national") / "day")


def _plan(store_url, date: dt.date, out, *extra) -> int:
    return main(["plan", "--db", store_url, "--date", date.isoformat(), "--out", str(out), "--lang", "en", *extra])


def test_a_stored_day_fans_out_by_city_and_is_kept_as_the_live_plan(folder, store_url, tmp_path, capsys):
    assert main(["import", str(folder), "--db", store_url]) == 0
    db = open_database(store_url)
    try:
        dataset = dataset_for(db, DEFAULT_DATE)
    finally:
        db.close()
    parts = len(components(dataset, eligibility(dataset)))
    assert parts >= CITIES
    capsys.readouterr()
    out = tmp_path / "plan.json"
    assert _plan(store_url, DEFAULT_DATE, out, "--cluster", "local:2") == 0
    told = capsys.readouterr().out
    assert f"planned in {parts} independent parts on local:2 (2 workers)" in told
    assert f"plan version 1 of {DEFAULT_DATE} is live in the store" in told
    plan = Plan.from_json(out.read_text(encoding="utf-8"))
    db = open_database(store_url)
    try:
        stored = live_day(db, DEFAULT_DATE)
    finally:
        db.close()
    assert stored is not None and stored.plan.routes == plan.routes
    assert check(stored.dataset, stored.plan) == []
    assert {r.technician_id.split("-")[0] for r in plan.routes} == {"BJ", "SH"}
    # The same day in another store, planned on one worker: the same bytes.
    other = fresh_url("sqlite", tmp_path)
    assert main(["import", str(folder), "--db", other]) == 0
    alone = tmp_path / "alone.json"
    assert _plan(other, DEFAULT_DATE, alone, "--cluster", "local:1") == 0
    assert alone.read_bytes() == out.read_bytes()


def test_a_stored_horizon_fans_out_and_the_next_day_keeps_its_proposals(folder, store_url, tmp_path, capsys):
    assert main(["import", str(folder), "--db", store_url]) == 0
    first = tmp_path / "monday.json"
    assert _plan(store_url, DEFAULT_DATE, first, "--days", "2", "--cluster", "local:2") == 0
    told = capsys.readouterr().out
    assert re.search(r"planned in \d+ independent parts on local:2 \(2 workers\)", told)
    assert f"{DEFAULT_DATE} v1, {TUESDAY} v1" in told
    monday = HorizonPlan.from_json(first.read_text(encoding="utf-8"))
    db = open_database(store_url)
    try:
        assert check(with_days(dataset_for(db, DEFAULT_DATE), 2), monday) == []
    finally:
        db.close()
    before = {s.visit_id: day.date for day in monday.days[1:] for r in day.routes for s in r.stops}
    assert before, "the first run proposed nothing for the second day"
    second = tmp_path / "tuesday.json"
    assert _plan(store_url, TUESDAY, second, "--days", "2", "--cluster", "local:1") == 0
    told = capsys.readouterr().out
    assert "independent parts on local:1 (1 workers)" in told
    kept, moved = kept_and_moved(told)
    tuesday = HorizonPlan.from_json(second.read_text(encoding="utf-8"))
    after = {s.visit_id: day.date for day in tuesday.days for r in day.routes for s in r.stops}
    unchanged = sum(after.get(visit) == date for visit, date in before.items())
    assert kept + moved == len(before) and kept == unchanged and kept > moved
    assert (tuesday.kpis["proposals_kept"], tuesday.kpis["proposals_moved"]) == (kept, moved)
    db = open_database(store_url)
    try:
        assert check(with_days(dataset_for(db, TUESDAY), 2), tuesday) == []
    finally:
        db.close()
