"""Shared set-up: the search is compiled once before any test, as ``planner serve`` does at start.

Without this, whichever test plans first (often through a server with an
HTTP timeout) would pay for numba's compilation on a new machine.
"""

from __future__ import annotations

import pytest

from planner.routing.warmup import warm_up


@pytest.fixture(scope="session", autouse=True)
def compiled_search():
    """Compile (or load from the cache) the ruin-and-recreate search once per test session."""
    warm_up()
