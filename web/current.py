"""The current app's stores, for the views: the days shown and the work-order store.

``create_app`` puts them on the app (``web/__init__.py``); the views read them
here, inside a request or app context, so no view imports the app factory.
"""

from __future__ import annotations

from flask import current_app

from planner.store import Database
from web.store import DayStore
from web.store_days import StoreDays


def get_store() -> DayStore | StoreDays:
    """The store of the current app (inside a request or app context)."""
    store: DayStore | StoreDays = current_app.extensions["planner.store"]
    return store


def get_workorders() -> Database | None:
    """The work-order store of the current app, or None when it runs without one."""
    database: Database | None = current_app.extensions.get("planner.workorders")
    return database
