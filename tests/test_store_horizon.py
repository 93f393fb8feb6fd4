"""``planner plan --date D --days N`` on the work-order store (SQLite and PostgreSQL): the first day firm,
later days kept as proposals, and the next run keeps the dates it was given unless there is a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_io import read_ok
from horizon_told import kept_and_moved

from planner.check import check
from planner.horizon.output import HorizonPlan
from planner.horizon.vehicles import with_days
from planner.store import dataset_for, live_day, open_database, order
from planner_cli.main import main

WEEK = Path(__file__).resolve().parents[1] / "data" / "sample-week"
MONDAY = dt.date(2026, 11, 23)


def plan_three_days(store_url: str, date: str, out: Path) -> int:
    """``planner plan --db URL --date DATE --days 3 --out OUT`` with a short search; its exit code."""
    return main(["plan", "--db", store_url, "--date", date, "--days", "3", "--out", str(out), "--time-limit", "5"])


def test_a_week_from_the_store_is_checked_kept_per_date_and_only_the_first_day_planned(
    store_url, tmp_path, capsys
) -> None:
    assert main(["import", str(WEEK), "--db", store_url]) == 0
    out = tmp_path / "plan.json"
    assert plan_three_days(store_url, MONDAY.isoformat(), out) == 0
    told = capsys.readouterr().out
    assert "2026-11-23 v1, 2026-11-24 v1, 2026-11-25 v1" in told
    plan = HorizonPlan.from_json(out.read_text(encoding="utf-8"))
    assert [d.date for d in plan.days] == [MONDAY + dt.timedelta(days=d) for d in range(3)]
    db = open_database(store_url)
    try:
        dataset = with_days(dataset_for(db, MONDAY), 3)
        assert check(dataset, plan) == []
        # The technicians' work phones came through the store (crew partners call them).
        assert {t.id: t.phone for t in dataset.technicians} == {t.id: t.phone for t in read_ok(WEEK).technicians}
        for index, day in enumerate(plan.days):
            stored = live_day(db, day.date)
            assert stored is not None and stored.plan.routes == day.routes
            assert check(stored.dataset, stored.plan) == []
            statuses = {order(db, s.visit_id).status for r in day.routes for s in r.stops}
            assert statuses == ({"planned"} if index == 0 else {"open"}), (day.date, statuses)
    finally:
        db.close()


def test_the_next_days_run_keeps_the_stored_proposals(store_url, tmp_path, capsys) -> None:
    assert main(["import", str(WEEK), "--db", store_url]) == 0
    first = tmp_path / "monday.json"
    assert plan_three_days(store_url, MONDAY.isoformat(), first) == 0
    monday = HorizonPlan.from_json(first.read_text(encoding="utf-8"))
    proposed = {s.visit_id for day in monday.days[1:] for r in day.routes for s in r.stops}
    capsys.readouterr()
    second = tmp_path / "tuesday.json"
    assert plan_three_days(store_url, "2026-11-24", second) == 0
    told = capsys.readouterr().out
    kept, moved = kept_and_moved(told)
    assert kept + moved == len(proposed) and kept > moved
    tuesday = HorizonPlan.from_json(second.read_text(encoding="utf-8"))
    before = {s.visit_id: day.date for day in monday.days[1:] for r in day.routes for s in r.stops}
    after = {s.visit_id: day.date for day in tuesday.days for r in day.routes for s in r.stops}
    unchanged = sum(after.get(visit) == date for visit, date in before.items())
    assert kept == unchanged and kept + moved == len(before) and unchanged > len(before) // 2


def test_previous_is_refused_with_the_store(store_url, tmp_path, capsys) -> None:
    assert (
        main(
            [
                "plan",
                "--db",
                store_url,
                "--date",
                MONDAY.isoformat(),
                "--previous",
                str(tmp_path / "x.json"),
                "--out",
                str(tmp_path / "p.json"),
            ]
        )
        == 2
    )
    assert "the store keeps the dates proposed before" in capsys.readouterr().err
