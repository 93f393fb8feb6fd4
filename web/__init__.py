"""The Flask application: JSON API under ``/api/v1`` and the pages people use every day.

``create_app(config)`` is the only way to make an app, so tests, ``planner
serve``, the serverless adapter and the static build all configure it the
same way. Secrets come from the environment (``PLANNER_*``), never from
the repository.
"""

from __future__ import annotations

import os
import secrets
from typing import Any, Mapping

from flask import Flask

from planner.store import Database, open_database
from web.store import DayStore
from web.store_days import StoreDays

#: Largest request body the API accepts (a dataset of a few thousand visits fits).
MAX_BODY_BYTES = 4 * 1024 * 1024


def scenario_workers(text: str) -> int | None:
    """Processes solving one scenario job: a number, or ``auto`` (None: one per core)."""
    return None if text.strip().lower() == "auto" else max(1, int(text))


def default_config() -> dict[str, Any]:
    """Settings read from the environment, with safe defaults."""
    return {
        "SECRET_KEY": os.environ.get("PLANNER_SECRET_KEY") or secrets.token_hex(32),
        "PLANNER_SOURCE": os.environ.get("PLANNER_SOURCE"),
        # The work-order store (a SQLAlchemy URL): status from the field; the days too when there is no source.
        "PLANNER_DATABASE_URL": os.environ.get("PLANNER_DATABASE_URL"),
        "PLANNER_API_TOKENS": [t for t in os.environ.get("PLANNER_API_TOKENS", "").split(",") if t],
        "PLANNER_USERS": os.environ.get("PLANNER_USERS", ""),
        "PLANNER_LINK_DAYS": int(os.environ.get("PLANNER_LINK_DAYS", "2")),
        "PLANNER_MAX_TIME_LIMIT": 20.0,
        "PLANNER_API_TIME_LIMIT": 5.0,
        # Staffing scenarios: report folders to show, and the limits of jobs posted to the API.
        "PLANNER_SCENARIOS_DIR": os.environ.get("PLANNER_SCENARIOS_DIR"),
        "PLANNER_SCENARIO_MAX_TIME_LIMIT": float(os.environ.get("PLANNER_SCENARIO_MAX_TIME_LIMIT", "10")),
        "PLANNER_SCENARIO_MAX_VARIANTS": int(os.environ.get("PLANNER_SCENARIO_MAX_VARIANTS", "12")),
        "PLANNER_SCENARIO_MAX_QUEUED": int(os.environ.get("PLANNER_SCENARIO_MAX_QUEUED", "4")),
        "PLANNER_SCENARIO_KEEP_SECONDS": float(os.environ.get("PLANNER_SCENARIO_KEEP_SECONDS", str(24 * 3600))),
        "PLANNER_SCENARIO_WORKERS": scenario_workers(os.environ.get("PLANNER_SCENARIO_WORKERS", "1")),
        "SESSION_COOKIE_SECURE": None,
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
    }


def create_app(config: Mapping[str, Any] | None = None, store: DayStore | StoreDays | None = None) -> Flask:
    """Build the app; ``config`` overrides the environment, ``store`` the days loaded from PLANNER_SOURCE.

    With ``PLANNER_DATABASE_URL`` the work-order store is opened: the status
    API works on it, and without a PLANNER_SOURCE the days come from it too.
    """
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if config:
        app.config.from_mapping(config)
    database = open_database(app.config["PLANNER_DATABASE_URL"]) if app.config["PLANNER_DATABASE_URL"] else None
    app.extensions["planner.workorders"] = database
    if store is None and database is not None and not app.config["PLANNER_SOURCE"]:
        from web.auth import staff_login

        store = StoreDays.serving(database, staff_login)
    app.extensions["planner.store"] = store if store is not None else DayStore.from_source(app.config["PLANNER_SOURCE"])

    from web.api import bp as api
    from web.errors import register_error_handlers
    from web.login import bp as login
    from web.pages import bp as pages
    from web.security import register_security

    register_security(app)
    register_error_handlers(app)
    app.register_blueprint(api)
    app.register_blueprint(login)
    app.register_blueprint(pages)
    return app


def get_store() -> DayStore | StoreDays:
    """The store of the current app (inside a request or app context)."""
    from flask import current_app

    return current_app.extensions["planner.store"]


def get_workorders() -> Database | None:
    """The work-order store of the current app, or None when it runs without one."""
    from flask import current_app

    return current_app.extensions.get("planner.workorders")
