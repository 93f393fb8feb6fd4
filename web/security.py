"""Security headers on every response and safe session-cookie settings.

The pages show customers' names, phones and addresses, so they must not be
framed, sniffed, cached by a shared proxy or leak their URL (which may hold
a technician's link token) in a Referer. The Content-Security-Policy allows
only the app's own scripts and styles: the pages carry no inline script or
style, which keeps injected markup inert.
"""

from __future__ import annotations

from flask import Flask, Response, request

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
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    elif request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def secure_session(app: Flask) -> None:
    """HttpOnly, SameSite=Lax session cookie; Secure unless configured or in debug mode.

    ``SESSION_COOKIE_SECURE`` None (the app's default) means "decide here",
    so a dispatcher's own machine on plain ``http://`` (debug mode) still
    keeps its session, while a served app never sends it unencrypted.
    """
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = not app.debug


def register_security(app: Flask) -> None:
    """Cookie settings now, headers on every response."""
    secure_session(app)
    app.after_request(add_security_headers)
