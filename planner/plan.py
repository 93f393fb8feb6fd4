"""Output models: the plan every page, file and API answer is made from.

The field names follow ``plan.json`` of the data contract exactly (the
Python names ``return_`` and ``break_`` serialise as ``return`` and
``break``), so ``Plan.to_json()`` is the file other tools read.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

ReasonCode = Literal[
    "no_qualified_technician",
    "no_technician_in_region",
    "window_outside_shifts",
    "parts_out_of_stock",
    "capacity",
    "deferred",
    "no_plan_in_time",
]

#: Order in which reasons are reported when several apply (data contract, section 3).
REASON_ORDER: tuple[str, ...] = get_args(ReasonCode)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    #: Fields added by the operations contract, written only when set, so a one-day plan
    #: without crews or a horizon keeps exactly the text it always had.
    _when_set: tuple[str, ...] = ()

    @model_serializer(mode="wrap")
    def _leave_out_unset(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        for name in self._when_set:
            if getattr(self, name) is None:
                data.pop(name, None)
        return data


class Stop(_Out):
    """One visit on a route: when the technician arrives, starts and leaves."""

    visit_id: str
    arrival: dt.datetime
    start: dt.datetime
    end: dt.datetime
    travel_min: int
    travel_km: float
    #: A crew visit (operations contract, section 2): every member's id, the lead first.
    crew: tuple[str, ...] | None = None

    _when_set = ("crew",)


class Break(_Out):
    """The lunch break, inside the lunch window and between services."""

    start: dt.datetime
    end: dt.datetime


class Route(_Out):
    """One technician's day: leave base, stops in order, back to base."""

    technician_id: str
    depart: dt.datetime
    return_: dt.datetime = Field(alias="return")
    break_: Break | None = Field(alias="break")
    stops: tuple[Stop, ...]
    travel_km: float
    travel_min: int


class Load(_Out):
    """How one qualified person's day stands, as a capacity reason states it.

    ``state``: ``no_route`` (no route today and the visit alone does not fit
    the shift), ``at_cap`` (at the cap of visits), ``busy`` (the named
    visits fill the arrival window), ``booked`` (``visits`` count of stops,
    back at base at ``until``).
    """

    technician_id: str
    state: Literal["no_route", "at_cap", "busy", "booked"]
    visits: tuple[str, ...] = ()
    until: str | None = None


class Evidence(_Out):
    """The facts behind a reason, so that ``planner check`` can confirm every one of them.

    For ``parts_out_of_stock``: the part, how many the visit needs, the
    stock, the planned visits holding it that are more important (named as
    such) and the others holding it. For ``capacity`` and ``deferred``: the
    loads of the people named.
    """

    part_id: str | None = None
    quantity: int | None = None
    stock: int | None = None
    more_important: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    loads: tuple[Load, ...] = ()
    #: On a horizon, the day whose routes the loads describe.
    date: dt.date | None = None

    _when_set = ("date",)


class Unassigned(_Out):
    """A visit left out of today's plan and why, in words a dispatcher can act on."""

    visit_id: str
    reason_code: ReasonCode
    reason: str
    reason_zh: str = ""
    evidence: Evidence | None = None


class Plan(_Out):
    """A whole day's plan: routes, unassigned visits and headline figures."""

    date: dt.date
    timezone: str
    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    kpis: dict[str, Any] = Field(default_factory=dict)
    #: When a re-plan was made: nothing left to do may start before it (None for a morning plan,
    #: whose ``plan.json`` then has no such key: it is the contract's plan as it always was).
    as_of: dt.datetime | None = None

    @model_serializer(mode="wrap")
    def _without_empty_as_of(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        if data.get("as_of") is None:
            data.pop("as_of", None)
        return data

    def to_json(self) -> str:
        """The contract's ``plan.json`` text (stable key order, UTF-8, readable)."""
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """Read a ``plan.json`` text back (used by the pages and re-planning)."""
        return cls.model_validate_json(text)

    def route_of(self, technician_id: str) -> Route | None:
        """The route of one technician, or None when they have no stops."""
        for route in self.routes:
            if route.technician_id == technician_id:
                return route
        return None
