"""Staff sessions kept in the store, so that every server process sees the same logins and logouts.

A session id is a bearer secret: the table holds its SHA-256 only, so a
copy of the database (a backup, a replica) opens no session. Each
session ends at a UTC moment; ended ones are swept out when someone logs
in, so the table stays as small as the logins of one lifetime.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete

from planner.store.database import Database
from planner.store.models_web import StaffSessionRow


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def open_session(db: Database, session_id: str, user: str, now: dt.datetime, ends: dt.datetime) -> None:
    """Keep a new session of ``user`` until ``ends``; sessions ended by ``now`` are dropped on the way (aware times)."""
    with db.transaction() as session:
        session.execute(delete(StaffSessionRow).where(StaffSessionRow.ends_at <= _naive_utc(now)))
        session.add(StaffSessionRow(digest=_digest(session_id), login=user, ends_at=_naive_utc(ends)))


def session_holder(db: Database, session_id: str, now: dt.datetime) -> str | None:
    """The user of the session when it is open at ``now`` (aware), else None (asked at every staff request:
    a read that takes no write lock)."""
    with db.reading() as session:
        row = session.get(StaffSessionRow, _digest(session_id))
        if row is None or row.ends_at <= _naive_utc(now):
            return None
        return row.login


def close_session(db: Database, session_id: str) -> None:
    """End one session (logout), in every process at once."""
    with db.transaction() as session:
        session.execute(delete(StaffSessionRow).where(StaffSessionRow.digest == _digest(session_id)))


def close_user_sessions(db: Database, user: str) -> None:
    """End every session of ``user``."""
    with db.transaction() as session:
        session.execute(delete(StaffSessionRow).where(StaffSessionRow.login == user))
