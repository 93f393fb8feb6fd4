"""At most a few password checks at once: a flood of logins must not take every server thread.

Checking a password costs a deliberate tenth of a second of CPU, so a
flood of logins could keep every server thread hashing. ``HashingLane``
lets ``PLANNER_LOGIN_HASHING`` checks run at once and
``PLANNER_LOGIN_WAITING`` wait; any other login is told at once to retry
(429, ``Retry-After: 1``), so pages and the API keep their threads. The
login check (``web.auth``) runs in the lane, the login form
(``web.login``) answers ``LaneFull``, and ``web.throttle`` makes the
app's lane with the other limits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")


class LaneFull(Exception):
    """Too many password checks are running or waiting; the login should be retried shortly."""


class HashingLane:
    """At most ``running`` password checks at once, ``waiting`` more queued, the rest refused at once."""

    def __init__(self, running: int, waiting: int):
        self._slots = threading.Semaphore(max(1, running))
        self._admitted = 0
        self._limit = max(1, running) + max(0, waiting)
        self._lock = threading.Lock()

    def run(self, check: Callable[[], T]) -> T:
        """Run ``check`` in the lane, or raise ``LaneFull`` without waiting."""
        with self._lock:
            if self._admitted >= self._limit:
                raise LaneFull()
            self._admitted += 1
        try:
            with self._slots:
                return check()
        finally:
            with self._lock:
                self._admitted -= 1


def hashing_lane() -> HashingLane:
    """The app's lane for password checks."""
    return current_app.extensions["planner.hashing"]
