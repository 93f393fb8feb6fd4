"""Helpers for the page tests: one planned sample day, the app around it, Chromium.

Planning the sample takes seconds, so ``sample_day`` plans it once per
test session and every page test module shares it. Browser tests drive
Debian's Chromium (never a downloaded browser) through Playwright, against
the app served over real HTTP by ``http_server.running``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import Flask
from helpers_io import read_ok
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Response, ViewportSize
from werkzeug.security import generate_password_hash

from planner.planning import plan_day
from planner.routing import SearchParams
from web import create_app
from web.store import Day, DayStore

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_DATE = dt.date(2026, 11, 23)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
USER, PASSWORD, TOKEN = "dispatch", "board-pass-1", "page-test-token"
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
#: A common phone held upright, for the pages people use on the road.
PHONE_390: ViewportSize = {"width": 390, "height": 844}


@lru_cache(maxsize=1)
def sample_day() -> Day:
    """The sample dataset and its plan, planned once per session."""
    dataset = read_ok(SAMPLE)
    return Day(dataset, plan_day(dataset, SearchParams(time_limit=10)).plan)


def make_app(day: Day | None = None, **config: object) -> Flask:
    """The app as served, with one staff user and one API token, holding the sample day.

    Map tiles are off unless asked for (``PLANNER_MAP_TILES``): tests run offline, and the tile map
    has its own tests (test_browser_paperwork.py), which block or serve the tile requests themselves.
    """
    day = day or sample_day()
    users = f"{USER}:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"
    settings = {
        "TESTING": True,
        "DEBUG": False,
        "SECRET_KEY": "test",
        "PLANNER_API_TOKENS": [TOKEN],
        "PLANNER_USERS": users,
        "PLANNER_MAP_TILES": "off",
        **config,
    }
    return create_app(settings, store=DayStore({day.plan.date: day}))


def launch(playwright: Playwright) -> Browser:
    """Headless Debian Chromium."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Watch:
    """Everything that went wrong while a page loaded: console errors, script errors, failed requests."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return self

    def _failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def log_in(page: Page, base: str) -> None:
    """Log in through the login page, as a dispatcher would."""
    page.goto(f"{base}/login")
    page.fill("input[name=name]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()


@contextmanager
def logged_in(browser: Browser, base: str) -> Iterator[BrowserContext]:
    """A Chinese desktop browser context logged in as a dispatcher through the login page."""
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    log_in(page, base)
    page.close()
    try:
        yield context
    finally:
        context.close()


def pdf_pages(pdf: bytes) -> int:
    """Number of pages of a PDF (page objects, not the /Pages tree node)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
