"""Security headers on every response and safe session-cookie settings.

The pages show customers' names, phones and addresses, so they must not be
framed, sniffed, cached by a shared proxy or leak their URL (which may hold
a technician's link token) in a Referer. The Content-Security-Policy allows
only the app's own scripts and styles: the pages carry no inline script or
style, which keeps injected markup inert.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def add_security_headers(response: Response) -> Response:
    """Set the headers; ``Cache-Control: no-store`` on everything but static files.

    API answers are always ``no-store``. A page may set its own
    ``Cache-Control`` (one without personal data), which is kept; static
    files keep the caching Flask gives them.
    """
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if request.path.startswith("/api/") or (request.endpoint != "static" and "Cache-Control" not in response.headers):
        response.headers["Cache-Control"] = "no-store"
    return response


def served_over_https(app: Flask) -> bool:
    """The browser reached us over HTTPS: the configured public address says so, or the request does.

    Behind a proxy that ends TLS the request itself is plain ``http://``;
    ``PLANNER_PUBLIC_URL=https://...`` or trusted proxy headers
    (``web.proxy``) tell the app what the browser sees.
    """
    public = str(app.config.get("PLANNER_PUBLIC_URL") or "")
    return public.lower().startswith("https://") or request.is_secure


class SchemeAwareSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions whose ``Secure`` flag follows how the browser reached the app.

    ``SESSION_COOKIE_SECURE`` True or False is obeyed as is; None (the
    default) means Secure exactly when the browser is on HTTPS. A cookie
    marked Secure on plain ``http://`` is dropped by the browser (login
    would not stick), and one without it on HTTPS could leak over a
    downgraded connection. Debug mode plays no part in this.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config.get("SESSION_COOKIE_SECURE")
        return bool(configured) if configured is not None else served_over_https(app)


def secure_session(app: Flask) -> None:
    """HttpOnly, SameSite=Lax session cookie, Secure whenever the browser is on HTTPS."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    app.session_interface = SchemeAwareSessions()


def register_security(app: Flask) -> None:
    """Cookie settings now, headers on every response."""
    secure_session(app)
    app.after_request(add_security_headers)
