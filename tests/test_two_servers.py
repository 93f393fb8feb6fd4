"""Two ``planner serve`` processes behind one address, on one real PostgreSQL: no update is lost.

Each server is its own process on its own loopback port, sharing nothing
but the store (and the key). Status reports and board edits are sent to
both at once: every change answered 200 is in the store afterwards, and a
change made from a state another change already replaced is answered 409
instead of being written over it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from edit_day import DATE, every_version_checks, stored_day
from http_server import Reply, fetch, post_json
from test_web_jobs import AUTH, serve
from workorder_db import empty_postgres

from planner.edits import Edit, apply_edit
from planner.store import StalePlan, live_day, open_database, plan_versions, save_plan
from planner.store.clock import now_in


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str, str]]:
    """The store's URL and the two servers' addresses, on a stored, planned day."""
    url_db = empty_postgres()
    stored_day(url_db)
    key = secrets.token_urlsafe(32)
    started = [serve(url_db, key), serve(url_db, key)]
    try:
        yield url_db, started[0][1], started[1][1]
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(timeout=20)


def at_once(calls: list[tuple[str, dict[str, Any]]]) -> list[Reply]:
    """POST every (url, body) at the same time."""
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: post_json(call[0], call[1], AUTH), calls))


def test_status_reports_on_both_servers_keep_one_change_per_version(servers: tuple[str, str, str]) -> None:
    """The same order reported on both servers from one version: one is kept, the other is 409, for every order."""
    _, one, two = servers
    live = live_day(open_database(servers[0]), DATE)
    assert live is not None
    routed = [stop.visit_id for route in live.plan.routes for stop in route.stops][:6]
    versions = {v: fetch(f"{one}/api/v1/visits/{v}", headers=AUTH).json()["version"] for v in routed}
    calls = [
        (f"{base}/api/v1/visits/{v}/status", {"status": "en_route", "version": versions[v], "client_id": f"{name}-{v}"})
        for v in routed
        for name, base in (("one", one), ("two", two))
    ]
    replies = at_once(calls)
    for index, visit_id in enumerate(routed):
        pair = replies[2 * index : 2 * index + 2]
        assert sorted(r.status for r in pair) == [200, 409], [r.text for r in pair]
        refused = next(r for r in pair if r.status == 409).json()
        assert refused["error"] in ("stale_version", "status_not_allowed") and refused["message_zh"]
        state = fetch(f"{two}/api/v1/visits/{visit_id}", headers=AUTH).json()
        assert state["status"] == "en_route" and state["version"] == versions[visit_id] + 1
        assert [h["status"] for h in state["history"]].count("en_route") == 1


def allowed_moves(url_db: str, count: int) -> list[tuple[str, str]]:
    """Moves of different visits to other technicians, each allowed on the live plan."""
    day = live_day(open_database(url_db), DATE)
    assert day is not None
    found: list[tuple[str, str]] = []
    for route in day.plan.routes:
        for stop in route.stops:
            to = next(
                (
                    t.id
                    for t in day.dataset.technicians
                    if t.id != route.technician_id
                    and apply_edit(day.dataset, day.plan, Edit("move", stop.visit_id, t.id)).allowed
                ),
                None,
            )
            if to is not None and not day.dataset.visit(stop.visit_id).pinned_technician:
                found.append((stop.visit_id, to))
    assert len(found) >= count, found
    return found[:count]


def test_board_edits_on_both_servers_are_never_written_over(servers: tuple[str, str, str], tmp_path: Path) -> None:
    """Moves sent to both servers at once: each is kept on top of the others, or refused (409) with nothing kept."""
    url_db, one, two = servers
    before = len(plan_versions(open_database(url_db), DATE))
    moves = allowed_moves(url_db, 8)
    calls = [
        (f"{(one, two)[i % 2]}/api/v1/plans/{DATE}/edits", {"kind": "move", "visit_id": visit_id, "technician_id": to})
        for i, (visit_id, to) in enumerate(moves)
    ]
    replies = at_once(calls)
    assert all(r.status in (200, 409) for r in replies), [r.text for r in replies]
    kept = [move for move, reply in zip(moves, replies) if reply.status == 200]
    refused = [reply.json()["error"] for reply in replies if reply.status == 409]
    assert kept and set(refused) <= {"stale_plan", "rules_broken"}
    live = live_day(open_database(url_db), DATE)
    assert live is not None
    where = {stop.visit_id: route.technician_id for route in live.plan.routes for stop in route.stops}
    assert [(v, where.get(v)) for v, _ in kept] == kept
    assert len(plan_versions(open_database(url_db), DATE)) == before + len(kept)
    assert every_version_checks(open_database(url_db), tmp_path) == before + len(kept)


def test_a_change_from_an_old_version_is_refused_by_the_store() -> None:
    """save_plan from version N after N+1 became live: StalePlan, nothing kept."""
    url_db = empty_postgres()
    stored_day(url_db)
    db = open_database(url_db)
    live = live_day(db, DATE)
    assert live is not None
    save_plan(db, live.dataset, live.plan, by="one", moment=now_in("Asia/Shanghai"), based_on=live.version.version)
    with pytest.raises(StalePlan) as stale:
        save_plan(db, live.dataset, live.plan, by="two", moment=now_in("Asia/Shanghai"), based_on=live.version.version)
    assert stale.value.current == live.version.version + 1
    assert [v.version for v in plan_versions(db, DATE)] == [1, 2]
    db.close()
