"""A multi-day plan as one-day plans, one per date: what the board, the route pages and slot offers read.

Every page and answer of the web app works on one day (a dataset and its
plan). A horizon's later days are proposals, but they are real: the
technicians know their week and a slot offer must see what is already
proposed. So each date becomes a day of its own: that date's shifts (who
is off is not on it), the visits proposed for it, the parts stock left
after the earlier days took theirs, and its routes. What fits on no day
is listed once, on the first (firm) day, where the dispatch lead acts on
it; a later day lists nothing left out.
"""

from __future__ import annotations

import json

from planner.domain import Dataset
from planner.horizon.output import HorizonPlan
from planner.horizon.vehicles import day_dataset, with_days
from planner.kpis import plan_kpis
from planner.plan import Plan


def day_parts(dataset: Dataset, plan: HorizonPlan) -> tuple[tuple[Dataset, Plan], ...]:
    """(one-day dataset, one-day plan) for each date of ``plan``, the first date first."""
    horizon = with_days(dataset, plan.horizon_days)
    by_id = {v.id: v for v in dataset.visits}
    stock = dataset.stock()
    parts = []
    for index, day in enumerate(plan.days):
        served = list(dict.fromkeys(s.visit_id for r in day.routes for s in r.stops))
        left_out = plan.unassigned if index == 0 else ()
        visits = tuple(by_id[v] for v in served) + tuple(by_id[u.visit_id] for u in left_out)
        one = day_dataset(horizon, index, visits)
        if stock is not None:
            one = one.model_copy(
                update={
                    "parts": tuple(
                        p.model_copy(update={"stock": max(0, stock.get(p.id, 0))}) for p in dataset.parts or ()
                    )
                }
            )
            for visit_id in served:
                for part, qty in by_id[visit_id].parts.items():
                    stock[part] = stock.get(part, 0) - qty
        parts.append(
            (
                one,
                Plan(
                    date=day.date,
                    timezone=plan.timezone,
                    routes=day.routes,
                    unassigned=left_out,
                    kpis=plan_kpis(one, day.routes, left_out),
                ),
            )
        )
    return tuple(parts)


def read_day_plans(dataset: Dataset, text: str) -> tuple[Dataset, Plan, dict]:
    """The first day's dataset and plan of a ``plan.json`` (one-day or multi-day), and the later days planned.

    ``later`` maps each later date of a multi-day plan to its (dataset,
    plan), which slot offers and bookings work on. Raises ValueError when
    the text is not a plan.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(raw, dict) or "days" not in raw:
        return dataset, Plan.model_validate(raw), {}
    week = HorizonPlan.model_validate(raw)
    try:
        (first, plan), *rest = day_parts(dataset, week)
    except KeyError as exc:
        raise ValueError(f"the plan names visit {exc.args[0]}, which is not in the dataset") from None
    return first, plan, {day.date: (one, day) for one, day in rest}
