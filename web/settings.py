"""The app's settings from the ``PLANNER_*`` environment, with every mistake named at once.

A typo in a setting (``PLANNER_LINK_DAYS=abc``) must stop the server
with a sentence naming the variable, the value and what it should be,
not a traceback, and the operator should see all such mistakes in one
go. ``EnvReader`` collects them; ``SettingError`` carries the list.
"""

from __future__ import annotations

import math
import os
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from limits import parse_many

from web.keys import weak_key_problem


class SettingError(ValueError):
    """One or more ``PLANNER_*`` settings are unusable; ``problems`` has one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class EnvReader:
    """Reads typed settings from an environment, remembering each bad one instead of stopping."""

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        self.problems: list[str] = []

    def text(self, name: str, default: str = "") -> str:
        """The raw value, or ``default`` when unset or empty."""
        return self.environ.get(name) or default

    def secret_key(self, name: str) -> str:
        """A key that looks like 32 random bytes (``web.keys``), or a fresh random one when unset."""
        value = self.text(name)
        if not value:
            return secrets.token_urlsafe(32)
        problem = weak_key_problem(name, value)
        if problem:
            self.problems.append(problem)
        return value

    def rates(self, name: str, default: str) -> str:
        """Rate limits in Flask-Limiter's notation, such as ``5 per minute;20 per hour``."""
        value = self.text(name, default)
        try:
            parse_many(value)
        except ValueError:
            self.problems.append(f"{name}={value!r} is not a rate limit such as '5 per minute;20 per hour'")
            return default
        return value

    def address(self, name: str) -> str:
        """An ``http://`` or ``https://`` address with a host, or empty when unset."""
        value = self.text(name).strip()
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment):
            self.problems.append(f"{name}={value!r} is not an address such as 'https://planner.example.cn'")
            return ""
        return value

    def whole(self, name: str, default: int, minimum: int = 0) -> int:
        """A whole number of at least ``minimum``."""
        raw = self.text(name, str(default)).strip()
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value < minimum:
            self.problems.append(f"{name}={raw!r} is not a whole number of at least {minimum} (default {default})")
            return default
        return value

    def number(self, name: str, default: float, minimum: float = 0.0) -> float:
        """A finite number of at least ``minimum``."""
        raw = self.text(name, str(default)).strip()
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < minimum:
            self.problems.append(f"{name}={raw!r} is not a finite number of at least {minimum:g} (default {default:g})")
            return default
        return value

    def check(self) -> None:
        """Raise ``SettingError`` with every problem found so far."""
        if self.problems:
            raise SettingError(self.problems)
