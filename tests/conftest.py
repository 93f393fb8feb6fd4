"""Shared set-up: the search is compiled once before any test, one browser per page-test module, and CI
allows no skips.

Without the warm-up, whichever test plans first (often through a server
with an HTTP timeout) would pay for numba's compilation on a new machine.

Under CI (``CI`` set, as ``.ci/run`` is run), a skipped test is a failure:
a skip there means something the project's own files should have installed
or shipped is missing (benchmark data, a browser, a database server), and
a green run would hide it.

Tests that drive Chromium are marked ``browser`` here, from the fixtures
they use, so ``pytest -m "not slow and not browser"`` is the fast suite.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from browser import launch
from playwright.sync_api import Browser, sync_playwright

from planner.routing.warmup import warm_up

# The store fixtures (db, store_url: once per database) for every test that asks for them.
pytest_plugins = ["workorder_db"]


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


def _calls_chromium(item: pytest.Item) -> bool:
    """Whether the test, or a fixture it uses, launches Chromium (through ``browser.launch``)."""
    if not isinstance(item, pytest.Function):
        return False
    functions: list[object] = [item.function]
    for defs in item._fixtureinfo.name2fixturedefs.values():
        functions.extend(fixture.func for fixture in defs)
    return any("launch" in code.co_names for code in (getattr(f, "__code__", None) for f in functions) if code)


#: Modules whose tests take seconds each: they run the search (benchmarks, the cluster, multi-day
#: horizons, rosters, scenarios, re-planning, the command line or pytest in a subprocess), build whole
#: sites, serve the API to a conformance run, or draw many examples (fuzz and property tests).
#: Their tests are marked ``slow``.
SLOW_MODULES: frozenset[str] = frozenset(
    {
        "test_bench",
        "test_bench_smoke",
        "test_roster_bench",
        "test_workorders_bench",
        "test_matrix_memory",
        "test_cluster",
        "test_cluster_demo",
        "test_cluster_split",
        "test_horizon",
        "test_crews",
        "test_ruin",
        "test_planning",
        "test_replan",
        "test_edit_plan",
        "test_names_in_reasons",
        "test_sectors",
        "test_slots",
        "test_roster",
        "test_roster_cli",
        "test_roster_day",
        "test_roster_demand",
        "test_scenarios_run",
        "test_scenarios_sample",
        "test_scenarios_cli",
        "test_scenarios_compare",
        "test_history_simulate",
        "test_fuzz_loaders",
        "test_workorders_fuzz",
        "test_reasons_property",
        "test_cli",
        "test_cli_day",
        "test_cli_limits",
        "test_workorders_cli",
        "test_workorders_serve",
        "test_server",
        "test_site_build",
        "test_site_sealing",
        "test_netlify",
        "test_demo",
        "test_site_status",
        "test_days_kept",
        "test_api_openapi",
        "test_api_scenarios",
        "test_cli_lang",
        "test_kpis_store",
        "test_callbacks_store",
        "test_ci_skips",
        "test_import_layers",
        "test_warmup",
        "test_roster_horizon",
        "test_scenarios_week",
        "test_site_roster",
        "test_store_horizon",
        "test_week_slots",
        "test_one_time_login",
        "test_web_jobs",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium ``browser`` and every test of a slow module ``slow``,
    so the fast suite (``-m "not slow and not browser"``) can leave them out."""
    for item in items:
        if _calls_chromium(item):
            item.add_marker(pytest.mark.browser)
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
