"""Staff sessions held on the server, so that logging out really ends them.

The session cookie is signed, not stored: on its own, a copy taken
before logout would keep opening the board until the key changes. So a
login opens a session here (a random id, put in the signed cookie), every
request asks whether that id is still open for that user, and logout
closes it. Sessions also end after ``PLANNER_SESSION_HOURS``.

``SessionRegistry`` is what the app needs. ``MemorySessions`` keeps the
ids in this process (a restart logs everybody out, which is the safe
side); ``StoreSessions`` keeps them in the work-order store
(``PLANNER_DATABASE_URL``), so that several server processes share the
logins and logouts, and a restart keeps them.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable
from typing import Protocol

from flask import current_app

from planner.store import Database
from planner.store.staff_sessions import close_session, close_user_sessions, open_session, session_holder


class SessionRegistry(Protocol):
    """Open, look up and close staff sessions by their random id."""

    def open(self, user: str) -> str:
        """A new session id for ``user``."""

    def holder(self, session_id: str) -> str | None:
        """The user of an open, unexpired session, else None."""

    def close(self, session_id: str) -> None:
        """End one session (logout)."""

    def close_user(self, user: str) -> None:
        """End every session of ``user`` (password changed, account removed)."""


class MemorySessions:
    """Sessions in this process's memory, each ending ``lifetime`` seconds after login."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.monotonic):
        self.lifetime = lifetime
        self.clock = clock
        self._open: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def open(self, user: str) -> str:
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._drop_expired()
            self._open[session_id] = (user, self.clock() + self.lifetime)
        return session_id

    def holder(self, session_id: str) -> str | None:
        with self._lock:
            entry = self._open.get(session_id)
            if entry is None or entry[1] <= self.clock():
                return None
            return entry[0]

    def close(self, session_id: str) -> None:
        with self._lock:
            self._open.pop(session_id, None)

    def close_user(self, user: str) -> None:
        with self._lock:
            for session_id in [sid for sid, (holder, _) in self._open.items() if holder == user]:
                del self._open[session_id]

    def _drop_expired(self) -> None:
        """Forget ended sessions (at each login, so memory stays bounded by the logins of one lifetime)."""
        now = self.clock()
        for session_id in [sid for sid, (_, ends) in self._open.items() if ends <= now]:
            del self._open[session_id]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoreSessions:
    """Sessions in the store, each ending ``lifetime`` seconds after login, the same for every process.

    The clock is the wall clock in UTC (processes share no monotonic one).
    """

    def __init__(self, db: Database, lifetime: float, clock: Callable[[], dt.datetime] = utc_now):
        self.db = db
        self.lifetime = lifetime
        self.clock = clock

    def open(self, user: str) -> str:
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        open_session(self.db, session_id, user, now, now + dt.timedelta(seconds=self.lifetime))
        return session_id

    def holder(self, session_id: str) -> str | None:
        return session_holder(self.db, session_id, self.clock())

    def close(self, session_id: str) -> None:
        close_session(self.db, session_id)

    def close_user(self, user: str) -> None:
        close_user_sessions(self.db, user)


def sessions() -> SessionRegistry:
    """The current app's staff sessions (inside a request or app context)."""
    registry: SessionRegistry = current_app.extensions["planner.sessions"]
    return registry
