"""Staff login and logout: a form that puts the staff name in the signed session.

Forms carry a per-session CSRF token (``csrf_token()`` in every template),
and the session cookie is SameSite=Lax (``web.security``), so another site
can neither log a dispatcher in as someone else nor out. After login the
session is started afresh, so nothing set before it carries over, and it
is opened on the server too, so that logout ends it for every copy of the
cookie.
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Blueprint, Response, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from web.auth import logged_in_staff, verify_login
from web.hashing import LaneFull
from web.lang import request_lang
from web.sessions import sessions

bp = Blueprint("auth", __name__)

CSRF_KEY = "csrf"


def csrf_token() -> str:
    """The session's form token, made on first use."""
    token = session.get(CSRF_KEY)
    if not token:
        token = session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def csrf_ok() -> bool:
    """The posted ``csrf_token`` matches the session's."""
    expected, given = session.get(CSRF_KEY), request.form.get("csrf_token", "")
    return bool(expected) and hmac.compare_digest(str(expected), given)


@bp.app_context_processor
def form_helpers() -> dict[str, object]:
    """``csrf_token()`` for every template's forms (login, logout, the pages' own)."""
    return {"csrf_token": csrf_token}


def leaves_the_site(text: str) -> bool:
    """A target a browser could read as another host: ``//host``, ``/\\host``, a scheme, hidden characters.

    Browsers drop tabs and newlines from URLs and read ``\\`` as ``/``, and
    some servers collapse ``////host`` to ``//host``, so any control
    character, space or backslash, or a second leading slash, is refused.
    """
    if not text.startswith("/") or text.startswith("//"):
        return True
    if any(c.isspace() or c == "\\" or unicodedata.category(c) == "Cc" for c in text):
        return True
    parts = urlsplit(text)
    return bool(parts.scheme or parts.netloc)


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would make the login page a phishing aid.

    The target is checked as given and again after percent-decoding
    (``/%2F%2Fhost`` is ``//host`` to some proxies); anything doubtful
    goes to the start page.
    """
    if target and not leaves_the_site(target) and not leaves_the_site(unquote(target)):
        return target
    return request.script_root + "/"


def login_page(status: int = 200, error: str | None = None) -> Response:
    """The login form, with the page to return to and an optional message."""
    body = render_template(
        "auth/login.html",
        lang=request_lang(),
        error=error,
        next=request.values.get("next", ""),
        name=request.form.get("name", ""),
        staff=logged_in_staff(),
    )
    return Response(body, status=status, mimetype="text/html")


@bp.get("/login")
def login_form() -> Response:
    """Show the form."""
    return login_page()


@bp.post("/login")
def login() -> BaseResponse:
    """Check the form; on success start a new session for the staff member."""
    if not csrf_ok():
        return login_page(400, "expired")
    name, password = request.form.get("name", "").strip(), request.form.get("password", "")
    try:
        accepted = verify_login(name, password)
    except LaneFull:
        busy = login_page(429, "busy")
        busy.headers["Retry-After"] = "1"
        return busy
    if not accepted:
        return login_page(401, "wrong")
    session.clear()
    session["staff"] = name
    session["sid"] = sessions().open(name)
    return redirect(safe_next(request.form.get("next")))


def logout_page(status: int = 200, error: str | None = None) -> Response:
    """A confirmation button: logging out by a plain link would let any site do it."""
    body = render_template("auth/logout.html", lang=request_lang(), error=error, staff=logged_in_staff())
    return Response(body, status=status, mimetype="text/html")


@bp.get("/logout")
def logout_form() -> Response:
    """Ask before logging out."""
    return logout_page()


@bp.post("/logout")
def logout() -> BaseResponse:
    """End the session (with a valid form token) and go to the login page."""
    if not csrf_ok():
        return logout_page(400, "expired")
    if isinstance(session.get("sid"), str):
        sessions().close(session["sid"])
    session.clear()
    return redirect(url_for("auth.login_form", lang=request.args.get("lang")))
