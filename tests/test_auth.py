"""Who may use what: API tokens, the staff login over real HTTP, technicians' signed links."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from http_server import Reply, fetch, running
from itsdangerous import TimestampSigner
from werkzeug.security import generate_password_hash

from web import create_app
from web.auth import staff_required, technician_allowed, technician_token
from web.login import safe_next
from web.sessions import MemorySessions
from web.store import DayStore

TOKEN = "auth-test-token"
USER, PASSWORD = "dispatch_lead", "correct horse"
DAY = dt.date(2026, 11, 23)


def make_app(**config: object) -> Flask:
    """An app outside debug mode with one staff user, one token and a staff-only page."""
    users = f"{USER}:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"
    app = create_app(
        {"SECRET_KEY": "auth-test", "PLANNER_USERS": users, "PLANNER_API_TOKENS": [TOKEN], **config}, DayStore()
    )
    app.add_url_rule("/staff-only", "staff_only", staff_required(lambda: "customer list"))
    return app


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """The app as served behind an HTTPS proxy at its public address."""
    with running(make_app(PLANNER_PUBLIC_URL="https://planner.example.cn")) as url:
        yield url


def session_cookie(reply: Reply) -> str:
    """``session=<value>`` from the answer's Set-Cookie (empty when it clears the session)."""
    for header in reply.cookies():
        cookie = SimpleCookie(header)
        if "session" in cookie:
            return f"session={cookie['session'].value}"
    raise AssertionError("no session cookie was set")


def login_form(base: str) -> tuple[str, str]:
    """Open the login page: the session cookie and the form's CSRF token."""
    page = fetch(f"{base}/login")
    assert page.status == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    return session_cookie(page), token.group(1)


def submit(base: str, path: str, cookie: str, **fields: str) -> Reply:
    """POST a form with the browser's cookie."""
    return fetch(
        f"{base}{path}",
        "POST",
        urlencode(fields),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )


def test_api_refuses_requests_without_a_token(base: str) -> None:
    """Outside debug mode the plans API answers 401 JSON with a Bearer challenge."""
    reply = fetch(f"{base}/api/v1/plans")
    assert reply.status == 401
    assert reply.json()["error"] == "unauthorized"
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_refuses_a_wrong_token(base: str) -> None:
    """A token not in PLANNER_API_TOKENS is refused."""
    assert fetch(f"{base}/api/v1/plans", headers={"Authorization": "Bearer guess"}).status == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "Bearer  "])
def test_api_accepts_a_configured_token(base: str, scheme: str) -> None:
    """A configured Bearer token opens the staff endpoints; the scheme's case does not matter (RFC 7235)."""
    reply = fetch(f"{base}/api/v1/plans", headers={"Authorization": f"{scheme} {TOKEN}"})
    assert reply.status == 200 and reply.json() == {"dates": []}


@pytest.mark.parametrize("header", [f"Basic {TOKEN}", f"Bearer{TOKEN}", TOKEN, f"Bearer {TOKEN}x", "Bearer "])
def test_api_refuses_other_schemes_and_malformed_headers(base: str, header: str) -> None:
    """Only the Bearer scheme followed by a configured token is accepted."""
    assert fetch(f"{base}/api/v1/plans", headers={"Authorization": header}).status == 401


def test_debug_mode_still_needs_a_token() -> None:
    """Debug mode changes nothing about who may see customers: the API and staff pages stay closed."""
    with running(make_app(DEBUG=True)) as url:
        assert fetch(f"{url}/api/v1/plans").status == 401
        assert fetch(f"{url}/staff-only", headers={"Accept": "text/html"}).status == 302
        assert fetch(f"{url}/api/v1/plans", headers={"Authorization": f"Bearer {TOKEN}"}).status == 200


def test_browser_is_sent_to_the_login_page(base: str) -> None:
    """A browser asking for a staff page is redirected to /login, which will bring it back."""
    reply = fetch(f"{base}/staff-only", headers={"Accept": "text/html"})
    assert reply.status == 302
    assert reply.headers["Location"].startswith("/login?next=/staff-only")


def test_login_page_is_chinese_by_default_and_english_on_request(base: str) -> None:
    """The login page follows ?lang= and Accept-Language, Chinese when nothing is asked."""
    assert "员工登录" in fetch(f"{base}/login").text
    assert "Staff login" in fetch(f"{base}/login?lang=en").text
    assert "Staff login" in fetch(f"{base}/login", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    assert "员工登录" in fetch(f"{base}/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text


def test_wrong_password_is_rejected(base: str) -> None:
    """A wrong password shows the form again with 401 and gives no staff session."""
    cookie, csrf = login_form(base)
    reply = submit(base, "/login", cookie, csrf_token=csrf, name=USER, password="wrong")
    assert reply.status == 401
    assert "用户名或密码错误" in reply.text
    assert fetch(f"{base}/staff-only", headers={"Cookie": cookie}).status == 302


def test_login_without_the_form_token_is_rejected(base: str) -> None:
    """A login posted without the session's CSRF token (from another site) does not log in."""
    cookie, _ = login_form(base)
    reply = submit(base, "/login", cookie, csrf_token="forged", name=USER, password=PASSWORD)
    assert reply.status == 400
    assert not any("session=" in header and "staff" in header for header in reply.cookies())
    assert fetch(f"{base}/staff-only", headers={"Cookie": cookie}).status == 302


def test_right_password_logs_in_and_returns_to_the_page(base: str) -> None:
    """The right password sets a hardened session cookie that opens staff pages and the API."""
    cookie, csrf = login_form(base)
    reply = submit(base, "/login", cookie, csrf_token=csrf, name=USER, password=PASSWORD, next="/staff-only")
    assert reply.status == 302 and reply.headers["Location"] == "/staff-only"
    set_cookie = " ".join(reply.cookies()).lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "secure" in set_cookie
    staff = session_cookie(reply)
    assert fetch(f"{base}/staff-only", headers={"Cookie": staff}).text == "customer list"
    assert fetch(f"{base}/api/v1/plans", headers={"Cookie": staff}).status == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "https:/evil.example",
        "////evil.example",
        "///evil.example/d/",
        "/./\\evil.example",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "/\x00//evil.example",
    ],
)
def test_login_never_redirects_off_site(base: str, target: str) -> None:
    """A ``next`` pointing at another site is replaced by the start page."""
    cookie, csrf = login_form(base)
    reply = submit(base, "/login", cookie, csrf_token=csrf, name=USER, password=PASSWORD, next=target)
    assert reply.status == 302 and reply.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/d/2026-11-23/?lang=en", "/org", "/scenarios/"])
def test_login_returns_to_a_page_of_this_site(base: str, target: str) -> None:
    """A ``next`` that is a path here, with its query, is where the login goes back to."""
    cookie, csrf = login_form(base)
    reply = submit(base, "/login", cookie, csrf_token=csrf, name=USER, password=PASSWORD, next=target)
    assert reply.status == 302 and reply.headers["Location"] == target


def test_logout_ends_the_session(base: str) -> None:
    """Logging out (a form with the CSRF token) makes the old session worthless."""
    cookie, csrf = login_form(base)
    staff = session_cookie(submit(base, "/login", cookie, csrf_token=csrf, name=USER, password=PASSWORD))
    page = fetch(f"{base}/logout", headers={"Cookie": staff})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert page.status == 200 and token
    staff = session_cookie(page)
    forged = submit(base, "/logout", staff, csrf_token="forged")
    assert forged.status == 400
    reply = submit(base, "/logout", staff, csrf_token=token.group(1))
    assert reply.status == 302
    assert fetch(f"{base}/staff-only", headers={"Cookie": session_cookie(reply)}).status == 302


@pytest.mark.parametrize("debug", [False, True])
def test_plain_http_cookie_is_not_secure_whatever_the_debug_mode(debug: bool) -> None:
    """A request over plain http:// gets a cookie without Secure (or login would not stick), debug or not."""
    with running(make_app(DEBUG=debug)) as url:
        cookies = " ".join(fetch(f"{url}/login").cookies()).lower()
    assert "session=" in cookies and "secure" not in cookies


@pytest.mark.parametrize("debug", [False, True])
def test_https_public_url_makes_the_cookie_secure_whatever_the_debug_mode(debug: bool) -> None:
    """Served behind HTTPS (PLANNER_PUBLIC_URL https://...) the cookie is Secure, debug mode or not."""
    with running(make_app(DEBUG=debug, PLANNER_PUBLIC_URL="https://planner.example.cn")) as url:
        cookies = " ".join(fetch(f"{url}/login").cookies()).lower()
    assert "session=" in cookies and "secure" in cookies


def log_in(base: str) -> str:
    """Log in as the staff user: the staff session cookie."""
    cookie, csrf = login_form(base)
    reply = submit(base, "/login", cookie, csrf_token=csrf, name=USER, password=PASSWORD)
    assert reply.status == 302
    return session_cookie(reply)


def log_out(base: str, staff: str) -> None:
    """Log out through the form, as a browser does."""
    page = fetch(f"{base}/logout", headers={"Cookie": staff})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    assert submit(base, "/logout", session_cookie(page), csrf_token=token.group(1)).status == 302


def test_a_cookie_copied_before_logout_no_longer_opens_the_board(base: str) -> None:
    """Logout ends the session on the server: a copy of the cookie taken while logged in is worthless."""
    staff = log_in(base)
    assert fetch(f"{base}/staff-only", headers={"Cookie": staff}).text == "customer list"
    log_out(base, staff)
    assert fetch(f"{base}/staff-only", headers={"Cookie": staff}).status == 302
    assert fetch(f"{base}/api/v1/plans", headers={"Cookie": staff}).status == 401


def test_logging_out_one_browser_keeps_the_others(base: str) -> None:
    """Two logins are two sessions: ending one leaves the other open."""
    first, second = log_in(base), log_in(base)
    log_out(base, first)
    assert fetch(f"{base}/staff-only", headers={"Cookie": second}).text == "customer list"


def test_a_removed_user_is_logged_out_at_the_next_request() -> None:
    """Users are checked on every request: a session of a user no longer in PLANNER_USERS opens nothing."""
    app = make_app()
    with running(app) as url:
        staff = log_in(url)
        assert fetch(f"{url}/staff-only", headers={"Cookie": staff}).text == "customer list"
        app.config["PLANNER_USERS"] = ""
        assert fetch(f"{url}/staff-only", headers={"Cookie": staff}).status == 302


def test_a_forged_session_cookie_opens_nothing() -> None:
    """Even with the signing key, a cookie naming a staff user without an open session is refused."""
    app = make_app()
    cookies = app.session_interface
    assert isinstance(cookies, SecureCookieSessionInterface)
    signer = cookies.get_signing_serializer(app)
    assert signer is not None
    forged = signer.dumps({"staff": USER, "sid": "guessed"})
    with running(app) as url:
        assert fetch(f"{url}/staff-only", headers={"Cookie": f"session={forged}"}).status == 302


def test_sessions_end_after_the_configured_hours() -> None:
    """PLANNER_SESSION_HOURS bounds a session's life on the server."""
    clock = [0.0]
    app = make_app()
    app.extensions["planner.sessions"] = MemorySessions(lifetime=3600, clock=lambda: clock[0])
    with running(app) as url:
        staff = log_in(url)
        clock[0] = 3599
        assert fetch(f"{url}/staff-only", headers={"Cookie": staff}).text == "customer list"
        clock[0] = 3601
        assert fetch(f"{url}/staff-only", headers={"Cookie": staff}).status == 302


@pytest.fixture
def app() -> Flask:
    return make_app(PLANNER_LINK_DAYS=2)


def allowed(app: Flask, date: dt.date, technician: str, token: str | None) -> bool:
    """``technician_allowed`` as a request without any staff credentials sees it."""
    with app.test_request_context("/"):
        return technician_allowed(date, technician, token)


def token_for(app: Flask, date: dt.date, technician: str) -> str:
    with app.test_request_context("/"):
        return technician_token(date, technician)


def test_technician_link_opens_its_own_route(app: Flask) -> None:
    """A signed link works for the day and the technician it was made for."""
    assert allowed(app, DAY, "T03", token_for(app, DAY, "T03"))


def test_technician_link_does_not_open_another_route(app: Flask) -> None:
    """The same link is refused for another technician and for another day."""
    token = token_for(app, DAY, "T03")
    assert not allowed(app, DAY, "T04", token)
    assert not allowed(app, DAY + dt.timedelta(days=1), "T03", token)


def test_technician_link_must_be_signed_by_this_app(app: Flask) -> None:
    """A missing, altered or foreign-signed token is refused."""
    token = token_for(app, DAY, "T03")
    assert not allowed(app, DAY, "T03", None)
    assert not allowed(app, DAY, "T03", token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    other = make_app(SECRET_KEY="another-key")
    assert not allowed(app, DAY, "T03", token_for(other, DAY, "T03"))


def test_technician_link_expires(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """After PLANNER_LINK_DAYS the link no longer opens the route."""
    token = token_for(app, DAY, "T03")
    now = time.time()
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(now + 2 * 86400 - 60))
    assert allowed(app, DAY, "T03", token)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(now + 2 * 86400 + 60))
    assert not allowed(app, DAY, "T03", token)


def test_zero_link_days_expire_links_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """PLANNER_LINK_DAYS=0 turns technicians' links off, also within the second they were made."""
    app = make_app(PLANNER_LINK_DAYS=0)
    now = int(time.time())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now)
    token = token_for(app, DAY, "T03")
    assert not allowed(app, DAY, "T03", token)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now + 2)
    assert not allowed(app, DAY, "T03", token)


def browser_target(location: str) -> str:
    """Where a browser goes from a page of planner.example.cn for this Location: tabs and newlines dropped,
    backslashes read as slashes, as the URL standard says."""
    cleaned = "".join(c for c in location if c not in "\t\n\r").replace("\\", "/")
    return urljoin("https://planner.example.cn/login", cleaned)


def test_no_generated_next_leaves_the_site() -> None:
    """Thousands of targets built from the pieces of known tricks: whatever is kept stays on this host."""
    pieces = [
        "/",
        "//",
        "\\",
        "%2F",
        "%5C",
        "%2f",
        "evil.example",
        "@",
        ":",
        "https:",
        ".",
        "..",
        "%09",
        "\t",
        "\n",
        "\x00",
        "?",
        "#",
        "d",
        "%252F",
        " ",
        "\u3000",
    ]
    rng = random.Random(21)
    app = make_app()
    kept = 0
    with app.test_request_context("/login"):
        for _ in range(5000):
            target = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
            result = safe_next(target)
            assert result in (target, "/"), target
            if result == target:
                kept += 1
                for form in (target, unquote(target)):
                    assert urlsplit(browser_target(form)).hostname == "planner.example.cn", target
    assert kept > 50
