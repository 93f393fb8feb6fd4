"""Undo and redo on the board go on where they stood after the server restarts (the store keeps the edits)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from edit_day import DATE, find_moves, stored_day
from http_server import fetch, post_json, running

from planner.store import live_day, open_database
from planner.store.plan_edits import PlanEdit, undo_stack
from web import create_app

TOKEN = "undo-restart-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@contextmanager
def server(url: str) -> Iterator[str]:
    """A fresh app on the store: nothing of an earlier app's memory."""
    app = create_app({"SECRET_KEY": "undo-restart", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_DATABASE_URL": url})
    try:
        with running(app) as base:
            yield f"{base}/api/v1/plans/{DATE}"
    finally:
        app.extensions["planner.workorders"].close()


def placed(plan: dict) -> dict[str, str]:
    return {s["visit_id"]: r["technician_id"] for r in plan["routes"] for s in r["stops"]}


def can(base: str) -> dict[str, bool]:
    return fetch(f"{base}/edits", headers=AUTH).json()["can"]


def test_undo_and_redo_survive_restarts(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    stored_day(url)
    db = open_database(url)
    moves = find_moves(live_day(db, DATE))
    db.close()
    with server(url) as base:
        assert can(base) == {"undo": False, "redo": False}
        moved = post_json(
            f"{base}/edits", {"kind": "move", "visit_id": moves.visit_id, "technician_id": moves.qualified}, AUTH
        )
        assert moved.status == 200, moved.text
    with server(url) as base:
        assert can(base) == {"undo": True, "redo": False}
        undone = post_json(f"{base}/undo", {}, AUTH)
        assert undone.status == 200 and placed(undone.json()["plan"])[moves.visit_id] == moves.technician_before
    with server(url) as base:
        assert can(base) == {"undo": False, "redo": True}
        redone = post_json(f"{base}/redo", {}, AUTH)
        assert redone.status == 200 and placed(redone.json()["plan"])[moves.visit_id] == moves.qualified
        log = fetch(f"{base}/edits", headers=AUTH).json()["edits"]
        assert [e["kind"] for e in log] == ["edit", "undo", "redo"] and log[-1]["returns_to"] == 1


def edit(kind: str, version: int, returns_to: int | None = None) -> PlanEdit:
    import datetime as dt

    return PlanEdit(DATE, version, kind, "lead", dt.datetime(2026, 11, 23, 2), "x", "x", (), returns_to)


def test_a_re_plan_between_edits_starts_the_stack_again_from_it() -> None:
    # edit (v2), undo (v3) to the start, a re-plan from the field made v4, then an edit (v5)
    stack, position = undo_stack([edit("edit", 2), edit("undo", 3, 0), edit("edit", 5)])
    assert stack == [(0, 4), (3, 5)] and position == 1
    stack, position = undo_stack([edit("edit", 2), edit("edit", 3), edit("undo", 4, 1)])
    assert stack == [(0, 1), (1, 2), (2, 3)] and position == 1
