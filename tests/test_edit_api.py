"""Editing a stored day over real HTTP: checked edits, plan versions with who made them, undo/redo, re-optimise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from builders import stops_of
from edit_day import DATE, find_moves, stored_day
from http_server import fetch, post_json, running

from planner.check import check
from planner.store import live_day, open_database, plan_versions
from planner.store.plan_edits import plan_edits
from web import create_app

TOKEN = "edit-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, Any]]:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    stored_day(url)
    app = create_app(
        {
            "SECRET_KEY": "edit-test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_DATABASE_URL": url,
            "PLANNER_MAX_TIME_LIMIT": 5.0,
        }
    )
    db = open_database(url)
    with running(app) as base:
        yield f"{base}/api/v1/plans/{DATE}", db
    db.close()
    app.extensions["planner.workorders"].close()


def conforms(base: str, name: str, body: Any) -> None:
    """Fail unless ``body`` fits the named component of the live OpenAPI document."""
    document = fetch(base.split("/plans/")[0] + "/openapi.json").json()
    jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}", **document}).validate(body)


def placed(plan: dict[str, Any]) -> dict[str, str]:
    return {s["visit_id"]: r["technician_id"] for r in plan["routes"] for s in r["stops"]}


def test_a_move_to_someone_without_the_skill_is_refused_in_words_and_nothing_is_kept(served) -> None:
    base, db = served
    day = live_day(db, DATE)
    assert day is not None
    moves = find_moves(day)
    reply = post_json(
        f"{base}/edits", {"kind": "move", "visit_id": moves.visit_id, "technician_id": moves.unqualified}, AUTH
    )
    assert reply.status == 409
    body = reply.json()
    name = day.dataset.technician(moves.unqualified).name
    skills = [b for b in body["broken"] if b["rule"] == "skills"]
    assert skills and name in skills[0]["zh"] and day.dataset.skill_name(moves.skill) in skills[0]["zh"]
    assert f"level {moves.level}" in skills[0]["en"]
    assert len(plan_versions(db, DATE)) == 1
    conforms(base, "EditRefused", body)


def test_a_move_the_rules_allow_is_a_new_version_by_its_maker_and_undo_redo_are_versions_too(served) -> None:
    base, db = served
    before = live_day(db, DATE)
    assert before is not None
    moves = find_moves(before)
    reply = post_json(
        f"{base}/edits", {"kind": "move", "visit_id": moves.visit_id, "technician_id": moves.qualified}, AUTH
    )
    assert reply.status == 200, reply.text
    body = reply.json()
    assert body["saved"] and placed(body["plan"])[moves.visit_id] == moves.qualified
    assert body["can"] == {"undo": True, "redo": False}
    versions = plan_versions(db, DATE)
    assert [v.version for v in versions] == [1, 2] and versions[-1].made_by == "api-token" and versions[-1].live
    after = live_day(db, DATE)
    assert after is not None
    assert check(after.dataset, after.plan) == []
    assert before.dataset.technician(moves.qualified).name in body["edit"]["what"]["zh"]

    undone = post_json(f"{base}/undo", {}, AUTH)
    assert undone.status == 200 and placed(undone.json()["plan"])[moves.visit_id] == moves.technician_before
    undone_day = live_day(db, DATE)
    assert undone_day is not None and undone_day.plan == before.plan
    redone = post_json(f"{base}/redo", {}, AUTH)
    assert redone.status == 200 and placed(redone.json()["plan"])[moves.visit_id] == moves.qualified
    assert post_json(f"{base}/redo", {}, AUTH).status == 409
    assert [v.version for v in plan_versions(db, DATE)] == [1, 2, 3, 4]
    log = fetch(f"{base}/edits", headers=AUTH).json()
    assert [e["kind"] for e in log["edits"]] == ["edit", "undo", "redo"]
    assert log["edits"][1]["returns_to"] == 0 and all(e["by"] == "api-token" for e in log["edits"])
    conforms(base, "Edited", body)
    conforms(base, "EditStep", undone.json())
    conforms(base, "EditLog", log)
    kept = plan_edits(db, DATE)
    assert [(e.kind, e.version, e.returns_to, e.made_by) for e in kept] == [
        ("edit", 2, None, "api-token"),
        ("undo", 3, 0, "api-token"),
        ("redo", 4, 1, "api-token"),
    ]
    assert kept[0].what_zh == log["edits"][0]["what"]["zh"] and moves.qualified in kept[0].technicians
    assert [e.kind for e in plan_edits(db, DATE, moves.technician_before)] == ["edit", "undo", "redo"]


def test_a_malformed_edit_lists_every_problem(served) -> None:
    base, db = served
    body = {"kind": "teleport", "position": -1, "start": "25:00", "technician_id": "T\t01"}
    reply = post_json(f"{base}/edits", body, AUTH)
    assert reply.status == 422
    problems = {p["column"]: p["message"] for p in reply.json()["problems"]}
    assert {"kind", "visit_id", "position", "start", "technician_id"} <= set(problems)
    assert problems["technician_id"].startswith("technician_id T\\t01 holds a tab (U+0009)")
    assert post_json(f"{base}/edits", {"kind": "unassign", "visit_id": "NOPE"}, AUTH).status == 422
    assert post_json(f"{base}/edits", {"kind": "unassign", "visit_id": "V001"}).status in (401, 403)
    assert len(plan_versions(db, DATE)) == 1


def test_reoptimise_keeps_the_locked_visit_and_publishes_only_when_confirmed(served) -> None:
    base, db = served
    day = live_day(db, DATE)
    assert day is not None
    moves = find_moves(day)
    locked = post_json(
        f"{base}/edits", {"kind": "lock", "visit_id": moves.visit_id, "technician_id": moves.qualified}, AUTH
    )
    assert locked.status == 200, locked.text
    out = next(
        s.visit_id
        for r in day.plan.routes
        for s in r.stops
        if s.visit_id != moves.visit_id and not day.dataset.visit(s.visit_id).pinned_technician
    )
    assert post_json(f"{base}/edits", {"kind": "unassign", "visit_id": out}, AUTH).status == 200
    versions = len(plan_versions(db, DATE))

    proposed = post_json(f"{base}/reoptimise", {"at": "00:00", "seed": 1}, AUTH)
    assert proposed.status == 200, proposed.text
    body = proposed.json()
    assert not body["published"] and len(plan_versions(db, DATE)) == versions
    assert out in placed(body["plan"]) and placed(body["plan"])[moves.visit_id] == moves.qualified
    assert out in {c["visit_id"] for c in body["changes"]["changes"]}
    conforms(base, "Reoptimised", body)

    published = post_json(f"{base}/reoptimise", {"confirm": body["proposal"]}, AUTH)
    assert published.status == 200 and published.json()["published"]
    conforms(base, "Reoptimised", published.json())
    live = live_day(db, DATE)
    assert live is not None
    assert len(plan_versions(db, DATE)) == versions + 1
    assert live.plan.route_of(moves.qualified) and moves.visit_id in {
        s.visit_id for s in stops_of(live.plan, moves.qualified)
    }
    assert live.dataset.visit(moves.visit_id).pinned_technician == moves.qualified
    assert check(live.dataset, live.plan) == []
    assert post_json(f"{base}/reoptimise", {"confirm": body["proposal"]}, AUTH).status == 409


def test_an_urgent_visit_is_booked_into_a_proposed_slot_and_recorded(served) -> None:
    base, db = served
    visit = {
        "id": "U101",
        "lat": 39.9335,
        "lon": 116.4452,
        "region": "chaoyang",
        "type": "complaint",
        "priority": 1,
        "required_skills": "sofa_repair:2",
        "duration_min": 60,
    }
    slots = post_json(f"{base}/slots", {"visit": visit, "days": 1}, AUTH)
    assert slots.status == 200, slots.text
    offered = slots.json()["slots"]
    assert offered
    booked = post_json(f"{base}/urgent", {"visit": visit, "slot": offered[0]}, AUTH)
    assert booked.status == 200, booked.text
    body = booked.json()
    conforms(base, "UrgentBooked", body)
    assert placed(body["plan"])["U101"] == offered[0]["technician_id"]
    assert body["edit"]["kind"] == "urgent" and offered[0]["technician_id"] in body["edit"]["technicians"]
    live = live_day(db, DATE)
    assert live is not None
    assert "U101" in {s.visit_id for r in live.plan.routes for s in r.stops}
    assert check(live.dataset, live.plan) == []
    assert len(plan_versions(db, DATE)) == 2
    again = post_json(f"{base}/urgent", {"visit": visit, "slot": offered[0]}, AUTH)
    assert again.status == 422 and len(plan_versions(db, DATE)) == 2
