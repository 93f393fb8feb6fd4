"""The dates an earlier run proposed, and which of them a new run moved.

The first day of a plan is firm and later days are proposals that a
customer may already have been told. The next run starts from them: a
visit keeps its proposed date unless moving it gains more than
``MOVE_MINUTES`` of travel would (urgent work arrived, someone is off),
and the run reports every proposal it moved, so the customer service
desk knows whom to call.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planner.horizon.output import HorizonPlan


@dataclass(frozen=True)
class Moved:
    """A proposal that changed: the date given before and the new one (None = no longer planned)."""

    visit_id: str
    before: dt.date
    after: dt.date | None


def proposed_dates(text: str, first_day: dt.date) -> dict[str, dt.date]:
    """Visit id -> date an earlier plan (multi-day or one-day ``plan.json``) gave it, from ``first_day`` on.

    Dates before ``first_day`` are past and promise nothing any more.
    Raises ValueError when the text is not a plan.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(raw, dict) or not ("days" in raw or "routes" in raw):
        raise ValueError("not a plan.json: it has neither days nor routes")
    days: list[Any] = raw["days"] if "days" in raw else [{"date": raw.get("date"), "routes": raw.get("routes")}]
    dates: dict[str, dt.date] = {}
    try:
        for day in days:
            date = dt.date.fromisoformat(day["date"])
            for route in day["routes"] or []:
                for stop in route["stops"]:
                    if date >= first_day:
                        dates[str(stop["visit_id"])] = date
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a plan.json: {exc}") from None
    return dates


def moved_proposals(promised: Mapping[str, dt.date], plan: HorizonPlan) -> tuple[Moved, ...]:
    """Every visit whose proposed date changed, in the order of the earlier dates."""
    now = {s.visit_id: day.date for day in plan.days for r in day.routes for s in r.stops}
    moved = [Moved(v, date, now.get(v)) for v, date in promised.items() if now.get(v) != date]
    return tuple(sorted(moved, key=lambda m: (m.before, m.visit_id)))


def with_proposals(plan: HorizonPlan, promised: Mapping[str, dt.date]) -> tuple[HorizonPlan, tuple[Moved, ...]]:
    """The plan with the proposals it kept and moved among its figures (when there were any), and the moves.

    The figures count every earlier proposal, so a horizon planned in parts
    reports them over the whole horizon, as a horizon planned at once does.
    """
    moved = moved_proposals(promised, plan)
    if promised:
        plan = plan.model_copy(
            update={"kpis": {**plan.kpis, "proposals_kept": len(promised) - len(moved), "proposals_moved": len(moved)}}
        )
    return plan, moved
