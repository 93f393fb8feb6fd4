"""The multi-day ``plan.json`` (operations contract, section 1).

Each element of ``days`` holds the ``routes`` of a one-day plan; every
visit appears once over the horizon, in one route of one day (in each
member's route for a crew visit) or in ``unassigned``. The first day is
the firm plan; later days are proposals.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planner.plan import Plan, Route, Unassigned


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")


class DayRoutes(_Out):
    """One date of the horizon and its routes."""

    date: dt.date
    routes: tuple[Route, ...]


class HorizonPlan(_Out):
    """A plan over several days: routes per day, what fits on none of them, headline figures."""

    date: dt.date
    timezone: str
    horizon_days: int
    days: tuple[DayRoutes, ...]
    unassigned: tuple[Unassigned, ...]
    kpis: dict[str, Any] = Field(default_factory=dict)

    def to_json(self) -> str:
        """The contract's ``plan.json`` text (stable key order, UTF-8, readable)."""
        return json.dumps(self.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> HorizonPlan:
        """Read a multi-day ``plan.json`` back."""
        return cls.model_validate_json(text)

    def day_plan(self, index: int = 0) -> Plan:
        """One day as a one-day plan (the first day is the firm plan), with the horizon's unassigned visits."""
        day = self.days[index]
        return Plan(
            date=day.date, timezone=self.timezone, routes=day.routes, unassigned=self.unassigned, kpis=self.kpis
        )
