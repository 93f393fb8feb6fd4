"""Edit a stored day from the dispatch board: one change at a time, undo and redo, re-optimise the rest, insert urgent work.

Each edit is checked at once (``planner.edits``): a broken hard rule
answers 409 with the rule in words and nothing is kept; otherwise the
new plan is kept as a new version of the day and recorded (who, when,
what) in the app's edit log (``web.edit_log``), with any soft worsening
reported. Undo and redo keep the earlier or later plan as one more
version. Re-optimising is two calls: the first plans everything not
locked and not started and answers the changes and the customers to
call; only the second, naming that proposal, publishes it, and only when
the day has not changed in between. They share the day module's lock, so
an edit never lands between another request's reading and storing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response

from planner.edit_words import Words
from planner.edits import KINDS, Edit, Edited, EditError, apply_edit
from planner.io.cells import control_refusal, show
from planner.problems import Problem, errors
from planner.replan import Events, replan, replan_params
from planner.slots import book
from planner.store.clock import now_in
from web.api.blueprint import bp
from web.api.body import time_limits
from web.api.day import (
    _CHANGING,
    REQUEST,
    SLOT,
    clock,
    invalid,
    new_visit,
    passes_check,
    plan_object,
    read_choice,
    request_body,
    search_options,
    served,
    server_error,
    still_fits,
    stored_day,
)
from web.api.replies import error_response, json_response
from web.auth import staff_login, staff_required
from web.current import get_store
from web.edit_log import Proposal, edit_log, remember
from web.solving import solve_queue
from web.store import Day

EDIT_KEYS = ("kind", "visit_id", "technician_id", "position", "start", "other_visit_id", "dry_run")
REOPTIMISE_KEYS = ("at", "time_limit", "seed", "confirm")
URGENT_KEYS = ("visit", "slot")


def _text(body: dict[str, Any], key: str, problems: list[Problem], required: bool = False) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        problems.append(Problem(REQUEST, None, key, f"{key} must be an id written as text"))
        return None
    if refusal := control_refusal(value, "an id"):
        problems.append(Problem(REQUEST, None, key, f"{key} {show(value)} {refusal}"))
        return None
    return value


def read_edit(body: dict[str, Any], problems: list[Problem]) -> Edit | None:
    """The edit the body asks for; every malformed key is a problem of the request."""
    kind = body.get("kind")
    if kind not in KINDS:
        problems.append(Problem(REQUEST, None, "kind", f"kind must be one of {', '.join(KINDS)}"))
    visit_id = _text(body, "visit_id", problems, required=True)
    technician_id = _text(body, "technician_id", problems)
    other = _text(body, "other_visit_id", problems, required=kind == "swap")
    position = body.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool) or position < 0):
        problems.append(Problem(REQUEST, None, "position", "position must be a whole number from 0 (first)"))
    start = None if body.get("start") is None else clock(body["start"], REQUEST, "start", problems)
    if kind in ("move", "assign") and technician_id is None:
        problems.append(Problem(REQUEST, None, "technician_id", f"a {kind} needs technician_id"))
    if errors(problems) or visit_id is None:
        return None
    return Edit(str(kind), visit_id, technician_id, position, start, other)


def _now(day: Day) -> dt.datetime:
    return now_in(day.dataset.settings.timezone)


def _words(items: tuple[Words, ...], violations=()) -> list[dict[str, str]]:
    rules = [v.rule for v in violations] or [None] * len(items)
    return [w.as_dict(rule) for w, rule in zip(items, rules)]


def _keep(live: Day, new: Day, kind: str, what: Words, technicians: tuple[str, ...]) -> dict[str, Any]:
    """Put the new day in the store as a new version and record the change; the answer's common part."""
    get_store().put(new, based_on=live)
    entry = edit_log().record(live, new, kind, staff_login(), _now(live), what, technicians)
    remember(entry, new.plan.date)
    return {"edit": entry.as_dict(), "plan": plan_object(new.plan), "can": edit_log().can(new)}


def _refused(edited: Edited) -> Response:
    first = edited.broken[0]
    return json_response(
        {
            "error": "rules_broken",
            "message": f"{first.en}; nothing was changed",
            "message_zh": f"{first.zh}；未保存任何修改",
            "done": edited.done.as_dict(),
            "broken": _words(edited.broken, edited.violations),
            "worse": _words(edited.worse),
        },
        409,
    )


@bp.post("/plans/<date>/edits")
@staff_required
def edit_plan(date: str) -> Response:
    """Make one edit to the day's live plan; 409 with the broken rules in words, nothing kept, when it breaks one."""
    problems: list[Problem] = []
    body = request_body(EDIT_KEYS, problems)
    edit = read_edit(body, problems)
    if edit is None or errors(problems):
        return invalid("invalid_edit", problems)
    with _CHANGING:
        live = stored_day(date)
        try:
            edited = apply_edit(live.dataset, live.plan, edit)
        except EditError as exc:
            return json_response({"error": "invalid_edit", "message": exc.words.en, "message_zh": exc.words.zh}, 422)
        if not edited.allowed:
            return _refused(edited)
        answer = {"done": edited.done.as_dict(), "worse": _words(edited.worse), "saved": not body.get("dry_run")}
        if body.get("dry_run"):
            return json_response(answer | {"plan": plan_object(edited.plan)})
        kept = _keep(live, Day(edited.dataset, edited.plan), "edit", edited.done, edited.technicians)
    return json_response(answer | kept)


@bp.get("/plans/<date>/edits")
@staff_required
def list_edits(date: str) -> Response:
    """Every recorded change of the day (who, when, what), and whether undo and redo can act."""
    live = stored_day(date)
    return json_response(
        {"edits": [e.as_dict() for e in edit_log().entries(live.plan.date)], "can": edit_log().can(live)}
    )


def _step(date: str, back: bool) -> Response:
    with _CHANGING:
        live = stored_day(date)
        stepped = edit_log().step(live, back, staff_login(), _now(live))
        if stepped is None:
            what = "undo" if back else "redo"
            return error_response(409, "conflict", f"there is nothing to {what} on this day")
        entry, day = stepped
        get_store().put(day, based_on=live)
        remember(entry, day.plan.date)
    return json_response({"edit": entry.as_dict(), "plan": plan_object(day.plan), "can": edit_log().can(day)})


@bp.post("/plans/<date>/undo")
@staff_required
def undo_edit(date: str) -> Response:
    """Go back to the plan before the last change, kept as a new version."""
    return _step(date, back=True)


@bp.post("/plans/<date>/redo")
@staff_required
def redo_edit(date: str) -> Response:
    """Make the last undone change again, kept as a new version."""
    return _step(date, back=False)


def _moment(day: Day, body: dict[str, Any], problems: list[Problem]) -> int:
    """Minute of re-planning: the body's ``at``; else now on the plan's own day, and on any other day its start
    (nothing of it is under way, so everything not locked may move)."""
    if body.get("at") is not None:
        return clock(body["at"], REQUEST, "at", problems) or 0
    now = _now(day)
    return now.hour * 60 + now.minute if now.date() == day.plan.date else 0


def _publish(date: str, token: object) -> Response:
    proposal = edit_log().proposal(token) if isinstance(token, str) else None
    if proposal is None or not isinstance(token, str):
        return error_response(409, "conflict", "this proposal is unknown or was already published; re-optimise again")
    with _CHANGING:
        live = stored_day(date)
        if live.plan != proposal.base.plan:
            edit_log().forget(token)
            return error_response(409, "conflict", "the day changed since this proposal was made; re-optimise again")
        moved = tuple(
            sorted(
                {
                    c[key]
                    for c in proposal.changes["changes"]
                    for key in ("technician_before", "technician_after")
                    if c.get(key)
                }
            )
        )
        count = len(proposal.changes["changes"])
        kept = _keep(
            live,
            proposal.day,
            "reoptimise",
            Words(f"re-optimised the rest of the day: {count} visit(s) changed", f"重新优化其余工单：{count} 单有变动"),
            moved,
        )
        edit_log().forget(token)
    return json_response({"published": True, "changes": proposal.changes} | kept)


@bp.post("/plans/<date>/reoptimise")
@staff_required
def reoptimise(date: str) -> Response:
    """Plan everything not locked and not started again; publish only on a second call naming the proposal."""
    problems: list[Problem] = []
    body = request_body(REOPTIMISE_KEYS, problems)
    if body.get("confirm") is not None:
        return _publish(date, body["confirm"])
    time_limit, seed = search_options(body, problems)
    with solve_queue().reserved(time_limit) as solve, _CHANGING:
        live = stored_day(date)
        at = _moment(live, body, problems)
        if errors(problems):
            return invalid("invalid_request", problems)
        result = solve(replan, live.dataset, live.plan, Events(), at, replan_params(live.dataset, time_limit, seed))
        if not passes_check(result.dataset, result.plan, "re-optimisation"):
            return server_error()
    changes = result.diff.to_dict()
    token = edit_log().propose(Proposal(Day(result.dataset, result.plan, changes=changes), live, changes))
    return json_response({"proposal": token, "published": False, "changes": changes, "plan": plan_object(result.plan)})


@bp.post("/plans/<date>/urgent")
@staff_required
def insert_urgent(date: str) -> Response:
    """Book an urgent visit into a slot ``/plans/<date>/slots`` offered, on the plan's own day, recorded as an edit."""
    problems: list[Problem] = []
    body = request_body(URGENT_KEYS, problems)
    with solve_queue().reserved(time_limits()[0]) as solve, _CHANGING:
        live = stored_day(date)
        visit = new_visit(live.dataset, body.get("visit"), problems)
        choice = read_choice(live, body.get("slot"), problems)
        if choice is not None and choice.date != live.plan.date:
            problems.append(
                Problem(SLOT, None, "date", f"an urgent visit is booked on the plan's day, {live.plan.date}")
            )
        if visit is None or choice is None or errors(problems):
            return invalid("invalid_request", problems)
        slot = still_fits(live, visit, choice)
        if slot is None:
            return error_response(409, "conflict", "the slot no longer fits this visit; ask for slots again")
        booking = solve(book, live.dataset, live.plan, visit, slot, replan_params(live.dataset, time_limits()[0]))
        if not passes_check(booking.dataset, booking.plan, "urgent booking"):
            return server_error()
        if visit.id not in served(booking.plan):
            return error_response(409, "conflict", "the visit could not be kept in the slot; ask for slots again")
        changes = booking.diff.to_dict()
        name = live.dataset.technician(slot.technician_id).name or slot.technician_id
        kept = _keep(
            live,
            Day(booking.dataset, booking.plan, changes=changes),
            "urgent",
            Words(
                f"urgent visit {visit.id} booked with {name} {slot.label()}",
                f"加急工单 {visit.id} 已排给 {name}，{slot.label()}",
            ),
            tuple(
                sorted(
                    {slot.technician_id}
                    | {c["technician_before"] for c in changes["changes"] if c.get("technician_before")}
                )
            ),
        )
    return json_response({"changes": changes} | kept)
