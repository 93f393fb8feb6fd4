"""Re-plan the rest of a stored day from what the field reported (the board's button).

The same re-plan as ``/plans/{date}/replan``, fed from the work-order
store's statuses instead of posted events (``planner.replan.field``): a
visit not begun whose customer was not home, or that needs a part, was
rescheduled or cancelled, leaves today's routes. The new plan is checked
and kept like any re-plan.
"""

from __future__ import annotations

from flask import Response

from planner.problems import Problem, errors
from planner.replan import replan, replan_params
from planner.replan.field import events_from_statuses
from planner.store import orders
from web.api.blueprint import bp
from web.api.body import REQUEST
from web.api.day import (
    _CHANGING,
    clock,
    invalid,
    passes_check,
    plan_object,
    request_body,
    search_options,
    server_error,
    stored_day,
)
from web.api.replies import json_response
from web.api.visits import workorders
from web.auth import staff_required
from web.current import get_store
from web.store import Day

FIELD_REPLAN_KEYS = ("at", "time_limit", "seed")


@bp.post("/plans/<date>/replan-from-field")
@staff_required
def replan_from_field(date: str) -> Response:
    """Re-plan the stored day at ``at`` from the reported statuses; keep and answer the plan and the changes."""
    database = workorders()
    problems: list[Problem] = []
    body = request_body(FIELD_REPLAN_KEYS, problems)
    time_limit, seed = search_options(body, problems)
    at = clock(body.get("at"), REQUEST, "at", problems)
    with _CHANGING:
        day = stored_day(date)
        if at is None or errors(problems):
            return invalid("invalid_request", problems)
        routed = {stop.visit_id for route in day.plan.routes for stop in route.stops}
        statuses = {state.visit_id: state.status for state in orders(database, ids=routed, with_history=False)}
        events = events_from_statuses(day.plan, statuses, at)
        result = replan(day.dataset, day.plan, events, at, replan_params(day.dataset, time_limit, seed))
        if not passes_check(result.dataset, result.plan, "re-plan from the field"):
            return server_error()
        changes = result.diff.to_dict()
        get_store().put(Day(result.dataset, result.plan, changes=changes), based_on=day)
    return json_response(
        {
            "plan": plan_object(result.plan),
            "changes": changes,
            "seconds": round(result.seconds, 3),
            "not_home": list(events.not_home),
            "called_off": list(events.cancelled),
        }
    )
