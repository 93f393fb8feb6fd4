"""The week of a multi-day plan in real Chromium over real HTTP: the week view, and route pages per day with crews.

The sample week (data/sample-week, five days, four crew visits) is served
as ``planner serve`` serves it: planned as a whole, one day per date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from browser import PHONE, Watch, make_app
from http_server import running
from playwright.sync_api import Browser, BrowserContext
from test_browser import staff  # noqa: F401  (fixture: a logged-in dispatcher)

from planner.check import check
from planner.kpis import technician_rows
from planner.routing import SearchParams
from web.auth import technician_token
from web.store import Day, DayStore

WEEK = Path(__file__).resolve().parents[1] / "data" / "sample-week"


@lru_cache(maxsize=1)
def week_store() -> DayStore:
    """The sample week, planned once per session the way the server loads it."""
    return DayStore.from_source(WEEK, SearchParams(time_limit=10))


def week_day(date: dt.date) -> Day:
    """One planned day of the sample week."""
    day = week_store().day(date)
    assert day is not None, date
    return day


def dates() -> list[dt.date]:
    return sorted(week_store().dates())


@pytest.fixture(scope="module")
def app():
    app = make_app()
    app.extensions["planner.store"] = week_store()
    return app


@pytest.fixture(scope="module")
def base(app) -> Iterator[str]:
    with running(app) as url:
        yield url


def test_the_week_is_served_as_one_checked_day_per_date() -> None:
    """Five dates, each day's plan passes ``planner check``, every visit planned on at most one of them."""
    store = week_store()
    assert dates() == [dt.date(2026, 11, 23) + dt.timedelta(days=d) for d in range(5)]
    seen: list[str] = []
    for date in dates():
        day = store.day(date)
        assert day is not None
        assert check(day.dataset, day.plan) == []
        seen += list(dict.fromkeys(s.visit_id for r in day.plan.routes for s in r.stops))
    assert len(seen) == len(set(seen)) and len(seen) > 46


def test_week_view_shows_names_counts_loads_and_days_off_in_chinese(staff: BrowserContext, base: str) -> None:
    """Technician x day: names (never ids), each cell the visits and load of that person's route, 休息 on a day off."""
    page = staff.new_page()
    watch = Watch().attach(page)
    first = dates()[0].isoformat()
    page.goto(f"{base}/d/{first}/")
    page.get_by_role("link", name="一周视图").click()
    page.wait_for_url(f"{base}/w/{first}/")
    assert page.locator("h1").inner_text().startswith("一周派工")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    store = week_store()
    for column, date in enumerate(dates()):
        day = store.day(date)
        assert day is not None
        loads = {row["technician_id"]: row for row in technician_rows(day.dataset, day.plan.routes)}
        for technician in day.dataset.technicians:
            row = page.locator(f"tr[data-technician='{technician.id}']")
            assert row.locator("th").inner_text() == technician.name
            cell = row.locator("td.cell").nth(column).inner_text()
            assert cell.startswith(f"{loads[technician.id]['visits']} 单"), (date, technician.id, cell)
    # T03 is off on 2026-11-24 (availability.csv): the cell says so.
    assert page.locator("tr[data-technician='T03'] td.cell").nth(1).inner_text() == "休息"
    assert "T03" not in page.locator("table.week-grid tbody").inner_text()
    assert watch.problems == []
    page.close()


def test_a_week_cell_opens_that_days_board(staff: BrowserContext, base: str) -> None:
    page = staff.new_page()
    first, second = dates()[0].isoformat(), dates()[1].isoformat()
    page.goto(f"{base}/w/{first}/")
    page.locator("tr[data-technician='T01'] td.cell").nth(1).locator("a").click()
    page.wait_for_url(f"{base}/d/{second}/")
    assert second in page.locator("h1").inner_text()
    page.close()


def test_week_view_in_english(staff: BrowserContext, base: str) -> None:
    page = staff.new_page()
    page.goto(f"{base}/w/{dates()[0].isoformat()}/?lang=en")
    assert page.locator("h1").inner_text().startswith("The week's work")
    assert page.locator("tr[data-technician='T03'] td.cell").nth(1).inner_text() == "Off"
    assert "visits ·" in page.locator("tr[data-technician='T01'] td.cell").first.inner_text()
    # A cell keeps the chosen language on the day it opens.
    page.locator("tr[data-technician='T01'] td.cell").first.locator("a").click()
    page.wait_for_load_state()
    assert "lang=en" in page.url and page.locator("html").get_attribute("lang") == "en"
    page.close()


def test_week_view_needs_a_login(browser: Browser, base: str) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/w/{dates()[0].isoformat()}/")
    assert "/login" in page.url
    context.close()


def test_later_days_have_route_pages_of_their_own(app, browser: Browser, base: str) -> None:
    """A technician's route page of a proposed day lists that day's stops, not the first day's."""
    date = dates()[1]
    day = week_store().day(date)
    assert day is not None
    route = max(day.plan.routes, key=lambda r: len(r.stops))
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    with app.test_request_context():
        token = technician_token(date, route.technician_id)
    page.goto(f"{base}/d/{date.isoformat()}/t/{route.technician_id}?k={token}")
    assert date.isoformat() in page.locator(".meta").inner_text()
    assert page.locator("li.item-stop").count() == len(route.stops)
    context.close()


def test_both_crew_members_route_pages_show_the_partner_and_their_phone(app, browser: Browser, base: str) -> None:
    crews = [(date, stop) for date in dates() for r in week_day(date).plan.routes for s in r.stops if (stop := s).crew]
    assert crews, "the sample week has crew visits"
    date, stop = crews[0]
    dataset = week_day(date).dataset
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    crew = stop.crew
    assert crew is not None
    for member in crew:
        partner = dataset.technician(next(m for m in crew if m != member))
        with app.test_request_context():
            token = technician_token(date, member)
        page.goto(f"{base}/d/{date.isoformat()}/t/{member}?k={token}")
        item = page.locator("li.item-stop").filter(has_text=stop.visit_id)
        shown = item.locator("p.crew").inner_text()
        assert shown.startswith("双人上门，搭档") and partner.name in shown and partner.phone in shown
        assert item.locator("p.crew a").get_attribute("href") == f"tel:{partner.phone}"
    context.close()


def test_the_index_leads_staff_to_the_week(staff: BrowserContext, base: str) -> None:
    page = staff.new_page()
    page.goto(f"{base}/")
    first = dates()[0].isoformat()
    row = page.locator("table.days tbody tr").filter(has_text=first)
    row.get_by_role("link", name="一周视图").click()
    page.wait_for_url(f"{base}/w/{first}/")
    assert page.locator("table.week-grid thead th a").count() == len(dates())
    # The last date has no day after it: its row offers no week view.
    last = page.context.new_page()
    last.goto(f"{base}/")
    assert (
        last.locator("table.days tbody tr")
        .filter(has_text=dates()[-1].isoformat())
        .get_by_role("link", name="一周视图")
        .count()
        == 0
    )
    page.close()
    last.close()


def test_the_board_draws_a_crew_visit_on_every_members_row_joined(staff: BrowserContext, base: str) -> None:
    date = dates()[0]
    day = week_store().day(date)
    assert day is not None
    crews = {s.visit_id: s.crew for r in day.plan.routes for s in r.stops if s.crew}
    assert crews
    page = staff.new_page()
    page.goto(f"{base}/d/{date.isoformat()}/")
    for visit_id, crew in crews.items():
        bars = page.locator(f"svg.timeline rect.seg-crew[data-visit='{visit_id}']")
        assert bars.count() == len(crew)
        rows = {bars.nth(i).locator("xpath=..").get_attribute("data-technician") for i in range(bars.count())}
        assert rows == set(crew)
        title = bars.first.locator("title").text_content()
        assert title is not None
        assert all(day.dataset.technician(m).name in title for m in crew) and "双人上门" in title
        assert page.locator(f"svg.timeline line.crew-link[data-visit='{visit_id}']").count() == 1
    assert page.locator("svg.timeline rect.seg-crew").count() == sum(len(c) for c in crews.values())
    page.close()
