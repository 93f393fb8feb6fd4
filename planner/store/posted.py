"""Days posted through the API with their own dataset, and how many of them the store keeps.

A day posted with ``POST /api/v1/plans`` brings its own dataset and is kept
as plan versions of its date like any other plan, so it survives a
restart. But anyone holding a token can post day after day, so such
dates are counted: beyond ``keep`` of them, the date posted longest ago
is forgotten with all its plan versions (``PLANNER_POSTED_DAYS``).
A date that already had plans from the store's own orders is never
counted as posted, so a post over it can never make it forgettable.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from planner.domain import Dataset
from planner.plan import Plan
from planner.store.clock import as_utc
from planner.store.database import Database
from planner.store.days import PlanVersion, save_plan
from planner.store.models import PlanRow
from planner.store.models_web import PostedDayRow


def save_posted_plan(
    db: Database, dataset: Dataset, plan: Plan, by: str, moment: dt.datetime, keep: int | None
) -> tuple[PlanVersion, list[dt.date]]:
    """Keep a posted day's plan as the date's newest version; the posted dates forgotten to stay within ``keep``."""
    with db.transaction() as session:
        had_plans = session.scalar(select(PlanRow.id).where(PlanRow.date == plan.date).limit(1)) is not None
        posted = session.get(PostedDayRow, plan.date)
        counted = posted is not None or not had_plans
    version = save_plan(db, dataset, plan, by=by, moment=moment)
    if not counted:
        return version, []
    with db.transaction() as session:
        row = session.get(PostedDayRow, plan.date)
        if row is None:
            session.add(PostedDayRow(date=plan.date, posted_at=as_utc(moment)))
        else:
            row.posted_at = as_utc(moment)
    return version, forget_posted(db, keep)


def forget_posted(db: Database, keep: int | None) -> list[dt.date]:
    """Forget the posted dates beyond the newest ``keep`` (by when they were last posted), with their plans."""
    if keep is None:
        return []
    with db.transaction() as session:
        rows = list(
            session.scalars(select(PostedDayRow).order_by(PostedDayRow.posted_at.desc(), PostedDayRow.date.desc()))
        )
        old = [row.date for row in rows[keep:]]
        if old:
            session.execute(delete(PlanRow).where(PlanRow.date.in_(old)))
            session.execute(delete(PostedDayRow).where(PostedDayRow.date.in_(old)))
        return old
