"""Limits on what a client can make the server do: logins (against guessing) and searches per API caller.

Flask-Limiter counts refused logins (401) per user name and per client
address (the proxy's ``X-Forwarded-For`` only with trusted proxies, see
``web.proxy``); past either limit the login page answers 429 with
``Retry-After``, even to the right password, until the window has passed.
Logins that succeed do not count. The counters live in
``PLANNER_RATELIMIT_STORAGE`` (``memory://`` by default, one process;
any storage URI Flask-Limiter knows, e.g. ``redis://...``, shares them).

A flood of logins could also keep every server thread hashing passwords:
the app's ``web.hashing.HashingLane``, made here from
``PLANNER_LOGIN_HASHING`` and ``PLANNER_LOGIN_WAITING``, bounds that.

Requests that start a search (``POST /plans``, re-plans, bookings) are
limited per caller by ``PLANNER_API_SOLVE_LIMIT`` (API token, else staff
user, else address), so that one busy client cannot keep the solver's
queue (``web.solving``) full for everybody else.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter, RequestLimit

from web.api.replies import error_response
from web.auth import logged_in_staff
from web.hashing import HashingLane
from web.login import login_page

#: API endpoints that start a search; each caller may start ``PLANNER_API_SOLVE_LIMIT`` of them.
SEARCH_ENDPOINTS = ("api.create_plan", "api.replan_day", "api.book_slot")
#: The login form's endpoint, limited per address and per user name.
LOGIN_ENDPOINT = "auth.login"


def client_address() -> str:
    """The client's address as the server sees it (after ``ProxyFix`` when proxies are trusted)."""
    return request.remote_addr or "unknown"


def login_name() -> str:
    """The name typed in the login form, as one bucket whatever its case or spaces."""
    return "user:" + request.form.get("name", "").strip().casefold()


def refused(response: Response) -> bool:
    """Only refused logins use up the allowance."""
    return response.status_code == 401


def too_many(limit: RequestLimit) -> Response:
    """The login page with 429 and when to try again."""
    wait = max(1, math.ceil(limit.reset_at - time.time()))
    response = login_page(429, "too_many")
    response.headers["Retry-After"] = str(wait)
    return response


def api_caller() -> str:
    """Who asks for a search: the API token (as a digest, never the token), the staff user, or the address."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode("utf-8")).hexdigest()[:24]
    staff = logged_in_staff()
    return f"staff:{staff}" if staff else f"address:{client_address()}"


def too_many_searches(limit: RequestLimit) -> Response:
    """429 JSON with when to try again."""
    wait = max(1, math.ceil(limit.reset_at - time.time()))
    return error_response(
        429,
        "too_many_requests",
        f"at most {limit.limit} search requests per caller; retry in {wait} s",
        {"Retry-After": str(wait)},
    )


def install_limits(app: Flask) -> None:
    """The app's limiter: logins (see ``limit_logins``) and search requests per API caller."""
    limiter = Limiter(
        client_address,
        app=app,
        storage_uri=app.config["PLANNER_RATELIMIT_STORAGE"],
        strategy="moving-window",
        key_prefix="planner",
    )
    app.extensions["planner.limiter"] = limiter
    # Only logins and searches are limited: any other request (a status from the field, a page) skips the
    # limiter's look-up of limits, which cost about as much CPU as a status update's own database work.
    with_limits = frozenset((LOGIN_ENDPOINT, *SEARCH_ENDPOINTS))
    limiter.request_filter(lambda: request.endpoint not in with_limits)
    limit_logins(app, limiter)
    for endpoint in SEARCH_ENDPOINTS:
        # Flask-Limiter types its wrapper as maybe asynchronous; these views are plain functions.
        limited: Callable[..., Any] = limiter.limit(
            lambda: current_app.config["PLANNER_API_SOLVE_LIMIT"],
            key_func=api_caller,
            methods=["POST"],
            on_breach=too_many_searches,
            scope="api-search",
        )(app.view_functions[endpoint])
        app.view_functions[endpoint] = limited


def limit_logins(app: Flask, limiter: Limiter) -> None:
    """Wrap the login view with the per-address and per-user limits, and make the hashing lane."""
    app.extensions["planner.hashing"] = HashingLane(
        int(app.config["PLANNER_LOGIN_HASHING"]), int(app.config["PLANNER_LOGIN_WAITING"])
    )
    view: Callable[..., Any] = app.view_functions[LOGIN_ENDPOINT]
    view = limiter.limit(
        lambda: current_app.config["PLANNER_LOGIN_LIMIT_ADDRESS"],
        key_func=client_address,
        methods=["POST"],
        deduct_when=refused,
        on_breach=too_many,
        scope="login-address",
    )(view)
    view = limiter.limit(
        lambda: current_app.config["PLANNER_LOGIN_LIMIT_USER"],
        key_func=login_name,
        methods=["POST"],
        deduct_when=refused,
        on_breach=too_many,
        scope="login-user",
    )(view)
    app.view_functions[LOGIN_ENDPOINT] = view
