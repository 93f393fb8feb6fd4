"""Endpoints about the API itself: health for monitors, the OpenAPI document for clients.

Both are open: they carry no personal data, and a monitor or a client
generator should not need a token.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from flask import Response, current_app

from web.api.blueprint import bp
from web.api.body import time_limits
from web.api.openapi import openapi_document
from web.api.replies import json_response

DISTRIBUTION = "aftersales-planner"


def app_version() -> str:
    """The installed package version, or ``unknown`` when run from a bare source tree."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


@bp.get("/health")
def health() -> Response:
    """Liveness: the app answers and says which version runs."""
    return json_response({"status": "ok", "version": app_version()})


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description, with this app's time limits filled in."""
    default, cap = time_limits()
    scenario_limits = (
        float(current_app.config["PLANNER_SCENARIO_MAX_TIME_LIMIT"]),
        int(current_app.config["PLANNER_SCENARIO_MAX_VARIANTS"]),
    )
    return json_response(
        openapi_document(
            version=app_version(), default_time_limit=default, max_time_limit=cap, scenario_limits=scenario_limits
        )
    )
