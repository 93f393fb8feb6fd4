"""A staffing scenario over several days: the week solved as a whole and measured as one.

A manager asks about the week ("with one more repairer, how much of this
week's work gets done by its due date?"). A dataset of several days
(``horizon_days``) is planned by the horizon planner, each variant too,
and each plan is checked as the multi-day plan it is. The horizon search
does not start from another plan, so a week's variant is searched afresh
(``warm_started`` is False). For the comparison the week counts as one
plan: every day's routes, what fits on no day, and figures over the week;
a person's utilisation is their working minutes over the shift minutes of
the days they work.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planner.check import check
from planner.domain import Dataset
from planner.horizon.days import day_parts
from planner.horizon.output import HorizonPlan
from planner.horizon.solve import plan_horizon
from planner.kpis import technician_rows
from planner.plan import Plan
from planner.routing import SearchParams


def is_week(dataset: Dataset) -> bool:
    """Whether a scenario's day is a horizon of several days."""
    return dataset.settings.horizon_days > 1


def week_as_plan(dataset: Dataset, week: HorizonPlan) -> Plan:
    """The week as one plan for the comparison: all days' routes, the week's unassigned and figures."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for one, day in day_parts(dataset, week):
        shifts = {t.id: max(1, t.shift_end - t.shift_start) for t in one.technicians}
        for row in technician_rows(one, day.routes):
            person = totals[row["technician_id"]]
            for key in ("visits", "travel_km", "travel_min", "working_min"):
                person[key] += row[key]
            person["shift_min"] += shifts[row["technician_id"]]
    rows: list[dict[str, Any]] = [
        {
            "technician_id": t.id,
            "visits": int(totals[t.id]["visits"]),
            "travel_km": round(totals[t.id]["travel_km"], 2),
            "travel_min": int(totals[t.id]["travel_min"]),
            "working_min": int(totals[t.id]["working_min"]),
            "utilisation": round(totals[t.id]["working_min"] / totals[t.id]["shift_min"], 3)
            if totals[t.id]["shift_min"]
            else 0.0,
        }
        for t in dataset.technicians
    ]
    shift_total = sum(totals[t.id]["shift_min"] for t in dataset.technicians) or 1
    kpis: dict[str, Any] = {
        **week.kpis,
        "technicians": rows,
        "technicians_used": len({r.technician_id for day in week.days for r in day.routes}),
        "utilisation": round(sum(r["working_min"] for r in rows) / shift_total, 3),
    }
    return Plan(
        date=week.date,
        timezone=week.timezone,
        routes=tuple(r for day in week.days for r in day.routes),
        unassigned=week.unassigned,
        kpis=kpis,
    )


def solve_week(dataset: Dataset, params: SearchParams) -> tuple[Plan, HorizonPlan, float, str, tuple]:
    """The week planned and checked: (the week as one plan, the multi-day plan, seconds, stopped by, violations)."""
    planned = plan_horizon(dataset, params)
    return (
        week_as_plan(dataset, planned.plan),
        planned.plan,
        planned.seconds,
        planned.stopped_by,
        tuple(check(dataset, planned.plan)),
    )
