"""The one-time login link of ``planner serve`` on this machine: logs the lead in once, then never again."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_server import fetch, running

from web import create_app
from web.once import LEAD, issue, wanted
from web.store import DayStore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app():
    return create_app({"SECRET_KEY": "once-test", "PLANNER_USERS": ""}, DayStore())


@pytest.fixture
def base(app) -> Iterator[str]:
    with running(app) as url:
        yield url


def cookie_of(reply) -> str:
    return "; ".join(cookie.split(";", 1)[0] for cookie in reply.cookies())


def test_the_link_logs_the_lead_in_once(app, base) -> None:
    link = issue(app, base)
    assert fetch(f"{base}/login").text.count(LEAD) == 0
    first = fetch(link)
    assert first.status == 302 and first.headers["Location"].endswith("/")
    shown = fetch(f"{base}/login", headers={"Cookie": cookie_of(first)})
    assert shown.status == 200 and f"{LEAD}" in shown.text and "退出登录" in shown.text
    again = fetch(link)
    assert again.status == 403 and "已被使用" in again.text
    assert LEAD not in fetch(f"{base}/login", headers={"Cookie": cookie_of(again)}).text


def test_a_wrong_or_ended_link_is_refused(app, base) -> None:
    link = issue(app, base)
    assert fetch(link.replace("token=", "token=x")).status == 403
    assert fetch(f"{base}/login/once").status == 403
    ended = issue(app, base, lifetime=0)
    assert fetch(ended).status == 403
    assert fetch(link).status == 403  # a new link replaces the old one


def test_the_link_is_refused_from_another_machine(app) -> None:
    link = issue(app, "http://127.0.0.1:8000")
    path = link.split("8000", 1)[1]
    client = app.test_client()
    assert client.get(path, environ_base={"REMOTE_ADDR": "192.168.1.20"}).status_code == 403
    assert client.get(path, environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 302  # still unused: it works here


def test_a_link_is_made_only_on_loopback_without_staff_accounts(app) -> None:
    assert wanted(app, loopback=True)
    assert not wanted(app, loopback=False)
    with_users = create_app({"SECRET_KEY": "once-test", "PLANNER_USERS": "lead:pbkdf2:sha256:1$x$y"}, DayStore())
    assert not wanted(with_users, loopback=True)


def test_planner_serve_on_this_computer_prints_the_link_and_it_logs_in(tmp_path: Path) -> None:
    """The command itself: with no staff accounts, the printed link opens a staff session once."""
    env = {key: value for key, value in os.environ.items() if key not in ("PLANNER_USERS", "PLANNER_DATABASE_URL")}
    env.update(PYTHONPATH=str(ROOT), PLANNER_SECRET_KEY=secrets.token_urlsafe(32))
    process = subprocess.Popen(
        [sys.executable, "-m", "planner_cli", "serve", "--port", "0", "--threads", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        line = ""
        while "log in once" not in line:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "server ended"
        link = line.rsplit(" ", 1)[1].strip()
        assert link.startswith("http://127.0.0.1:") and "/login/once?token=" in link
        first, again = fetch(link), fetch(link)
        assert first.status == 302 and again.status == 403
    finally:
        watchdog.cancel()
        process.terminate()
        process.wait(timeout=30)
