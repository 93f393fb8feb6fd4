"""The staffing scenario pages: the reports the app knows, and one comparison.

A department's figures are internal, so both pages are for staff like
the dispatch board, although they show no customer data. Reports are
the finished API jobs (in memory, for a while) and the report folders
under ``PLANNER_SCENARIOS_DIR``; a job's report keeps its job id as its name.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app

from web.auth import staff_required
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import page_url, render_page
from web.scenario_jobs import app_jobs
from web.scenario_reports import Report, folder_reports, named_folder_report, newest_first
from web.views.scenarios import report_list_model, report_model


def job_reports() -> list[Report]:
    """Finished API jobs as reports."""
    return [
        Report(job.id, "api", dt.datetime.fromtimestamp(job.finished or job.created), job.document)
        for job in app_jobs().finished()
        if job.document is not None
    ]


@bp.get("/scenarios/")
@staff_required
def scenario_list() -> str:
    """Every report, newest first."""
    lang = request_lang()
    reports = newest_first(job_reports() + folder_reports(current_app.config.get("PLANNER_SCENARIOS_DIR")))
    model = report_list_model(reports, lang, lambda name: page_url("pages.scenario_report", name=name))
    return render_page("scenarios.html", lang, model=model)


@bp.get("/scenarios/<name>")
@staff_required
def scenario_report(name: str) -> str:
    """One comparison: table, charts, sweeps, advice, search; 404 for a name no report has."""
    lang = request_lang()
    report = next((r for r in job_reports() if r.name == name), None) or named_folder_report(
        current_app.config.get("PLANNER_SCENARIOS_DIR"), name
    )
    if report is None:
        abort(404)
    return render_page("scenarios_report.html", lang, model=report_model(report, lang, page_url("pages.scenario_list")))
