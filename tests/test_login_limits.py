"""Login against guessing, over real HTTP: limits per user and per address, one hash per refusal, a bounded hashing slot."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from flask import Flask
from http_server import Reply, fetch, running
from test_auth import PASSWORD, USER, login_form, make_app, submit

import web.auth


def attempt(base: str, name: str, password: str, headers: dict[str, str] | None = None) -> Reply:
    """One login as a browser makes it: open the form, post it."""
    cookie, csrf = login_form(base)
    form = urlencode({"csrf_token": csrf, "name": name, "password": password})
    return fetch(
        f"{base}/login",
        "POST",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, **(headers or {})},
    )


def limited_app(**config: object) -> Flask:
    return make_app(PLANNER_LOGIN_LIMIT_USER="3 per hour", PLANNER_LOGIN_LIMIT_ADDRESS="5 per hour", **config)


def test_guessing_one_users_password_is_stopped() -> None:
    """After the allowed failures, even the right password is refused with 429 and Retry-After."""
    with running(limited_app()) as url:
        assert [attempt(url, USER, f"guess{i}").status for i in range(3)] == [401, 401, 401]
        stopped = attempt(url, USER, PASSWORD)
        assert stopped.status == 429 and int(stopped.headers["Retry-After"]) > 0
        assert "尝试次数过多" in stopped.text
        assert attempt(url, "someone_else", "guess").status == 401


def test_one_address_guessing_many_users_is_stopped() -> None:
    """The per-address limit stops spraying one password over many names."""
    with running(limited_app()) as url:
        statuses = [attempt(url, f"user{i}", "123456").status for i in range(6)]
    assert statuses == [401] * 5 + [429]


def test_successful_logins_do_not_count() -> None:
    """Only refused logins use up the allowance: a dispatcher logging in all day is never stopped."""
    with running(limited_app()) as url:
        assert all(attempt(url, USER, PASSWORD).status == 302 for _ in range(8))


def test_client_address_comes_from_the_proxy_only_when_trusted() -> None:
    """Behind one trusted proxy, each client's X-Forwarded-For address has its own allowance."""
    with running(limited_app(PLANNER_TRUSTED_PROXIES=1)) as url:
        first = [attempt(url, f"u{i}", "x", {"X-Forwarded-For": "203.0.113.1"}).status for i in range(6)]
        other = attempt(url, "u9", "x", {"X-Forwarded-For": "203.0.113.2"}).status
    assert first[-1] == 429 and other == 401


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every hash a login checks a password against."""
    seen: list[str] = []
    real = web.auth.check_password_hash

    def recording(hashed: str, password: str) -> bool:
        seen.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(web.auth, "check_password_hash", recording)
    yield seen


def test_unknown_users_cost_one_hash_of_the_same_kind(hashes: list[str]) -> None:
    """An unknown name is checked against a stand-in hash of the users' method, so both refusals take alike."""
    with running(make_app()) as url:
        assert attempt(url, USER, "wrong").status == 401
        assert attempt(url, "nobody", "wrong").status == 401
    known, unknown = hashes
    assert known.split("$")[0] == unknown.split("$")[0] == "pbkdf2:sha256:1000"
    assert unknown != known


def test_password_hashing_cannot_take_every_server_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the hashing slot taken, another login is told to retry at once, and the rest of the app answers."""
    entered, release = threading.Event(), threading.Event()

    def slow(hashed: str, password: str) -> bool:
        entered.set()
        release.wait(30)
        return False

    monkeypatch.setattr(web.auth, "check_password_hash", slow)
    with running(make_app(PLANNER_LOGIN_HASHING=1, PLANNER_LOGIN_WAITING=0)) as url:
        cookie, csrf = login_form(url)
        first: list[Reply] = []
        worker = threading.Thread(
            target=lambda: first.append(submit(url, "/login", cookie, csrf_token=csrf, name=USER, password="x"))
        )
        worker.start()
        assert entered.wait(30)
        busy = attempt(url, USER, "y")
        assert busy.status == 429 and busy.headers["Retry-After"] == "1"
        assert fetch(f"{url}/api/v1/health").status == 200
        release.set()
        worker.join(30)
    assert first[0].status == 401
