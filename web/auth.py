"""Who may see what: staff logins, API tokens and technicians' signed links.

Customer names, phones and addresses are on the dispatch board and the
route pages, so outside debug mode those need a logged-in staff member
(the dispatch lead, the manager), an API token, or, for one technician's
own route page, a signed link that expires. The role chart carries no
customer data and is open.

Staff accounts come from ``PLANNER_USERS`` as ``name:hash`` pairs
separated by ``;`` (hashes from ``werkzeug.security.generate_password_hash``),
API tokens from ``PLANNER_API_TOKENS``; nothing secret is in the repository.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
from typing import Callable, TypeVar

from flask import current_app, request, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

F = TypeVar("F", bound=Callable[..., object])

LINK_SALT = "technician-route-link"


class AccessDenied(Exception):
    """Raised by the guards; the error handlers answer 401 (JSON or a login page)."""


def open_access() -> bool:
    """Debug mode (a dispatcher's own machine) needs no login."""
    return bool(current_app.debug)


def staff_users() -> dict[str, str]:
    """user name -> password hash, from PLANNER_USERS."""
    pairs = [item.split(":", 1) for item in current_app.config.get("PLANNER_USERS", "").split(";") if ":" in item]
    return {name.strip(): hashed.strip() for name, hashed in pairs}


def verify_login(name: str, password: str) -> bool:
    """True when the name is a staff user and the password matches its hash."""
    hashed = staff_users().get(name)
    return hashed is not None and check_password_hash(hashed, password)


def bearer_token_ok() -> bool:
    """The request carries ``Authorization: Bearer <token>`` with a configured token."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return False
    given = header[len("Bearer "):].strip()
    return any(hmac.compare_digest(given, token) for token in current_app.config.get("PLANNER_API_TOKENS", []))


def is_staff() -> bool:
    """Open access, a logged-in staff session, or a valid API token."""
    return open_access() or bool(session.get("staff")) or bearer_token_ok()


def staff_required(view: F) -> F:
    """Guard a view that shows personal data or changes plans."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not is_staff():
            raise AccessDenied()
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def technician_token(date: dt.date, technician_id: str) -> str:
    """A token for one technician's route page of one day (goes in the link's ``k`` parameter)."""
    return _serializer().dumps([date.isoformat(), technician_id])


def technician_allowed(date: dt.date, technician_id: str, token: str | None) -> bool:
    """Staff see every route; a technician sees their own with an unexpired token for that day."""
    if is_staff():
        return True
    return link_holder(token) == (date, technician_id)


def link_holder(token: str | None) -> tuple[dt.date, str] | None:
    """The day and technician an unexpired route-link token was signed for; None for any other token."""
    if not token:
        return None
    max_age = int(current_app.config.get("PLANNER_LINK_DAYS", 2)) * 24 * 3600
    try:
        signed_date, signed_id = _serializer().loads(token, max_age=max_age)
        return dt.date.fromisoformat(signed_date), str(signed_id)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None


def staff_login() -> str:
    """Who the staff member is, for the records: the session's login, else how they came in."""
    if session.get("staff"):
        return str(session["staff"])
    return "api-token" if bearer_token_ok() else "staff"
