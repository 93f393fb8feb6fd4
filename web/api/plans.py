"""Plan a posted day, validate a dataset, and read stored plans back by date.

A posted day joins the app's store, so the dispatch board and the
technicians' pages show it at once (kept in the work-order store when the
app has one, so a restart keeps it; in memory otherwise). Solving is bounded by
``PLANNER_MAX_TIME_LIMIT`` and runs in a worker process, or on the cluster
by independent parts when the server has one, under the app's
admission (``web.solving``), so that a request always answers well within
a client's or proxy's patience, or is refused at once with 429.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import Response
from werkzeug.exceptions import BadRequest, NotFound

from planner.domain import Dataset
from planner.plan import Plan
from planner.problems import Problem, errors
from planner.validate import summary_lines
from web.api.blueprint import bp
from web.api.body import REQUEST, read_plan_request
from web.api.replies import JSON_TYPE, invalid_dataset, json_response
from web.auth import staff_required
from web.current import get_store
from web.solving import solve_queue
from web.store import Day

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def plan_response(plan: Plan) -> Response:
    """The contract's ``plan.json`` as the response body."""
    return Response(plan.to_json(), mimetype=JSON_TYPE)


@bp.post("/plans")
@staff_required
def create_plan() -> Response:
    """Plan the posted day, keep it in the store, and answer with its plan."""
    wanted = read_plan_request()
    if not wanted.ok or wanted.dataset is None:
        return invalid_dataset(wanted.problems)
    plan = solve_queue().plan(wanted.dataset, wanted.params)
    get_store().post(Day(wanted.dataset, plan))
    return plan_response(plan)


def summary(dataset: Dataset | None, problems: tuple[Problem, ...]) -> dict[str, object]:
    """Counts a dispatcher checks before planning; dataset figures are null when it cannot be read."""
    found = errors(problems)
    return {
        "errors": len(found),
        "warnings": len(problems) - len(found),
        "date": dataset.settings.date.isoformat() if dataset else None,
        "timezone": dataset.settings.timezone if dataset else None,
        "technicians": len(dataset.technicians) if dataset else None,
        "visits": len(dataset.visits) if dataset else None,
        "parts": len(dataset.parts) if dataset and dataset.parts is not None else None,
        "regions": len(dataset.regions) if dataset else None,
        "lines": summary_lines(dataset) if dataset else [],
        "lines_zh": summary_lines(dataset, "zh") if dataset else [],
    }


@bp.post("/validate")
@staff_required
def validate() -> Response:
    """A validation report: 200 even when the dataset has errors, since the report is the answer."""
    wanted = read_plan_request()
    if wanted.malformed or any(problem.file == REQUEST for problem in errors(wanted.problems)):
        return invalid_dataset(wanted.problems)  # not a dataset request: nothing to report on
    return json_response(
        {
            "ok": wanted.ok,
            "problems": [problem.as_dict() for problem in wanted.problems],
            "summary": summary(wanted.dataset, wanted.problems),
        }
    )


@bp.get("/plans")
@staff_required
def list_plans() -> Response:
    """The dates that have a plan, newest first."""
    return json_response({"dates": [date.isoformat() for date in get_store().dates()]})


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` path segment; 400 for anything else (``fromisoformat`` alone takes more forms)."""
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise BadRequest("the date must be a calendar date written YYYY-MM-DD")


@bp.get("/plans/<date>")
@staff_required
def get_plan(date: str) -> Response:
    """The stored plan of one day; 404 when that day has none."""
    day = get_store().day(parse_date(date))
    if day is None:
        raise NotFound(f"there is no plan for {date}")
    return plan_response(day.plan)
