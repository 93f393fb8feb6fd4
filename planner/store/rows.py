"""Rows <-> the planner's own models: the store keeps what the files say, field by field.

The store is a place to keep things, not a second model of the domain:
a work order's row holds exactly a ``Visit``'s fields (plus its status,
version and age), a technician's row a ``Technician``'s, so a dataset
read back from the store is equal to the one imported.
"""

from __future__ import annotations

from typing import Any

from planner.domain import Part, Region, Settings, Technician, Visit
from planner.store.models import PartRow, RegionRow, TechnicianRow, WorkOrderRow

VISIT_FIELDS: tuple[str, ...] = tuple(Visit.model_fields)
TECHNICIAN_FIELDS: tuple[str, ...] = tuple(Technician.model_fields)
#: Settings kept from the last import; the date is the one being planned, never stored.
SETTING_KEYS: tuple[str, ...] = tuple(name for name in Settings.model_fields if name != "date")


def _plain(value: Any) -> Any:
    """JSON-ready: tuples as lists, mappings as dicts (what the JSON columns give back)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def visit_fields(visit: Visit) -> dict[str, Any]:
    """A visit's fields as the work order's columns hold them."""
    return {name: _plain(value) for name, value in visit.model_dump().items()}


def visit_of(row: WorkOrderRow) -> Visit:
    """The ``Visit`` a work order stands for."""
    return Visit(**{name: getattr(row, name) for name in VISIT_FIELDS})


def technician_fields(technician: Technician) -> dict[str, Any]:
    """A technician's fields as their row holds them."""
    return {name: _plain(value) for name, value in technician.model_dump().items()}


def technician_of(row: TechnicianRow) -> Technician:
    """The ``Technician`` a row stands for."""
    fields = {name: getattr(row, name) for name in TECHNICIAN_FIELDS}
    fields["regions"] = tuple(fields["regions"])
    return Technician(**fields)


def part_of(row: PartRow) -> Part:
    """The ``Part`` a row stands for."""
    return Part(id=row.id, name=row.name, stock=row.stock)


def region_of(row: RegionRow) -> Region:
    """The ``Region`` a row stands for."""
    return Region(id=row.id, name=row.name, name_en=row.name_en)
