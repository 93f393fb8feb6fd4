"""Follow-up rules and complaint grades over the API (staff only).

The rules (callback days, complaint deadlines) and the grading are the
library's (``planner.store.followup_settings``); this module reads
requests and words answers: 422 with every problem for values that
cannot be used, 404 for an unknown order, 409 for grading an order that
is not a complaint.
"""

from __future__ import annotations

from flask import Response
from werkzeug.exceptions import NotFound

from planner.domain import GRADES
from planner.problems import Problem
from planner.store.followup_settings import (
    GradeRefused,
    OrderNotFound,
    rule_values,
    rules_changed,
    save_rules,
    service_rules,
    set_grade,
)
from web.api.blueprint import bp
from web.api.body import REQUEST, json_document
from web.api.replies import json_response
from web.api.visits import invalid_request, workorders
from web.auth import staff_login, staff_required


def _settings_json(values: dict, changed: dict | None) -> Response:
    return json_response({"settings": values, "changed": changed})


@bp.get("/followup-settings")
@staff_required
def get_followup_settings() -> Response:
    """The callback days and complaint deadlines in force, and who saved them last (null: the defaults)."""
    database = workorders()
    return _settings_json(rule_values(service_rules(database)), rules_changed(database))


@bp.put("/followup-settings")
@staff_required
def put_followup_settings() -> Response:
    """Keep new rules (the settings file's keys; a key left out goes back to its default); 422 with every problem."""
    database = workorders()
    body = json_document()
    if not isinstance(body, dict):
        return invalid_request([Problem(REQUEST, None, None, "the body must be a JSON object of settings")])
    rules, problems = save_rules(database, body, staff_login())
    if rules is None:
        return invalid_request(problems)
    return _settings_json(rule_values(rules), rules_changed(database))


@bp.post("/visits/<visit_id>/grade")
@staff_required
def post_grade(visit_id: str) -> Response:
    """Grade a complaint by hand (major, important or minor); who and when are kept with the order."""
    database = workorders()
    body = json_document()
    grade = body.get("grade") if isinstance(body, dict) else None
    if not isinstance(body, dict) or grade not in GRADES or set(body) != {"grade"}:
        return invalid_request(
            [Problem(REQUEST, None, "grade", f'the body must be {{"grade": one of {", ".join(GRADES)}}}')]
        )
    by = staff_login()
    try:
        at = set_grade(database, visit_id, grade, by)
    except OrderNotFound:
        raise NotFound(f"there is no work order {visit_id}") from None
    except GradeRefused as refused:
        return json_response({"error": "not_a_complaint", "message": str(refused)}, 409)
    return json_response({"visit_id": visit_id, "grade": grade, "by": by, "at": at.isoformat()})
