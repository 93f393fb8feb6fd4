"""Who may see what: staff logins, API tokens and technicians' signed links.

Customer names, phones and addresses are on the dispatch board and the
route pages, so those always need a logged-in staff member
(the dispatch lead, the manager), an API token, or, for one technician's
own route page, a signed link that expires. The role chart carries no
customer data and is open. Debug mode changes none of this: a debug
server reached from the network would otherwise hand out every customer.

A staff login is a session held on the server (``web.sessions``): the
signed cookie carries its id, and every request checks that the session
is still open and its user still configured.

Staff accounts come from ``PLANNER_USERS`` as ``name:hash`` pairs
separated by ``;`` (hashes from ``werkzeug.security.generate_password_hash``),
API tokens from ``PLANNER_API_TOKENS``; nothing secret is in the repository.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import secrets
import threading
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, request, session
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from web.hashing import hashing_lane
from web.once import lead_logged_in
from web.sessions import sessions

F = TypeVar("F", bound=Callable[..., object])

LINK_SALT = "technician-route-link"


class AccessDenied(Exception):
    """Raised by the guards; the error handlers answer 401 (JSON or a login page)."""


def staff_users() -> dict[str, str]:
    """user name -> password hash, from PLANNER_USERS."""
    pairs = [item.split(":", 1) for item in current_app.config.get("PLANNER_USERS", "").split(";") if ":" in item]
    return {name.strip(): hashed.strip() for name, hashed in pairs}


#: Hashes of random passwords, one per hashing method, to check unknown names against.
_STAND_INS: dict[str, str] = {}
_STAND_INS_LOCK = threading.Lock()


def stand_in_hash(users: dict[str, str]) -> str:
    """A hash of a random password made with the staff hashes' own method (werkzeug's default if none).

    An unknown name is checked against it, so refusing it costs one hash
    of the same kind as refusing a wrong password: the time taken does not
    tell whether a name is a staff user.
    """
    methods = [hashed.split("$", 1)[0] for hashed in users.values() if "$" in hashed]
    method = max(set(methods), key=methods.count) if methods else ""
    with _STAND_INS_LOCK:
        if method not in _STAND_INS:
            random_password = secrets.token_urlsafe(32)
            _STAND_INS[method] = (
                generate_password_hash(random_password, method=method)
                if method
                else generate_password_hash(random_password)
            )
        return _STAND_INS[method]


def verify_login(name: str, password: str) -> bool:
    """True when the name is a staff user and the password matches its hash.

    Exactly one hash is checked either way (see ``stand_in_hash``), in the
    app's hashing lane (``web.hashing``), which raises ``LaneFull`` when busy.
    """
    users = staff_users()
    hashed = users.get(name)
    checked = hashing_lane().run(lambda: check_password_hash(hashed or stand_in_hash(users), password))
    return hashed is not None and checked


def bearer_token_ok() -> bool:
    """The request carries ``Authorization: Bearer <token>`` with a configured token (scheme in any case)."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given:
        return False
    return any(hmac.compare_digest(given, token) for token in current_app.config.get("PLANNER_API_TOKENS", []))


def logged_in_staff() -> str | None:
    """The staff member of this request's session: still configured, session still open here."""
    name, session_id = session.get("staff"), session.get("sid")
    if not isinstance(name, str) or not isinstance(session_id, str):
        return None
    known = name in staff_users() or lead_logged_in(name)
    return name if known and sessions().holder(session_id) == name else None


def is_staff() -> bool:
    """A logged-in staff session, or a valid API token."""
    return logged_in_staff() is not None or bearer_token_ok()


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
    days = int(current_app.config.get("PLANNER_LINK_DAYS", 2))
    if not token or days <= 0:  # 0: links are off, even within the second they were made
        return None
    max_age = days * 24 * 3600
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
