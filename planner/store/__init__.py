"""The work-order store: the only code that talks to the database.

Orders, technicians, parts and regions live here across days, with each
order's status history, every plan made for a date, and callbacks. The
store hands the planner the same ``Dataset`` a folder would and keeps the
``Plan`` it gets back; it is a place to keep things, not a second domain
model. SQLite by default, PostgreSQL through a ``postgresql+psycopg://``
URL (see ``database``).
"""

from planner.store.database import Database, database_url, describe, open_database
from planner.store.days import (
    EmptyStore,
    PlanVersion,
    StalePlan,
    StoredDay,
    dataset_for,
    imported_date,
    live_dates,
    live_day,
    live_days,
    live_version,
    morning_of,
    plan_versions,
    save_plan,
)
from planner.store.importing import ImportReport, import_dataset
from planner.store.orders import (
    OrderNotFound,
    OrderState,
    StaleVersion,
    StatusAnswer,
    StatusReport,
    TransitionRefused,
    change_status,
    order,
    orders,
)

__all__ = [
    "Database",
    "EmptyStore",
    "ImportReport",
    "OrderNotFound",
    "OrderState",
    "PlanVersion",
    "StalePlan",
    "StaleVersion",
    "StatusAnswer",
    "StatusReport",
    "StoredDay",
    "TransitionRefused",
    "change_status",
    "database_url",
    "dataset_for",
    "describe",
    "import_dataset",
    "imported_date",
    "live_dates",
    "live_day",
    "live_days",
    "live_version",
    "morning_of",
    "open_database",
    "order",
    "orders",
    "plan_versions",
    "save_plan",
]
