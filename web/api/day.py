"""During the day: re-plan a stored day around what happened, offer appointment slots, book one.

The dispatcher is on the phone while these run, so each answers in
seconds: a re-plan is a small search that starts from the stored plan,
slots solve one technician's day at a time. Slots are offered at two
addresses that answer alike: ``/plans/<date>/slots``, and ``/slots`` with
the plan date in the body. Re-plans and same-day
bookings replace the stored day (with the changes the dispatch board
shows); they run one at a time, each on the day as the previous left it,
so two dispatchers never overwrite each other's change. Problems in a
request are all reported at once, located by part of the request
(``request``, ``events``, ``visit``, ``slot``) and key; the new plan is
checked independently before it is kept. A later day that is planned
already (a multi-day plan is stored as one day per date) is offered and
booked as it stands, with the proposals on it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Response
from pydantic import BaseModel
from werkzeug.exceptions import BadRequest, InternalServerError, NotFound

from planner.check import check
from planner.domain import Dataset, Technician, Visit
from planner.io.cells import CellError, parse_clock
from planner.io.visit_rows import read_visit_row, read_visit_rows
from planner.io.yaml_lines import LinedYaml
from planner.plan import Plan
from planner.problems import Problem, errors
from planner.replan import Events, check_events, replan, replan_params
from planner.replan.day import WAYPOINT_PREFIX
from planner.replan.events import parse_events
from planner.slots import PREFERRED_DAYS, Slot, book, find_slots, keeps_commitments, read_preferred_days, try_slot
from web.api.blueprint import bp
from web.api.body import REQUEST, _seed, json_document, read_time_limit, time_limits
from web.api.plans import parse_date
from web.api.replies import error_response, json_response
from web.api.shapes import (
    DEFAULT_DAYS,
    MAX_DAYS,
    NEW_VISIT_ID,
    BookingRequest,
    DatedSlotsRequest,
    ReplanRequest,
    SlotsRequest,
    once,
    shape_problems,
)
from web.auth import staff_required
from web.current import get_store
from web.solving import solve_queue
from web.store import Day

log = logging.getLogger(__name__)

#: Labels of the request's parts in located problems (the ``table`` of a problem).
EVENTS, VISIT, SLOT = "events", "visit", "slot"
#: Upper bounds of the events' settings: beyond a day's minutes (and tenfold the
#: default price of moving) they mean nothing, and they enlarge the solver's
#: 64-bit objective until a big day no longer fits in it.
SETTING_LIMITS = {
    "change_technician_minutes": 24 * 60,
    "tolerance_min": 24 * 60,
    "move_cost_per_min": 10,
    "call_threshold_min": 24 * 60,
}
REPLAN_KEYS = ("at", "events", "time_limit", "seed")
SLOTS_KEYS = ("visit", "days", "at", PREFERRED_DAYS)
#: ``/slots`` takes the plan date in the body instead of the path.
DATED_SLOTS_KEYS = ("date", *SLOTS_KEYS)
BOOKING_KEYS = ("visit", "slot")

#: Held while a request reads a day, plans it and stores the result.
_CHANGING = threading.Lock()


@dataclass(frozen=True)
class SlotChoice:
    """The slot a booking asks for, read and checked against the day."""

    date: dt.date
    start: int
    end: int
    technician: Technician


# --- reading the request ----------------------------------------------------------


def stored_day(date: str) -> Day:
    """The stored day of the path's date: 400 for a malformed date, 404 when none is planned."""
    return planned_day(parse_date(date))


def planned_day(date: dt.date) -> Day:
    """The stored day of ``date``; 404 when none is planned."""
    day = get_store().day(date)
    if day is None:
        raise NotFound(f"there is no plan for {date}; post the day to /plans first")
    return day


def slot_day(day: Day, date: dt.date) -> Day:
    """The day a slot of ``date`` books into: that date's planned day when there is one, else ``day``."""
    if date == day.plan.date:
        return day
    return get_store().day(date) or day


def later_days(day: Day, days: int) -> dict[dt.date, tuple[Dataset, Plan]]:
    """The planned days among the ``days`` days offered after ``day`` (their datasets and plans)."""
    store = get_store()
    found = (store.day(day.plan.date + dt.timedelta(days=offset)) for offset in range(1, days))
    return {later.plan.date: (later.dataset, later.plan) for later in found if later is not None}


def iso_date(value: object) -> dt.date | None:
    """A calendar date written ``YYYY-MM-DD`` in the body, as in a path; None for anything else."""
    try:
        return parse_date(value) if isinstance(value, str) else None
    except BadRequest:
        return None


def body_date(value: object, problems: list[Problem]) -> dt.date | None:
    """The body's plan ``date``; missing or malformed, a problem of the request."""
    date = iso_date(value)
    if date is None:
        problems.append(Problem(REQUEST, None, "date", "date must be the plan date, written YYYY-MM-DD"))
    return date


def request_body(
    keys: tuple[str, ...], problems: list[Problem], shape: type[BaseModel] | None = None
) -> dict[str, Any]:
    """The JSON body as an object (415/400 when it is not JSON, 422 when it does not fit ``shape``);
    other shapes and keys are problems."""
    document = json_document()
    if shape is not None:
        problems += shape_problems(shape, document)
    if not isinstance(document, dict):
        problems.append(Problem(REQUEST, None, None, f"the body must be a JSON object with {', '.join(keys)}"))
        return {}
    problems += [
        Problem(REQUEST, None, str(key), f"unknown key {key} (expected {', '.join(keys)})")
        for key in document
        if key not in keys
    ]
    return document


def clock(value: object, table: str, column: str, problems: list[Problem], *, end: bool = False) -> int | None:
    """An ``HH:MM`` text as minutes after midnight; anything else is a located problem."""
    if not isinstance(value, str):
        problems.append(Problem(table, None, column, f"{column} must be a time written HH:MM"))
        return None
    try:
        return parse_clock(value, end=end)
    except CellError as exc:
        problems.append(Problem(table, None, column, f"{column} {value[:20]} {exc}"))
        return None


def whole_number(value: object, low: int, high: int, column: str, problems: list[Problem]) -> int | None:
    """An integer option from ``low`` to ``high`` (a boolean is not one); else a problem of the request."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    problems.append(Problem(REQUEST, None, column, f"{column} must be a whole number from {low} to {high}"))
    return None


def search_options(body: dict[str, Any], problems: list[Problem]) -> tuple[float, int]:
    """``time_limit`` and ``seed`` as ``/plans`` takes them, capped by PLANNER_MAX_TIME_LIMIT."""
    default, cap = time_limits()
    return read_time_limit(body.get("time_limit"), default, cap, problems), _seed(body.get("seed"), problems)


def new_visit(dataset: Dataset, row: object, problems: list[Problem]) -> Visit | None:
    """The request's visit row, checked like any row of visits.csv against the day (id defaults to NEW)."""
    if not isinstance(row, dict):
        problems.append(Problem(VISIT, None, None, "visit must be an object with the columns of visits.csv"))
        return None
    row = dict(row)
    if row.get("id") in (None, ""):
        row["id"] = NEW_VISIT_ID
    visit, found = read_visit_row(dataset, row, VISIT)
    problems += found
    return visit


def located_events(data: object) -> LinedYaml:
    """The events object as a located document: the "line" of a list entry is its 1-based position."""
    positions: dict[tuple[object, ...], int] = {}
    if isinstance(data, dict):
        positions = {
            (key, i): i + 1 for key, value in data.items() if isinstance(value, list) for i in range(len(value))
        }
    return LinedYaml(data, positions, EVENTS)


def setting_problems(data: object) -> list[Problem]:
    """Settings above their bounds (the events reader checks only that they are whole and 0 or more)."""
    settings = data.get("settings") if isinstance(data, dict) else None
    if not isinstance(settings, dict):
        return []
    return [
        Problem(EVENTS, None, key, f"{key} must be at most {SETTING_LIMITS[key]}")
        for key, value in settings.items()
        if key in SETTING_LIMITS and isinstance(value, int) and value > SETTING_LIMITS[key]
    ]


def new_visit_problems(dataset: Dataset, data: object) -> list[Problem]:
    """Every problem of the new visits, even when other events are wrong too (the events reader stops earlier)."""
    rows = data.get("new_visits") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return []
    return read_visit_rows(dataset, rows, EVENTS, range(1, len(rows) + 1))[1]


def reserved_ids(ids: Iterable[str], table: str, what: str) -> list[Problem]:
    """Ids starting with the re-plan's waypoint prefix would be taken for reported positions and lost."""
    return [
        Problem(
            table,
            None,
            "id",
            f"{what}id {visit_id} starts with {WAYPOINT_PREFIX}, which re-planning reserves for reported positions",
        )
        for visit_id in ids
        if visit_id.startswith(WAYPOINT_PREFIX)
    ]


def read_events(day: Day, body: dict[str, Any], problems: list[Problem]) -> tuple[Events | None, int | None]:
    """The events and the moment of re-planning, checked against the day; usable only when no error was added.

    The events reader checks references against the day only when every
    kind of event reads well; here each kind is read on its own and those
    that read well are checked, so one answer lists every problem.
    """
    at = clock(body.get("at"), REQUEST, "at", problems)
    data = body.get("events")
    problems += setting_problems(data) + new_visit_problems(day.dataset, data)
    problems += reserved_ids((v.id for v in day.dataset.visits), "visits", "the day's visit ")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems += parse_events(located_events(data))[1]
        return None, at
    readable = {}
    for key, value in data.items():
        found = parse_events(located_events({key: value}))[1]
        problems += found
        if not found:
            readable[key] = value
    if at is None:
        return None, None
    events, _, found = check_events(located_events(readable), day.dataset, day.plan, at)
    problems += found
    return events, at


def read_choice(day: Day, raw: object, problems: list[Problem]) -> SlotChoice | None:
    """The slot a booking names: a date within the offered days, a window, a technician of the day."""
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                SLOT,
                None,
                None,
                "slot must be an object with date, window_start, window_end and technician_id, as /slots offers it",
            )
        )
        return None
    found: list[Problem] = []
    date = slot_date(raw.get("date"), day.plan.date, found)
    start = clock(raw.get("window_start"), SLOT, "window_start", found)
    end = clock(raw.get("window_end"), SLOT, "window_end", found, end=True)
    if start is not None and end is not None and end <= start:
        found.append(Problem(SLOT, None, "window_end", "window_end must be after window_start"))
    technician_id = raw.get("technician_id")
    people = slot_day(day, date).dataset.technicians if date is not None else day.dataset.technicians
    technician = next((t for t in people if t.id == technician_id), None)
    if technician is None:
        found.append(Problem(SLOT, None, "technician_id", "technician_id must be the id of a technician of the day"))
    problems += found
    if found or date is None or start is None or end is None or technician is None:
        return None
    return SlotChoice(date, start, end, technician)


def slot_date(value: object, first: dt.date, problems: list[Problem]) -> dt.date | None:
    """A ``YYYY-MM-DD`` date among the days slots are offered for, starting at the plan date."""
    last = first + dt.timedelta(days=MAX_DAYS - 1)
    date = iso_date(value)
    if date is None or not first <= date <= last:
        problems.append(Problem(SLOT, None, "date", f"date must be written YYYY-MM-DD, from {first} to {last}"))
        return None
    return date


# --- answering ----------------------------------------------------------------------


def invalid(code: str, problems: list[Problem]) -> Response:
    """422 listing every problem (errors and warnings), each located by part of the request and key."""
    problems = once(problems)
    count = len(errors(problems))
    return json_response(
        {
            "error": code,
            "message": f"{count} error(s) in the request; nothing was changed",
            "problems": [problem.as_dict() for problem in problems],
        },
        422,
    )


def passes_check(dataset: Dataset, plan: Plan, what: str) -> bool:
    """The independent checker's verdict; a broken rule is a bug, logged by rule codes only (no data)."""
    violations = check(dataset, plan)
    if violations:
        log.error(
            "%s of %s broke rules %s; nothing was stored",
            what,
            plan.date,
            ", ".join(sorted({v.rule for v in violations})),
        )
    return not violations


def server_error() -> Response:
    """The generic 500 answer: details stay in the log."""
    return error_response(500, "internal_server_error", InternalServerError.description)


def plan_object(plan: Plan) -> dict[str, Any]:
    """The contract's ``plan.json`` as a JSON object inside an answer."""
    return plan.model_dump(mode="json", by_alias=True)


def served(plan: Plan) -> set[str]:
    """Ids of the visits on a route."""
    return {stop.visit_id for route in plan.routes for stop in route.stops}


def still_fits(day: Day, visit: Visit, choice: SlotChoice) -> Slot | None:
    """The chosen slot solved again on the day as it is now; None when it no longer fits or breaks a promise."""
    target = slot_day(day, choice.date)
    plan = target.plan if choice.date == target.plan.date else None
    slot = try_slot(target.dataset, plan, choice.technician, choice.date, visit, choice.start, choice.end)
    return slot if slot is not None and keeps_commitments(slot, target.dataset, visit) else None


# --- the endpoints ------------------------------------------------------------------


@bp.post("/plans/<date>/replan")
@staff_required
def replan_day(date: str) -> Response:
    """Re-plan the rest of a stored day around the posted events; keep and answer the new plan and the changes."""
    problems: list[Problem] = []
    body = request_body(REPLAN_KEYS, problems, ReplanRequest)
    time_limit, seed = search_options(body, problems)
    with solve_queue().reserved(time_limit) as solve, _CHANGING:
        day = stored_day(date)
        events, at = read_events(day, body, problems)
        if events is None or at is None or errors(problems):
            return invalid("invalid_events", problems)
        result = solve(replan, day.dataset, day.plan, events, at, replan_params(day.dataset, time_limit, seed), EVENTS)
        if not passes_check(result.dataset, result.plan, "re-plan"):
            return server_error()
        changes = result.diff.to_dict()
        get_store().put(Day(result.dataset, result.plan, changes=changes), based_on=day)
    return json_response({"plan": plan_object(result.plan), "changes": changes, "seconds": round(result.seconds, 3)})


def slots_reply(day: Day, body: dict[str, Any], problems: list[Problem]) -> Response:
    """Arrival windows to offer a caller for a new visit on a stored day, best first, over the next days.

    Preferred days are checked against the days asked for; when ``days``
    itself is wrong, against the most that can be asked, so that one
    answer still lists every other problem.
    """
    days = DEFAULT_DAYS if body.get("days") is None else whole_number(body["days"], 1, MAX_DAYS, "days", problems)
    at = None if body.get("at") is None else clock(body["at"], REQUEST, "at", problems)
    visit = new_visit(day.dataset, body.get("visit"), problems)
    preferred, found = read_preferred_days(LinedYaml(body, {}, REQUEST), day.plan.date, days or MAX_DAYS)
    problems += found
    if visit is None or days is None or errors(problems):
        return invalid("invalid_request", problems)
    started = time.perf_counter()
    slots = find_slots(
        day.dataset,
        day.plan,
        visit,
        days=days,
        not_before=at or 0,
        preferred_days=preferred,
        later=later_days(day, days),
    )
    seconds = round(time.perf_counter() - started, 3)
    return json_response({"slots": [slot.to_dict() for slot in slots], "seconds": seconds})


@bp.post("/plans/<date>/slots")
@staff_required
def offer_slots(date: str) -> Response:
    """Slots for a new visit on the day of the path's date."""
    problems: list[Problem] = []
    body = request_body(SLOTS_KEYS, problems, SlotsRequest)
    return slots_reply(stored_day(date), body, problems)


@bp.post("/slots")
@staff_required
def offer_dated_slots() -> Response:
    """Slots for a new visit on the day of the body's ``date``; otherwise as ``/plans/<date>/slots``.

    A missing or malformed date is a problem of the request (422, with
    the others found so far), since it sits in the body with them.
    """
    problems: list[Problem] = []
    body = request_body(DATED_SLOTS_KEYS, problems, DatedSlotsRequest)
    date = body_date(body.get("date"), problems)
    if date is None:
        return invalid("invalid_request", problems)
    return slots_reply(planned_day(date), body, problems)


@bp.post("/plans/<date>/bookings")
@staff_required
def book_slot(date: str) -> Response:
    """Book a new visit into a slot if it still fits; keep the day when the slot is on it."""
    problems: list[Problem] = []
    body = request_body(BOOKING_KEYS, problems, BookingRequest)
    with solve_queue().reserved(time_limits()[0]) as solve, _CHANGING:
        day = stored_day(date)
        visit = new_visit(day.dataset, body.get("visit"), problems)
        choice = read_choice(day, body.get("slot"), problems)
        if visit is None or choice is None or errors(problems):
            return invalid("invalid_request", problems)
        slot = still_fits(day, visit, choice)
        if slot is None:
            return error_response(409, "conflict", "the slot no longer fits this visit; ask for slots again")
        target = slot_day(day, slot.date)
        booking = solve(book, target.dataset, target.plan, visit, slot, replan_params(target.dataset, time_limits()[0]))
        if not passes_check(booking.dataset, booking.plan, "booking"):
            return server_error()
        if visit.id not in served(booking.plan):
            return error_response(409, "conflict", "the visit could not be kept in the slot; ask for slots again")
        changes = booking.diff.to_dict()
        stored = slot.date == target.plan.date
        if stored:
            get_store().put(Day(booking.dataset, booking.plan, changes=changes), based_on=day)
    return json_response({"plan": plan_object(booking.plan), "changes": changes, "stored": stored})
