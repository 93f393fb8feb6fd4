"""The store's tables, as SQLAlchemy 2 typed models.

Rows mirror the contract's files (technicians, parts, regions, visits) so
that turning them into a ``Dataset`` and back loses nothing; what a file
cannot hold lives here only: an order's status and version, its history,
every plan made for a date, and callbacks. Mappings (skills, parts) are
JSON columns, which SQLite and PostgreSQL both keep. ``position`` keeps
the order of the last import's rows, so a day planned from the store
lists people as the file did.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from planner.store.order_facts import utc_second


class Base(DeclarativeBase):
    """Base of every table of the store."""


class SettingRow(Base):
    """One day-wide rule of the last imported dataset (timezone, speed, lunch), by key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class TechnicianRow(Base):
    """A person who can be sent; ``active`` is False once a later import no longer lists them."""

    __tablename__ = "technicians"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    base_lat: Mapped[float]
    base_lon: Mapped[float]
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    shift_start: Mapped[int]
    shift_end: Mapped[int]
    max_visits: Mapped[int | None]
    #: The work phone a crew partner calls (technicians.csv ``phone``).
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class PartRow(Base):
    """A spare part and its stock."""

    __tablename__ = "parts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    stock: Mapped[int]
    position: Mapped[int] = mapped_column(Integer, default=0)


class RegionRow(Base):
    """A service region."""

    __tablename__ = "regions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


def _created_second(context: DefaultExecutionContext) -> int:
    """``created_s`` of a new order: its ``created_at`` in UTC seconds; every writer gives one, or the KPIs miss it."""
    created = context.get_current_parameters().get("created_at")
    if created is None:
        raise ValueError("a new work order needs created_at")
    return utc_second(dt.datetime.fromisoformat(created))


class WorkOrderRow(Base):
    """A visit that lives across days: the visits.csv row plus status, version and age."""

    __tablename__ = "work_orders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    lat: Mapped[float]
    lon: Mapped[float]
    region: Mapped[str] = mapped_column(String(64), default="")
    type: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int]
    required_skills: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    duration_min: Mapped[int]
    window_start: Mapped[int | None]
    window_end: Mapped[int | None]
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    parts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    pinned_technician: Mapped[str | None] = mapped_column(String(64))
    preferred_technician: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    release_date: Mapped[dt.date | None] = mapped_column(Date)
    crew_size: Mapped[int] = mapped_column(Integer, default=1)
    crew_skills: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_date: Mapped[dt.date] = mapped_column(Date)
    #: When the order was made (ISO with offset); None for orders imported before it was kept.
    created_at: Mapped[str | None] = mapped_column(String(40))
    #: Complaints only: 重大 / 重要 / 轻微 (planner.complaints), and the order the complaint is about.
    grade: Mapped[str | None] = mapped_column(String(16))
    complaint_of: Mapped[str | None] = mapped_column(String(64))
    #: Who the order counts for in the KPIs: the technician last sent, their group and department.
    technician_id: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    group_id: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    department_id: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    #: What the KPIs read of the order's history, kept up to date with it (planner.store.order_facts), as
    #: UTC seconds since 1970: when it was made, first done, first done or cancelled, first on site;
    #: and how many times a technician came to the door (on_site or not_home).
    created_s: Mapped[int | None] = mapped_column(BigInteger, default=_created_second, index=True)
    done_s: Mapped[int | None] = mapped_column(BigInteger, index=True)
    closed_s: Mapped[int | None] = mapped_column(BigInteger, index=True)
    arrived_s: Mapped[int | None] = mapped_column(BigInteger, index=True)
    door_visits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Every UPDATE says ``WHERE version = <the version read>`` and bumps it: a write made on a
    # stale copy changes no row and fails (StaleDataError) instead of silently winning.
    # SQLAlchemy's base declares this an instance variable, so it cannot be typed ClassVar.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    history: Mapped[list[StatusChangeRow]] = relationship(
        back_populates="order", order_by="StatusChangeRow.id", cascade="all, delete-orphan"
    )


class StatusChangeRow(Base):
    """One change of an order's status, as reported: who, when, why; ``client_id`` makes it idempotent.

    ``at`` is the moment as the reporter gave it (ISO with offset);
    ``at_utc`` the same instant for sorting and finding a day's changes.
    ``version`` is the order's version after the change, so a repeated
    ``client_id`` gets the same answer.
    """

    __tablename__ = "status_changes"
    __table_args__ = (UniqueConstraint("visit_id", "client_id", name="uq_status_changes_visit_client"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(40))
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    part_id: Mapped[str | None] = mapped_column(String(64))
    client_id: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int]

    order: Mapped[WorkOrderRow] = relationship(back_populates="history")


class OrderEditRow(Base):
    """A change an import made to an order's row: which fields, from what to what."""

    __tablename__ = "order_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"), index=True)
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(100))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """One plan made for a date. Every plan is kept; one per date is ``live`` (the newest by default)."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("date", "version", name="uq_plans_date_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    version: Mapped[int]
    made_by: Mapped[str] = mapped_column(String(100))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime)
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    dataset: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanEditRow(Base):
    """One change made to a date's plan from the dispatch board: who, when, what, and the plan version it made."""

    __tablename__ = "plan_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    made_by: Mapped[str] = mapped_column(String(100))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime)
    what_en: Mapped[str] = mapped_column(Text)
    what_zh: Mapped[str] = mapped_column(Text)
    technicians: Mapped[list[str]] = mapped_column(JSON)
    returns_to: Mapped[int | None] = mapped_column(Integer)


class CallbackRow(Base):
    """A follow-up call (回访) after a done order: due date, and the final outcome once settled.

    ``outcome``, ``called_at`` (UTC), ``by`` and ``note`` are those of the
    attempt that settled it (see ``planner.callbacks.Callback.closing_attempt``);
    every try is a ``CallbackAttemptRow``.
    """

    __tablename__ = "callbacks"
    __table_args__ = (UniqueConstraint("visit_id", name="uq_callbacks_visit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"), index=True)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    called_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    by: Mapped[str | None] = mapped_column(String(100))
    done_at: Mapped[str | None] = mapped_column(String(40))


class CallbackAttemptRow(Base):
    """One call to the customer: outcome, when (ISO with offset, and UTC), who, note; ``client_id`` makes it idempotent."""

    __tablename__ = "callback_attempts"
    __table_args__ = (UniqueConstraint("visit_id", "client_id", name="uq_callback_attempts_visit_client"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(40))
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    client_id: Mapped[str] = mapped_column(String(100))
