"""The Flask application: JSON API under ``/api/v1`` and the pages people use every day.

``create_app(config)`` is the only way to make an app, so tests, ``planner
serve``, the serverless adapter and the static build all configure it the
same way. Secrets come from the environment (``PLANNER_*``), never from
the repository.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from planner.defaults import PLANNING_DEFAULTS
from planner.store import open_database
from web.auth import staff_login
from web.sessions import MemorySessions, SessionRegistry, StoreSessions
from web.settings import EnvReader
from web.store import DayStore
from web.store_days import StoreDays

#: Largest request body the API accepts (a dataset of a few thousand visits fits).
MAX_BODY_BYTES = 4 * 1024 * 1024


def scenario_workers(env: EnvReader) -> int | None:
    """Processes solving one scenario job: a number, or ``auto`` (None: one per core)."""
    if env.text("PLANNER_SCENARIO_WORKERS", "1").strip().lower() == "auto":
        return None
    return env.whole("PLANNER_SCENARIO_WORKERS", 1, minimum=1)


def cluster(env: EnvReader) -> str | None:
    """``PLANNER_CLUSTER``: ``local:N`` or a scheduler's address; None (unset) plans in this server's processes."""
    from planner.cluster import ClusterAddressError
    from planner.cluster.engine import check_address

    address = env.text("PLANNER_CLUSTER").strip() or None
    if address is not None:
        try:
            check_address(address)
        except ClusterAddressError as exc:
            env.problems.append(f"PLANNER_CLUSTER: {exc}")
            return None
    return address


def default_config() -> dict[str, Any]:
    """Settings read from the environment, with safe defaults; ``SettingError`` names every bad one."""
    env = EnvReader()
    config = {
        "SECRET_KEY": env.secret_key("PLANNER_SECRET_KEY"),
        "PLANNER_SOURCE": os.environ.get("PLANNER_SOURCE"),
        # The work-order store (a SQLAlchemy URL): status from the field; the days too when there is no source.
        "PLANNER_DATABASE_URL": os.environ.get("PLANNER_DATABASE_URL"),
        # The weekly roster's folder (roster_rules.yaml ...); default: PLANNER_SOURCE or its roster/ subfolder.
        "PLANNER_ROSTER": os.environ.get("PLANNER_ROSTER"),
        "PLANNER_API_TOKENS": [t for t in env.text("PLANNER_API_TOKENS").split(",") if t],
        "PLANNER_USERS": env.text("PLANNER_USERS"),
        "PLANNER_LINK_DAYS": env.whole("PLANNER_LINK_DAYS", 2),
        "PLANNER_SESSION_HOURS": env.number("PLANNER_SESSION_HOURS", 12.0, minimum=0.01),
        # Refused logins allowed per user name and per client address (Flask-Limiter's notation), and where
        # the counts are kept; password checks running at once, and waiting, before "busy, retry".
        "PLANNER_LOGIN_LIMIT_USER": env.rates("PLANNER_LOGIN_LIMIT_USER", "5 per minute;20 per hour"),
        "PLANNER_LOGIN_LIMIT_ADDRESS": env.rates("PLANNER_LOGIN_LIMIT_ADDRESS", "20 per minute;100 per hour"),
        "PLANNER_RATELIMIT_STORAGE": env.text("PLANNER_RATELIMIT_STORAGE", "memory://"),
        "PLANNER_LOGIN_HASHING": env.whole("PLANNER_LOGIN_HASHING", 1, minimum=1),
        "PLANNER_LOGIN_WAITING": env.whole("PLANNER_LOGIN_WAITING", 2),
        # Search seconds of a request that names none, and the most a request may ask for.
        "PLANNER_API_TIME_LIMIT": env.number("PLANNER_API_TIME_LIMIT", PLANNING_DEFAULTS.api_time_limit, minimum=0.01),
        "PLANNER_MAX_TIME_LIMIT": env.number(
            "PLANNER_MAX_TIME_LIMIT", PLANNING_DEFAULTS.api_max_time_limit, minimum=0.01
        ),
        # Searches asked for through the API (web.solving): worker processes (0: on the request's thread),
        # searches waiting at most, seconds of work ahead per worker at most, searches before a worker is renewed.
        "PLANNER_SOLVE_WORKERS": env.whole("PLANNER_SOLVE_WORKERS", 1),
        "PLANNER_SOLVE_QUEUE": env.whole("PLANNER_SOLVE_QUEUE", 2),
        "PLANNER_SOLVE_BUDGET": env.number("PLANNER_SOLVE_BUDGET", 25.0, minimum=1.0),
        "PLANNER_SOLVE_RECYCLE": env.whole("PLANNER_SOLVE_RECYCLE", 20, minimum=1),
        # Days posted through the API kept at most, in the store or in memory (the oldest posted is forgotten first).
        "PLANNER_POSTED_DAYS": env.whole("PLANNER_POSTED_DAYS", 14, minimum=1),
        # Search requests (POST /plans, re-plans, bookings) each API token, user or address may make.
        "PLANNER_API_SOLVE_LIMIT": env.rates("PLANNER_API_SOLVE_LIMIT", "30 per minute;600 per hour"),
        # Staffing scenarios: report folders to show, and the limits of jobs posted to the API.
        "PLANNER_SCENARIOS_DIR": os.environ.get("PLANNER_SCENARIOS_DIR"),
        "PLANNER_SCENARIO_MAX_TIME_LIMIT": env.number(
            "PLANNER_SCENARIO_MAX_TIME_LIMIT", PLANNING_DEFAULTS.api_scenario_max_time_limit
        ),
        "PLANNER_SCENARIO_MAX_VARIANTS": env.whole("PLANNER_SCENARIO_MAX_VARIANTS", 12, minimum=1),
        "PLANNER_SCENARIO_MAX_QUEUED": env.whole("PLANNER_SCENARIO_MAX_QUEUED", 4),
        "PLANNER_SCENARIO_KEEP_SECONDS": env.number("PLANNER_SCENARIO_KEEP_SECONDS", 24 * 3600.0),
        "PLANNER_SCENARIO_WORKERS": scenario_workers(env),
        # The cluster that solves scenario jobs and posted days (web.engine); none: this server's own processes.
        "PLANNER_CLUSTER": cluster(env),
        # Seconds without a heartbeat after which a running job's server counts as stopped (its job is taken over).
        "PLANNER_JOB_STALE_SECONDS": env.number("PLANNER_JOB_STALE_SECONDS", 30.0, minimum=1.0),
        # The address people open (https://... behind a proxy): signed links and the Secure cookie follow it.
        "PLANNER_PUBLIC_URL": env.address("PLANNER_PUBLIC_URL"),
        # How many reverse proxies in front set X-Forwarded-*; 0 (default): such headers are ignored.
        "PLANNER_TRUSTED_PROXIES": env.whole("PLANNER_TRUSTED_PROXIES", 0),
        "SESSION_COOKIE_SECURE": None,
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
    }
    env.check()
    return config


def create_app(
    config: Mapping[str, Any] | None = None,
    store: DayStore | StoreDays | None = None,
    sessions: SessionRegistry | None = None,
) -> Flask:
    """Build the app; ``config`` overrides the environment, ``store`` the days loaded from PLANNER_SOURCE,
    ``sessions`` the staff sessions (in the work-order store when there is one, else in this process).

    With ``PLANNER_DATABASE_URL`` the work-order store is opened: the status
    API works on it, and the days posted, re-planned and booked are kept in
    it (without a PLANNER_SOURCE every day comes from it).
    """
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if config:
        app.config.from_mapping(config)
    database = open_database(app.config["PLANNER_DATABASE_URL"]) if app.config["PLANNER_DATABASE_URL"] else None
    lifetime = float(app.config["PLANNER_SESSION_HOURS"]) * 3600
    app.extensions["planner.sessions"] = sessions or (
        StoreSessions(database, lifetime) if database is not None else MemorySessions(lifetime)
    )
    app.extensions["planner.workorders"] = database
    if store is None and database is not None:
        source = app.config["PLANNER_SOURCE"]
        store = (
            StoreDays(database, staff_login, DayStore.from_source(source))
            if source
            else StoreDays.serving(database, staff_login)
        )
    app.extensions["planner.store"] = store if store is not None else DayStore.from_source(app.config["PLANNER_SOURCE"])
    app.extensions["planner.store"].keep_posted(int(app.config["PLANNER_POSTED_DAYS"]))

    # The views, and the planner behind them, load when an app is made, not whenever web.i18n or
    # web.settings is imported alone (the static site, the command line): they double its import time.
    from web.api import bp as api
    from web.errors import register_error_handlers
    from web.login import bp as login
    from web.once import bp as one_time_login
    from web.pages import bp as pages
    from web.proxy import trust_proxies
    from web.security import register_security
    from web.solving import install_solve_queue
    from web.throttle import install_limits

    trust_proxies(app)
    register_security(app)
    register_error_handlers(app)
    app.register_blueprint(api)
    app.register_blueprint(login)
    app.register_blueprint(one_time_login)
    app.register_blueprint(pages)
    install_limits(app)
    install_solve_queue(app)
    return app
