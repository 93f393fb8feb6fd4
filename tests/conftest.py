"""Shared set-up: the search is compiled once before any test, one browser per page-test module, and CI
allows no skips.

Without the warm-up, whichever test plans first (often through a server
with an HTTP timeout) would pay for numba's compilation on a new machine.

Under CI (``CI`` set, as ``.ci/run`` is run), a skipped test is a failure:
a skip there means something the project's own files should have installed
or shipped is missing (benchmark data, a browser, a database server), and
a green run would hide it.
"""

from __future__ import annotations

import os
from typing import Iterator

import pytest
from browser import launch
from playwright.sync_api import Browser, sync_playwright

from planner.routing.warmup import warm_up


@pytest.fixture(scope="session", autouse=True)
def compiled_search():
    """Compile (or load from the cache) the ruin-and-recreate search once per test session."""
    warm_up()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium for one test module's pages.

    One browser per module, not per session: a module that drives Playwright itself must not find
    another Playwright loop still running.
    """
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Turn a skip into a failure under CI, keeping the skip's reason in the failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _under_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where nothing may be missing: {reason}"
