"""The store's databases for tests: a fresh SQLite file, and a real PostgreSQL server when one is given.

``PLANNER_TEST_POSTGRES_URL`` names an empty PostgreSQL database
(``.ci/postgres start`` makes one). Without it the PostgreSQL cases are
skipped on a developer's machine, but fail under CI (``CI=true``): the
store must be tested on both databases there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from planner.store import Database, open_database

POSTGRES_VARIABLE = "PLANNER_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_url() -> str:
    """The test PostgreSQL URL; skip (or, under CI, fail) when there is none."""
    url = os.environ.get(POSTGRES_VARIABLE)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{POSTGRES_VARIABLE} is not set: CI must run the store tests on a real PostgreSQL")
    pytest.skip(f"{POSTGRES_VARIABLE} is not set (run .ci/postgres start)")


def empty_postgres() -> str:
    """The PostgreSQL test database with every table of earlier tests dropped."""
    url = postgres_url()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def fresh_url(backend: str, folder: Path) -> str:
    """The URL of an empty store on ``backend``."""
    return f"sqlite:///{folder / 'planner.db'}" if backend == "sqlite" else empty_postgres()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """An empty store's URL, once per database."""
    return fresh_url(request.param, tmp_path)


@pytest.fixture
def db(store_url) -> Iterator[Database]:
    """An empty, migrated store, once per database."""
    database = open_database(store_url)
    yield database
    database.close()
