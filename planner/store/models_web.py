"""Tables of what the web app must keep across restarts and share between its processes.

Kept apart from ``planner.store.models`` (the work orders and plans) because
they belong to the app's running, not to the department's data: which
dates were posted through the API (so that ``PLANNER_POSTED_DAYS`` can
forget the oldest), and the staff sessions that logout ends.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, String
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
