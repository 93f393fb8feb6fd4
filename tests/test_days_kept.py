"""Days posted, re-planned and booked through the API are kept in the work-order store and survive a restart.

The restart is real: ``planner serve`` runs as its own process on a SQLite
file, is stopped, and a second process on the same file finds the
booking and the posted day. Retention (``PLANNER_POSTED_DAYS``) is kept in
the store too, so the oldest posted date goes with all its plan versions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from helpers_io import read_ok
from http_server import fetch, post_json, running, serving
from sqlalchemy import select
from test_workorders_serve import command

from planner.io.write import dataset_to_document, write_dataset
from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import dataset_for, import_dataset, open_database, plan_versions, save_plan
from planner.store.clock import now_in
from planner.store.models_web import PostedDayRow
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
TOKEN = "serve-store-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DATE = "2026-11-23"
SOFA_REPAIR = {
    "id": "V301",
    "lat": 39.996,
    "lon": 116.47,
    "region": "chaoyang",
    "type": "repair",
    "priority": 1,
    "required_skills": "sofa_repair:2",
    "duration_min": 60,
}


def small_document(date: str, visits: int = 8) -> dict[str, Any]:
    """The sample's first visits as a JSON dataset of ``date``."""
    sample = read_ok(SAMPLE)
    document = dataset_to_document(sample.model_copy(update={"visits": sample.visits[:visits]}))
    return {**document, "settings": {**document["settings"], "date": date}}


def served(folder: Path, *argv: str):
    """``planner serve`` of this checkout in ``folder``, running while the block runs; yields its URL."""
    return serving(command("serve", *argv, "--port", "0", "--threads", "2", cwd=folder), timeout=240)


def test_a_booking_and_a_posted_day_survive_a_restart(tmp_path: Path) -> None:
    """Served from dataset folders beside a store: what the API changed is what the restarted server shows."""
    day = tmp_path / "day"
    sample = read_ok(SAMPLE)
    write_dataset(sample.model_copy(update={"visits": sample.visits[:10]}), day)
    url_db = f"sqlite:///{tmp_path / 'kept.db'}"
    later = "2026-11-25"
    with served(tmp_path, str(day), "--db", url_db) as url:
        api = f"{url}/api/v1"
        slots = post_json(f"{api}/plans/{DATE}/slots", {"visit": SOFA_REPAIR, "days": 1}, AUTH)
        assert slots.status == 200 and slots.json()["slots"], slots.text
        booked = post_json(
            f"{api}/plans/{DATE}/bookings", {"visit": SOFA_REPAIR, "slot": slots.json()["slots"][0]}, AUTH
        )
        assert booked.status == 200 and booked.json()["stored"] is True, booked.text
        posted = post_json(f"{api}/plans", {**small_document(later), "time_limit": 1}, AUTH)
        assert posted.status == 200, posted.text
        before = fetch(f"{api}/plans/{DATE}", headers=AUTH).json()
    assert "V301" in {s["visit_id"] for r in before["routes"] for s in r["stops"]}
    with served(tmp_path, str(day), "--db", url_db) as url:
        api = f"{url}/api/v1"
        dates = fetch(f"{api}/plans", headers=AUTH).json()["dates"]
        after = fetch(f"{api}/plans/{DATE}", headers=AUTH).json()
        board = fetch(f"{url}/d/{DATE}/", headers=AUTH)
    assert dates == [later, DATE]
    assert after == before and board.status == 200


def make_app(url_db: str, **config: object):
    return create_app(
        {
            "SECRET_KEY": "test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_SOLVE_WORKERS": 0,
            "PLANNER_DATABASE_URL": url_db,
            **config,
        }
    )


def test_posted_days_beyond_the_retention_leave_the_store_oldest_first(tmp_path: Path) -> None:
    """PLANNER_POSTED_DAYS=2: the third posted date makes the first go, all its versions with it, and
    a new app on the same store lists the same dates."""
    url_db = f"sqlite:///{tmp_path / 'posted.db'}"
    start = dt.date.fromisoformat(DATE) + dt.timedelta(days=3)
    dates = [(start + dt.timedelta(days=n)).isoformat() for n in range(3)]
    with running(make_app(url_db, PLANNER_POSTED_DAYS=2)) as url:
        for date in [dates[0], dates[0], *dates[1:]]:
            assert post_json(f"{url}/api/v1/plans", {**small_document(date), "time_limit": 1}, AUTH).status == 200
        kept = fetch(f"{url}/api/v1/plans", headers=AUTH).json()["dates"]
        gone = fetch(f"{url}/api/v1/plans/{dates[0]}", headers=AUTH).status
    assert kept == [dates[2], dates[1]] and gone == 404
    db = open_database(url_db)
    try:
        assert plan_versions(db, dt.date.fromisoformat(dates[0])) == []
        with db.transaction() as session:
            counted = set(session.scalars(select(PostedDayRow.date)))
        assert counted == {dt.date.fromisoformat(dates[2]), dt.date.fromisoformat(dates[1])}
    finally:
        db.close()
    with running(make_app(url_db, PLANNER_POSTED_DAYS=2)) as url:
        assert fetch(f"{url}/api/v1/plans", headers=AUTH).json()["dates"] == kept


def test_a_post_over_the_stores_own_day_is_never_forgotten(tmp_path: Path) -> None:
    """A date planned from the store's orders stays, however many days are posted after a post over it."""
    url_db = f"sqlite:///{tmp_path / 'own.db'}"
    db = open_database(url_db)
    sample = read_ok(SAMPLE)
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:8]}), now_in("Asia/Shanghai"))
    dataset = dataset_for(db, sample.settings.date)
    save_plan(
        db, dataset, plan_day(dataset, SearchParams(time_limit=1.0)).plan, by="lead", moment=now_in("Asia/Shanghai")
    )
    db.close()
    others = [(dt.date.fromisoformat(DATE) + dt.timedelta(days=n)).isoformat() for n in (1, 2)]
    with running(make_app(url_db, PLANNER_POSTED_DAYS=1)) as url:
        for date in [DATE, *others]:
            assert post_json(f"{url}/api/v1/plans", {**small_document(date), "time_limit": 1}, AUTH).status == 200
        kept = fetch(f"{url}/api/v1/plans", headers=AUTH).json()["dates"]
    assert kept == [others[1], DATE]
    db = open_database(url_db)
    try:
        assert [v.version for v in plan_versions(db, sample.settings.date)] == [1, 2]
    finally:
        db.close()
