"""The staffing scenario pages in real Chromium over real HTTP: charts drawn, no errors, phone width.

Screenshots are test artefacts: test-artifacts/screenshots/page-scenarios-<page>-<width>.png
(or $PLANNER_ARTIFACTS/screenshots).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, Watch, launch
from http_server import running
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright
from scenario_fixtures import BARRED, SWEEP_STEPS, write_tiny_report

from web import create_app
from web.store import DayStore

TOKEN = "scenario-browser-token"
REPORT = "week-48"
ARTIFACTS = Path(os.environ.get("PLANNER_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("reports")
    write_tiny_report(root / REPORT)
    app = create_app(
        {"SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_SCENARIOS_DIR": str(root)}, DayStore()
    )
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def staff() -> Iterator[BrowserContext]:
    """A Chinese browser that sends the API token, as a staff member's would send the session."""
    with sync_playwright() as playwright:
        chromium: Browser = launch(playwright)
        context = chromium.new_context(locale="zh-CN", extra_http_headers={"Authorization": f"Bearer {TOKEN}"})
        yield context
        context.close()
        chromium.close()


def open_page(staff: BrowserContext, url: str, viewport: ViewportSize) -> tuple[Page, Watch]:
    page = staff.new_page()
    page.set_viewport_size(viewport)
    watch = Watch().attach(page)
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response is not None and response.ok
    return page, watch


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "desktop"])
def test_report_page_draws_its_charts(staff: BrowserContext, base: str, viewport: ViewportSize) -> None:
    """Four bar charts with a bar per variant and the sweep's lines are visible; no error, no sideways page scroll."""
    page, watch = open_page(staff, f"{base}/scenarios/{REPORT}", viewport)
    bar_charts = page.locator("figure.scenario-chart svg.chart-bars")
    assert bar_charts.count() == 4
    for i in range(4):
        box = bar_charts.nth(i).bounding_box()
        assert bar_charts.nth(i).is_visible() and box is not None and box["width"] >= min(440, viewport["width"] - 80)
    bars = page.locator("svg.chart-bars rect.chart-bar")
    assert bars.count() == 4 * len(BARRED) and bars.first.is_visible()
    assert page.locator("svg.chart-lines circle.chart-point").count() == 2 * len(SWEEP_STEPS)
    assert page.locator("table.comparison tbody tr").count() == len(BARRED) + len(SWEEP_STEPS)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert watch.problems == []
    page.screenshot(path=f"{SCREENSHOTS}/page-scenarios-report-{viewport['width']}.png", full_page=True)
    page.close()


def test_list_leads_to_the_report_on_a_phone(staff: BrowserContext, base: str) -> None:
    """The list fits a 360 px screen and its link opens the report, in the language chosen."""
    page, watch = open_page(staff, f"{base}/scenarios/?lang=en", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SCREENSHOTS}/page-scenarios-list-{PHONE['width']}.png", full_page=True)
    page.get_by_role("link", name="Open report").click()
    page.wait_for_url(f"{base}/scenarios/{REPORT}?lang=en")
    assert page.locator("h1").inner_text().startswith("Scenario comparison")
    assert watch.problems == []
    page.close()
