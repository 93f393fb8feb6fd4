"""``planner import``: a dataset's technicians, parts, regions and visits into the store.

Importing the same files twice changes nothing. A visit seen for the
first time becomes an ``open`` order, aged from the dataset's date; a
changed row updates its order (the version goes up, and the edit is
recorded field by field); an order the files no longer list keeps its
status, so an open order missing from a later import stays open (and is
reported). The whole import is one transaction: stopped half-way, by an
error or a killed process, it leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from planner.domain import Dataset, Visit
from planner.store.clock import as_utc
from planner.store.database import Database
from planner.store.models import (
    OrderEditRow,
    PartRow,
    RegionRow,
    SettingRow,
    StatusChangeRow,
    TechnicianRow,
    WorkOrderRow,
)
from planner.store.rows import SETTING_KEYS, technician_fields, visit_fields
from planner.workorders import CLOSED

#: Settings key that says whether parts.csv was given (no parts.csv = stock is no constraint).
PARTS_CONSTRAINED = "parts_constrained"
#: Settings key holding the plan date of the last dataset imported.
IMPORTED_DATE = "imported_date"
#: Settings key holding the last imported role chart (org.yaml), or None: groups for the KPIs, names for pages.
ORG_CHART = "org_chart"


@dataclass(frozen=True)
class ImportReport:
    """What an import did, by visit id."""

    new: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    still_open: tuple[str, ...] = ()
    technicians: int = 0
    parts: int = 0
    regions: int = 0
    changed_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _settings(session, dataset: Dataset) -> None:
    values = dataset.settings.model_dump()
    for key in SETTING_KEYS:
        session.merge(SettingRow(key=key, value=values[key]))
    session.merge(SettingRow(key=PARTS_CONSTRAINED, value=dataset.parts is not None))
    session.merge(SettingRow(key=IMPORTED_DATE, value=dataset.settings.date.isoformat()))
    session.merge(
        SettingRow(
            key=ORG_CHART,
            value=None
            if dataset.org is None
            else json.loads(json.dumps(dataset.org, ensure_ascii=False, default=list)),
        )
    )


def _technicians(session, dataset: Dataset) -> None:
    """Upsert everyone listed; people no longer listed stay in the store but are not planned."""
    listed = {technician.id for technician in dataset.technicians}
    for row in session.scalars(select(TechnicianRow)):
        row.active = row.id in listed
    for position, technician in enumerate(dataset.technicians):
        session.merge(TechnicianRow(**technician_fields(technician), active=True, position=position))


def _catalogue(session, dataset: Dataset) -> None:
    """Parts (with stock) and regions; ones not listed again are kept, since older orders name them."""
    for position, part in enumerate(dataset.parts or ()):
        session.merge(PartRow(id=part.id, name=part.name, stock=part.stock, position=position))
    for position, region in enumerate(dataset.regions):
        session.merge(RegionRow(id=region.id, name=region.name, name_en=region.name_en, position=position))


def import_order(
    session, row: WorkOrderRow | None, visit: Visit, created: dt.date, moment: dt.datetime, by: str
) -> tuple[str, tuple[str, ...]]:
    """Add (``row`` None) or update one order: ("new" | "updated" | "unchanged", fields changed)."""
    fields = visit_fields(visit)
    if row is None:
        session.add(
            WorkOrderRow(
                **fields,
                status="open",
                version=1,
                created_date=visit.created_date or created,
                created_at=moment.isoformat(),
            )
        )
        session.add(
            StatusChangeRow(
                visit_id=visit.id,
                from_status=None,
                status="open",
                at=moment.isoformat(),
                at_utc=as_utc(moment),
                by=by,
                note="",
                version=1,
            )
        )
        return "new", ()
    changed = {name: [getattr(row, name), value] for name, value in fields.items() if getattr(row, name) != value}
    if not changed:
        return "unchanged", ()
    for name, (_, value) in changed.items():
        setattr(row, name, value)
    session.add(
        OrderEditRow(
            visit_id=visit.id,
            at_utc=as_utc(moment),
            by=by,
            fields={name: [_json(old), _json(new)] for name, (old, new) in changed.items()},
        )
    )
    return "updated", tuple(changed)


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def import_dataset(db: Database, dataset: Dataset, moment: dt.datetime, by: str = "import") -> ImportReport:
    """Bring a dataset into the store in one transaction (see the module's rules)."""
    outcome: dict[str, list[str]] = {"new": [], "updated": [], "unchanged": []}
    changed_fields: dict[str, tuple[str, ...]] = {}
    with db.transaction() as session:
        _settings(session, dataset)
        _technicians(session, dataset)
        _catalogue(session, dataset)
        listed = [visit.id for visit in dataset.visits]
        # One query for the orders already there (not one per row): an import of thousands takes seconds.
        known = {row.id: row for row in session.scalars(select(WorkOrderRow).where(WorkOrderRow.id.in_(listed)))}
        for visit in dataset.visits:
            kind, fields = import_order(session, known.get(visit.id), visit, dataset.settings.date, moment, by)
            outcome[kind].append(visit.id)
            if fields:
                changed_fields[visit.id] = fields
        still_open = session.scalars(
            select(WorkOrderRow.id)
            .where(WorkOrderRow.status.not_in(sorted(CLOSED)), WorkOrderRow.id.not_in(listed))
            .order_by(WorkOrderRow.id)
        )
        report = ImportReport(
            tuple(outcome["new"]),
            tuple(outcome["updated"]),
            tuple(outcome["unchanged"]),
            tuple(still_open),
            len(dataset.technicians),
            len(dataset.parts or ()),
            len(dataset.regions),
            changed_fields,
        )
    return report
