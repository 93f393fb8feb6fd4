"""Days from the store: the dataset to plan a date with, every plan made for it, and what that morning held.

A plan is never overwritten: each plan of a date is kept as a new
version with who made it and when, and exactly one version of a date is
live (the newest, unless someone chose an earlier one). Making a plan
marks the orders it routes ``planned``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.domain import Dataset, Settings
from planner.history.records import department_id, technician_groups
from planner.io import dataset_from_document
from planner.io.write import dataset_to_document
from planner.plan import Plan
from planner.store.calendar import WORK_CALENDAR
from planner.store.clock import as_utc, day_bounds
from planner.store.database import Database
from planner.store.importing import IMPORTED_DATE, ORG_CHART, PARTS_CONSTRAINED
from planner.store.models import PartRow, PlanRow, RegionRow, SettingRow, StatusChangeRow, TechnicianRow, WorkOrderRow
from planner.store.orders import StatusReport, record
from planner.store.rows import part_of, region_of, technician_of, visit_of
from planner.workorders import PLANNABLE, allowed


class EmptyStore(LookupError):
    """Nothing has been imported yet: there are no settings or technicians to plan with."""


class StalePlan(Exception):
    """The date's live plan is no longer the one a change was made from: someone else's change came first.

    ``current`` is the live version now (None when the date has none).
    """

    def __init__(self, date: dt.date, current: int | None):
        super().__init__(f"the plan of {date} was changed meanwhile (now version {current})")
        self.date, self.current = date, current


@dataclass(frozen=True)
class PlanVersion:
    """Who made which plan of a date, when, and whether it is the live one."""

    date: dt.date
    version: int
    made_by: str
    made_at: dt.datetime
    live: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "version": self.version,
            "made_by": self.made_by,
            "made_at": self.made_at.isoformat() + "Z",
            "live": self.live,
        }


@dataclass(frozen=True)
class StoredDay:
    """A date's live plan with the dataset it was made from."""

    dataset: Dataset
    plan: Plan
    version: PlanVersion


def _settings(session: Session, date: dt.date) -> tuple[Settings, bool, dict | None]:
    stored = {row.key: row.value for row in session.scalars(select(SettingRow))}
    if not stored:
        raise EmptyStore("nothing has been imported into the store yet")
    constrained = bool(stored.pop(PARTS_CONSTRAINED, False))
    stored.pop(IMPORTED_DATE, None)
    org = stored.pop(ORG_CHART, None)
    stored.pop(WORK_CALENDAR, None)
    return Settings(date=date, **stored), constrained, org


def _dataset(session: Session, date: dt.date, orders: list[WorkOrderRow]) -> Dataset:
    settings, constrained, org = _settings(session, date)
    technicians = session.scalars(
        select(TechnicianRow).where(TechnicianRow.active).order_by(TechnicianRow.position, TechnicianRow.id)
    )
    parts = session.scalars(select(PartRow).order_by(PartRow.position, PartRow.id)) if constrained else None
    return Dataset(
        settings=settings,
        technicians=tuple(technician_of(row) for row in technicians),
        visits=tuple(visit_of(row) for row in orders),
        parts=None if parts is None else tuple(part_of(row) for row in parts),
        regions=tuple(
            region_of(row) for row in session.scalars(select(RegionRow).order_by(RegionRow.position, RegionRow.id))
        ),
        org=org,
    )


def _waiting(session: Session, date: dt.date) -> list[WorkOrderRow]:
    """Orders waiting for a technician that exist by ``date``, oldest first (then by id)."""
    return list(
        session.scalars(
            select(WorkOrderRow)
            .where(
                WorkOrderRow.status.in_(sorted(PLANNABLE)),
                WorkOrderRow.created_date <= date,
            )
            .order_by(WorkOrderRow.created_date, WorkOrderRow.id)
        )
    )


def imported_date(db: Database) -> dt.date | None:
    """The plan date of the last dataset imported, or None before any import."""
    with db.transaction() as session:
        row = session.get(SettingRow, IMPORTED_DATE)
        return None if row is None else dt.date.fromisoformat(row.value)


def dataset_for(db: Database, date: dt.date) -> Dataset:
    """The dataset to plan ``date`` with: the store's waiting orders, active technicians, parts and regions."""
    with db.transaction() as session:
        return _dataset(session, date, _waiting(session, date))


def _version(row: PlanRow) -> PlanVersion:
    return PlanVersion(row.date, row.version, row.made_by, row.made_at, row.live)


def save_plan(
    db: Database,
    dataset: Dataset,
    plan: Plan,
    by: str,
    moment: dt.datetime,
    proposal: bool = False,
    based_on: int | None = None,
) -> PlanVersion:
    """Keep ``plan`` as the newest, live version of its date, and mark the orders it routes planned.

    A ``proposal`` (a later day of a multi-day plan) is kept the same way,
    but its orders stay as they are: nobody has been sent yet, and the
    next run may still move them.

    ``based_on`` is the live version the plan was made from (an edit, a
    re-plan): when another change became live since (on this app server or
    another sharing the store), nothing is kept and ``StalePlan`` is
    raised, so that no change is lost under another. The date's plans are
    locked while this is decided; two first plans of a date at once meet at
    the unique version number, and the second is stale as well.
    """
    try:
        return _save_plan(db, dataset, plan, by, moment, proposal, based_on)
    except IntegrityError:
        raise StalePlan(plan.date, live_version(db, plan.date)) from None


def _save_plan(
    db: Database, dataset: Dataset, plan: Plan, by: str, moment: dt.datetime, proposal: bool, based_on: int | None
) -> PlanVersion:
    with db.transaction() as session:
        session.execute(select(PlanRow.id).where(PlanRow.date == plan.date).with_for_update()).all()
        live = session.scalar(select(PlanRow.version).where(PlanRow.date == plan.date, PlanRow.live))
        if based_on is not None and live != based_on:
            raise StalePlan(plan.date, live)
        newest = session.scalar(select(func.max(PlanRow.version)).where(PlanRow.date == plan.date)) or 0
        session.execute(update(PlanRow).where(PlanRow.date == plan.date).values(live=False))
        row = PlanRow(
            date=plan.date,
            version=newest + 1,
            made_by=by,
            made_at=as_utc(moment),
            live=True,
            dataset=dataset_to_document(dataset),
            plan=plan.model_dump(mode="json", by_alias=True),
        )
        session.add(row)
        if proposal:
            session.flush()
            return _version(row)
        sent = {stop.visit_id: route.technician_id for route in plan.routes for stop in route.stops}
        groups = technician_groups(dataset.org or {})
        department = department_id(dataset.org or {})
        orders = session.scalars(select(WorkOrderRow).where(WorkOrderRow.id.in_(sorted(sent))).with_for_update())
        for order in orders:
            if allowed(order.status, "planned"):
                # Whom the order counts for in the KPIs: the technician sent, their group and department.
                order.technician_id = sent[order.id]
                order.group_id, order.department_id = groups.get(order.technician_id, ""), department
                record(session, order, StatusReport("planned", moment, by, note=f"plan {row.version}"))
        session.flush()
        return _version(row)


def _stored(row: PlanRow) -> StoredDay:
    loaded = dataset_from_document(row.dataset, source=f"plan {row.date} version {row.version}")
    if loaded.dataset is None:
        raise ValueError(
            f"the stored dataset of plan {row.date} version {row.version} no longer reads: "
            + "; ".join(str(problem) for problem in loaded.problems)
        )
    return StoredDay(loaded.dataset, Plan.model_validate(row.plan), _version(row))


def live_day(db: Database, date: dt.date) -> StoredDay | None:
    """The live plan of ``date`` and its dataset, or None when the date has no plan."""
    with db.reading() as session:
        row = session.scalars(select(PlanRow).where(PlanRow.date == date, PlanRow.live)).one_or_none()
        return None if row is None else _stored(row)


def version_day(db: Database, date: dt.date, version: int) -> StoredDay | None:
    """One kept version of the date's plan with its dataset, or None when there is no such version."""
    with db.transaction() as session:
        row = session.scalars(select(PlanRow).where(PlanRow.date == date, PlanRow.version == version)).one_or_none()
        return None if row is None else _stored(row)


def live_days(db: Database) -> list[StoredDay]:
    """Every date's live plan, newest date first."""
    with db.reading() as session:
        return [
            _stored(row) for row in session.scalars(select(PlanRow).where(PlanRow.live).order_by(PlanRow.date.desc()))
        ]


def live_dates(db: Database) -> list[dt.date]:
    """Dates that have a plan, newest first."""
    with db.transaction() as session:
        return list(session.scalars(select(PlanRow.date).where(PlanRow.live).order_by(PlanRow.date.desc())))


def live_version(db: Database, date: dt.date) -> int | None:
    """The version number of the date's live plan (a cheap question, to know when a page's copy is old)."""
    with db.reading() as session:
        return session.scalar(select(PlanRow.version).where(PlanRow.date == date, PlanRow.live))


def plan_versions(db: Database, date: dt.date) -> list[PlanVersion]:
    """Every plan made for ``date``, first made first."""
    with db.transaction() as session:
        return [
            _version(row)
            for row in session.scalars(select(PlanRow).where(PlanRow.date == date).order_by(PlanRow.version))
        ]


def _status_at(session: Session, order: WorkOrderRow, moment: dt.datetime) -> str:
    """The order's status just before ``moment`` (UTC); ``open`` when nothing was recorded by then."""
    last = session.scalars(
        select(StatusChangeRow.status)
        .where(
            StatusChangeRow.visit_id == order.id,
            StatusChangeRow.at_utc < moment,
        )
        .order_by(StatusChangeRow.at_utc.desc(), StatusChangeRow.id.desc())
        .limit(1)
    ).first()
    return last or "open"


def morning_of(db: Database, date: dt.date) -> tuple[Dataset, list[StatusChangeRow]]:
    """What was true that morning: the orders then waiting, and every status change made that day."""
    with db.transaction() as session:
        settings, _, _ = _settings(session, date)
        start, end = day_bounds(date, settings.timezone)
        existing = session.scalars(
            select(WorkOrderRow)
            .where(WorkOrderRow.created_date <= date)
            .order_by(WorkOrderRow.created_date, WorkOrderRow.id)
        )
        waiting = [order for order in existing if _status_at(session, order, start) in PLANNABLE]
        changes = list(
            session.scalars(
                select(StatusChangeRow)
                .where(
                    StatusChangeRow.at_utc >= start,
                    StatusChangeRow.at_utc < end,
                )
                .order_by(StatusChangeRow.at_utc, StatusChangeRow.id)
            )
        )
        return _dataset(session, date, waiting), changes
