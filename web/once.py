"""A one-time login link for ``planner serve`` on this machine, as notebook servers print one.

On a fresh machine nobody has set ``PLANNER_USERS`` yet, so the board
would only show a login form nobody can pass. When the server listens on
a loopback address only, it prints a link that logs the lead in once:
the link is random, works a single time, ends after ``LIFETIME_SECONDS``
and is taken only from this machine (a request from any other address
is refused). On a network address no link is made: staff accounts are
needed there.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import secrets
import threading
from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request, session
from werkzeug.wrappers import Response as BaseResponse

from web.lang import request_lang
from web.sessions import sessions

#: How long the printed link works: enough to open it, too short to be found later in a scroll-back.
LIFETIME_SECONDS = 600
#: The staff name the link logs in as (shown on the board and kept with every edit).
LEAD = "lead"
EXTENSION = "planner.one_time_login"

bp = Blueprint("once", __name__)


@dataclass
class OneTimeLogin:
    """The token of the printed link, when it ends, and whether it has been used."""

    token: str
    ends: dt.datetime
    used: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, given: str, now: dt.datetime) -> bool:
        """True once: for the right token, before it ends; the token is spent by the first try that passes."""
        with self.lock:
            if self.used or now >= self.ends or not hmac.compare_digest(given.encode(), self.token.encode()):
                return False
            self.used = True
            return True


def issue(app: Flask, base_url: str, lifetime: int = LIFETIME_SECONDS) -> str:
    """Make the app's one-time login and return its link (``base_url`` is where the server listens)."""
    login = OneTimeLogin(secrets.token_urlsafe(32), dt.datetime.now(dt.UTC) + dt.timedelta(seconds=lifetime))
    app.extensions[EXTENSION] = login
    return f"{base_url.rstrip('/')}/login/once?token={login.token}"


def wanted(app: Flask, loopback: bool) -> bool:
    """A link is made only on a loopback address and while no staff account is configured."""
    return loopback and not app.config.get("PLANNER_USERS")


def lead_logged_in(name: str) -> bool:
    """``name`` is the lead who came in by this server's one-time link."""
    login = current_app.extensions.get(EXTENSION)
    return login is not None and login.used and name == LEAD


def _from_this_machine() -> bool:
    try:
        return ipaddress.ip_address((request.remote_addr or "").split("%")[0]).is_loopback
    except ValueError:
        return False


@bp.get("/login/once")
def login_once() -> BaseResponse:
    """Log the lead in with the printed link; 403 with what to do for a used, ended or foreign link."""
    login = current_app.extensions.get(EXTENSION)
    given = request.args.get("token", "")
    if login is None or not _from_this_machine() or not login.take(given, dt.datetime.now(dt.UTC)):
        body = render_template("auth/login.html", lang=request_lang(), error="once", next="", name="", staff=None)
        return Response(body, status=403, mimetype="text/html")
    session.clear()
    session["staff"] = LEAD
    session["sid"] = sessions().open(LEAD)
    return redirect(request.script_root + "/")
