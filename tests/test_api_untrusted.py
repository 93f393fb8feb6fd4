"""Settings that would overflow the travel model are a 422 through the API (they were a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_io import read_ok
from http_server import post_json, running

from planner.io.write import dataset_to_document
from web import create_app
from web.store import DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "api-untrusted-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = create_app({"SECRET_KEY": "k" * 64, "PLANNER_API_TOKENS": [TOKEN], "PLANNER_MAX_TIME_LIMIT": 2.0}, DayStore())
    with running(app) as url:
        yield url + "/api/v1"


@pytest.mark.parametrize("key, value", [("speed_kmh", 1e-300), ("speed_kmh", 1e300), ("road_factor", 1e300)])
def test_absurd_travel_settings_are_a_422_naming_the_key(base, key, value):
    document = dataset_to_document(read_ok(SAMPLE))
    document["settings"][key] = value
    reply = post_json(f"{base}/plans", {**document, "time_limit": 1}, AUTH)
    assert reply.status == 422, reply.text
    assert any(p["column"] == key and "out of range" in p["message"] for p in reply.json()["problems"])
