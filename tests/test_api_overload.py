"""The API under load, over real HTTP: searches run in worker processes, a bounded number at a time.

A search that has no room is refused at once with 429 and Retry-After,
``/health`` answers while the workers are busy, and posted days beyond
the retention setting are forgotten, oldest first.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from helpers_io import read_ok
from http_server import fetch, post_json, running

from planner.check import check
from planner.io.write import dataset_to_document
from planner.plan import Plan
from planner.problems import InvalidInput, Problem
from web import create_app
from web.solving import SearchFailed, solve_queue
from web.store import DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "overload-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    dataset = read_ok(SAMPLE)
    return dataset_to_document(dataset)


def make_app(**config: object) -> Flask:
    return create_app(
        {
            "SECRET_KEY": "test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_SOLVE_WORKERS": 1,
            "PLANNER_SOLVE_QUEUE": 0,
            **config,
        },
        DayStore(),
    )


def worker_pid() -> int:
    """The process a search runs in."""
    return os.getpid()


def test_a_posted_day_is_planned_in_a_worker_process(document: dict[str, Any]) -> None:
    """The plan comes back whole and checked, and the search ran outside the server's process."""
    app = make_app()
    with running(app) as url:
        reply = post_json(f"{url}/api/v1/plans", {**document, "time_limit": 1}, AUTH)
        with app.app_context():
            pid = solve_queue().run(1, worker_pid)
    assert reply.status == 200, reply.text
    dataset = read_ok(SAMPLE)
    assert not check(dataset, Plan.model_validate(reply.json()))
    assert pid != os.getpid()


@pytest.fixture
def busy() -> Iterator[tuple[str, Flask]]:
    """A server whose one worker is held by a search that waits for the test to let it go."""
    app = make_app()
    manager = multiprocessing.get_context("spawn").Manager()
    release = manager.Event()
    with running(app) as url:
        with app.app_context():
            queue = solve_queue()
        holder = threading.Thread(target=queue.run, args=(15.0, release.wait, 60))
        holder.start()
        while queue.admitted() == 0:
            threading.Event().wait(0.01)
        try:
            yield url, app
        finally:
            release.set()
            holder.join(60)
            manager.shutdown()


def test_a_search_without_room_is_refused_at_once_with_retry_after(
    busy: tuple[str, Flask], document: dict[str, Any]
) -> None:
    """With the worker busy and no waiting room, POST /plans is 429 JSON with Retry-After."""
    url, _ = busy
    reply = post_json(f"{url}/api/v1/plans", {**document, "time_limit": 1}, AUTH)
    assert reply.status == 429 and reply.json()["error"] == "too_many_requests"
    assert int(reply.headers["Retry-After"]) >= 1


def test_health_answers_while_the_workers_are_busy(busy: tuple[str, Flask]) -> None:
    """The health check and the pages keep their threads while searches run."""
    url, _ = busy
    assert fetch(f"{url}/api/v1/health").json()["status"] == "ok"
    assert fetch(f"{url}/login").status == 200


def test_the_waiting_room_holds_only_what_fits_the_time_budget(
    busy: tuple[str, Flask], document: dict[str, Any]
) -> None:
    """With room to wait but a budget the work ahead already fills, the search is refused too."""
    url, app = busy
    with app.app_context():
        queue = solve_queue()
    queue.waiting, queue.budget = 2, 16.0
    reply = post_json(f"{url}/api/v1/plans", {**document, "time_limit": 2}, AUTH)
    assert reply.status == 429 and int(reply.headers["Retry-After"]) >= 15


def test_posted_days_beyond_the_retention_are_forgotten_oldest_first(document: dict[str, Any]) -> None:
    """PLANNER_POSTED_DAYS keeps the newest posted days; days loaded from PLANNER_SOURCE stay."""
    app = make_app(PLANNER_POSTED_DAYS=2, PLANNER_SOLVE_WORKERS=0)
    start = dt.date.fromisoformat(document["settings"]["date"])
    dates = [(start + dt.timedelta(days=n)).isoformat() for n in range(3)]
    with running(app) as url:
        for date in dates:
            posted = {**document, "settings": {**document["settings"], "date": date}, "time_limit": 1}
            assert post_json(f"{url}/api/v1/plans", posted, AUTH).status == 200
        kept = fetch(f"{url}/api/v1/plans", headers=AUTH).json()["dates"]
        assert fetch(f"{url}/api/v1/plans/{dates[0]}", headers=AUTH).status == 404
    assert kept == [dates[2], dates[1]]


def test_each_token_has_its_own_allowance_of_searches() -> None:
    """PLANNER_API_SOLVE_LIMIT counts the search requests of each token apart: one busy client cannot take them all."""
    other = "overload-other-token"
    app = create_app(
        {"SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN, other], "PLANNER_API_SOLVE_LIMIT": "2 per hour"},
        DayStore(),
    )
    with running(app) as url:
        first = [post_json(f"{url}/api/v1/plans", {"settings": {}}, AUTH).status for _ in range(3)]
        refused = post_json(f"{url}/api/v1/plans", {"settings": {}}, AUTH)
        second = post_json(f"{url}/api/v1/plans", {"settings": {}}, {"Authorization": f"Bearer {other}"})
    assert first == [422, 422, 429]
    assert refused.json()["error"] == "too_many_requests" and int(refused.headers["Retry-After"]) >= 1
    assert second.status == 422


def refuse_input() -> None:
    """A search that fails as the planner does on bad input (an exception that does not survive pickling)."""
    raise InvalidInput((Problem("events.yaml", 2, "visit_id", "unknown visit"),))


def test_a_failing_search_is_reported_and_the_workers_go_on() -> None:
    """An exception in a worker reaches the request as an error, and the next search runs normally."""
    app = make_app()
    with app.app_context():
        queue = solve_queue()
        with pytest.raises(SearchFailed, match="InvalidInput in the search"):
            queue.run(1, refuse_input)
        assert queue.run(1, worker_pid) != os.getpid()
        assert queue.admitted() == 0
