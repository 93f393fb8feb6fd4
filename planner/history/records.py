"""The records KPIs are computed from, as the store keeps them (operations contract, section 4).

Only what the figures need: an order's attribution (department, group,
technician), its dates and, for complaints, its grade; and every status
change as recorded (times with their UTC offset), never a summary, so each KPI can be traced back to
the changes it counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import AwareDatetime

from planner.domain import Frozen, Grade, VisitType

Status = Literal["open", "planned", "en_route", "on_site", "done", "not_home", "needs_part", "rescheduled", "cancelled"]

#: Statuses after which an order is no longer waiting for anyone.
TERMINAL_STATUSES = frozenset({"done", "cancelled"})

#: Statuses that mean a technician reached the customer's door.
VISIT_STATUSES = frozenset({"on_site", "not_home"})


class OrderRecord(Frozen):
    """One work order: who it counts for, when it was asked for and by when it is due.

    ``technician_id`` is the person who did (or is to do) it, empty while
    nobody is assigned; ``complaint_of`` links a complaint to the order it
    is about.
    """

    id: str
    type: VisitType
    created_at: AwareDatetime
    due_date: dt.date | None = None
    department: str = ""
    group: str = ""
    technician_id: str = ""
    grade: Grade | None = None
    complaint_of: str | None = None


class StatusRecord(Frozen):
    """One status change: ``visit_id, status, at, by, note, client_id``."""

    visit_id: str
    status: Status
    at: AwareDatetime
    by: str
    note: str = ""
    client_id: str


def department_id(org: Mapping[str, Any]) -> str:
    """The id of the department ``org.yaml`` describes; empty without one."""
    department = org.get("department")
    return str(department.get("id", "")) if isinstance(department, Mapping) else ""


def technician_groups(org: Mapping[str, Any]) -> dict[str, str]:
    """Technician id -> the id of the group they lead or belong to (``org.yaml``)."""
    found = {}
    for group in org.get("department", {}).get("groups", []):
        for person in [group.get("leader") or {}, *group.get("members", [])]:
            if "technician" in person:
                found[person["technician"]] = group["id"]
    return found
