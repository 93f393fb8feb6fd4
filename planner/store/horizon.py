"""Several days planned from the store: the first day firm, the later days kept as proposals.

``planner plan --date D --days N`` plans the store's open orders over N
days. Each date's plan becomes the live version of that date (the web
app's board, week view and route pages read them); only the first day's
orders are marked planned. The next run starts from the dates the live
plans of its horizon give (``promised_in_store``), so a customer told a
date keeps it unless there is a reason to move it.
"""

from __future__ import annotations

import datetime as dt

from planner.domain import Dataset
from planner.horizon.days import day_parts
from planner.horizon.output import HorizonPlan
from planner.store.database import Database
from planner.store.days import PlanVersion, live_day, save_plan


def promised_in_store(db: Database, first: dt.date, days: int) -> dict[str, dt.date]:
    """Visit id -> date of the live plans of the ``days`` dates from ``first``."""
    promised: dict[str, dt.date] = {}
    for offset in range(days):
        stored = live_day(db, first + dt.timedelta(days=offset))
        if stored is not None:
            promised.update({stop.visit_id: stored.plan.date for route in stored.plan.routes for stop in route.stops})
    return promised


def save_horizon(db: Database, dataset: Dataset, plan: HorizonPlan, by: str, moment: dt.datetime) -> list[PlanVersion]:
    """Keep each date of ``plan`` as that date's live version: the first firm, the later ones as proposals."""
    return [
        save_plan(db, one, day, by, moment, proposal=index > 0)
        for index, (one, day) in enumerate(day_parts(dataset, plan))
    ]
