"""Staffing scenarios through the API: post a day with its variants, then ask how the job is going.

Solving a scenario set takes longer than a client or a proxy waits, so
the post only checks the request (422 with every problem, located) and
queues a job (202, with the address to ask); ``GET
/scenarios/jobs/<id>`` tells how far it is and, when it is done, gives
the comparison document (as ``comparison.json`` of ``planner
scenarios``) and the address of its report page.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, url_for
from werkzeug.exceptions import NotFound

from planner.problems import Problem, errors
from web.api.blueprint import bp
from web.api.body import json_document
from web.api.replies import error_response, json_response
from web.api.scenario_body import scenario_request
from web.auth import staff_required
from web.scenario_jobs import QueueFull, Work, app_jobs

#: Seconds a client is asked to wait before posting again when the queue is full.
RETRY_AFTER = 30


def invalid_scenarios(problems: list[Problem]) -> Response:
    """422 listing every problem (errors and warnings) of the request, the day and the scenarios."""
    listed = [problem.as_dict() for problem in problems]
    count = len(errors(problems))
    return json_response(
        {
            "error": "invalid_scenarios",
            "message": f"{count} error(s) in the request; no job was started",
            "problems": listed,
        },
        422,
    )


@bp.post("/scenarios")
@staff_required
def create_scenario_job() -> Response:
    """Check the day and its scenarios, queue the job, and answer where to follow it."""
    config = current_app.config
    document = json_document()
    wanted = scenario_request(
        document, float(config["PLANNER_SCENARIO_MAX_TIME_LIMIT"]), int(config["PLANNER_SCENARIO_MAX_VARIANTS"])
    )
    if not wanted.ok or wanted.dataset is None or wanted.scenario is None:
        return invalid_scenarios(list(wanted.problems))
    try:
        job_id = app_jobs().submit(
            Work(wanted.dataset, wanted.scenario, wanted.params, wanted.advice),
            json.dumps(document, ensure_ascii=False),
        )
    except QueueFull:
        return error_response(
            429,
            "too_many_jobs",
            "as many scenario jobs are waiting as this server takes; post again when one has finished",
            {"Retry-After": str(RETRY_AFTER)},
        )
    status_url = url_for("api.scenario_job", job_id=job_id)
    return json_response({"job_id": job_id, "status_url": status_url}, 202, {"Location": status_url})


@bp.get("/scenarios/jobs/<job_id>")
@staff_required
def scenario_job(job_id: str) -> Response:
    """Status and progress; the comparison and its report page once done, a sentence once failed."""
    job = app_jobs().state(job_id)
    if job is None:
        raise NotFound("there is no scenario job with this id; finished jobs are kept for a while only")
    body: dict[str, Any] = {"status": job.status, "progress": {"done": job.done, "total": job.total}}
    if job.status == "done":
        body["result"] = job.document
        body["report_url"] = url_for("pages.scenario_report", name=job.id)
    elif job.status == "failed":
        body["error"] = job.error
    return json_response(body)
