"""Staff sessions in the work-order store: several server processes share logins and logouts, a restart keeps them.

Two apps on one SQLite file stand for two server processes behind one
address (they share nothing but the store and the key); a third app made
after both are gone stands for a restart.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from http_server import fetch, running
from test_auth import log_in, log_out, make_app

from web.sessions import StoreSessions


def test_a_login_on_one_process_opens_the_board_on_another_and_logout_ends_it_on_both(tmp_path: Path) -> None:
    url_db = f"sqlite:///{tmp_path / 'sessions.db'}"
    first, second = make_app(PLANNER_DATABASE_URL=url_db), make_app(PLANNER_DATABASE_URL=url_db)
    assert isinstance(first.extensions["planner.sessions"], StoreSessions)
    with running(first) as one, running(second) as two:
        staff = log_in(one)
        assert fetch(f"{two}/staff-only", headers={"Cookie": staff}).text == "customer list"
        log_out(two, staff)
        assert fetch(f"{one}/staff-only", headers={"Cookie": staff}).status == 302
        assert fetch(f"{two}/staff-only", headers={"Cookie": staff}).status == 302


def test_a_restart_keeps_the_sessions_and_the_table_holds_no_session_id(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    url_db = f"sqlite:///{path}"
    with running(make_app(PLANNER_DATABASE_URL=url_db)) as before:
        staff = log_in(before)
    with running(make_app(PLANNER_DATABASE_URL=url_db)) as after:
        assert fetch(f"{after}/staff-only", headers={"Cookie": staff}).text == "customer list"
    with sqlite3.connect(path) as connection:
        digests = [row[0] for row in connection.execute("SELECT digest FROM staff_sessions")]
    assert len(digests) == 1 and digests[0] not in staff


def test_store_sessions_end_after_their_lifetime(tmp_path: Path) -> None:
    """PLANNER_SESSION_HOURS holds in the store too, on the wall clock every process shares."""
    now = [dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)]
    app = make_app(PLANNER_DATABASE_URL=f"sqlite:///{tmp_path / 'sessions.db'}")
    app.extensions["planner.sessions"] = StoreSessions(app.extensions["planner.workorders"], 3600, lambda: now[0])
    with running(app) as url:
        staff = log_in(url)
        now[0] += dt.timedelta(seconds=3599)
        assert fetch(f"{url}/staff-only", headers={"Cookie": staff}).text == "customer list"
        now[0] += dt.timedelta(seconds=2)
        assert fetch(f"{url}/staff-only", headers={"Cookie": staff}).status == 302
