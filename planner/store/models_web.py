"""Tables of what the web app must keep across restarts and share between its processes.

Kept apart from ``planner.store.models`` (the work orders and plans) because
they belong to the app's running, not to the department's data: which
dates were posted through the API (so that ``PLANNER_POSTED_DAYS`` can
forget the oldest), the staff sessions that logout ends, and the jobs
posted to the API that any app server may be asked about.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.store.models import Base


class PostedDayRow(Base):
    """A date whose first plan was posted with its own dataset (``POST /api/v1/plans``), and when."""

    __tablename__ = "posted_days"

    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime)


class StaffSessionRow(Base):
    """An open staff session of ``login``. ``digest`` is the SHA-256 of the session id, so the table cannot be replayed."""

    __tablename__ = "staff_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    login: Mapped[str] = mapped_column(String(200), index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class JobRow(Base):
    """A job of the web app (a scenario run posted to the API), so that every app server can tell how it goes.

    ``request`` is what the job solves, as posted: kept only until the job
    ends (it holds the day's customers), so that a job whose server
    stopped can be run again by another. ``owner`` names the app server
    running it, which proves it still does by moving ``heartbeat_at``.
    """

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    owner: Mapped[str] = mapped_column(String(64), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    request: Mapped[str | None] = mapped_column(Text, nullable=True)
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
