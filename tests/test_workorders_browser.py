"""The phone flow in Chromium at 390 px: statuses tapped online and offline reach the store and the board.

The store is a SQLite file holding part of the sample, planned; the app
serves its live plan. One browser context is the technician's phone
(their signed link), another the dispatcher's board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from browser import DESKTOP, PASSWORD, PHONE_390, SAMPLE, TOKEN, USER, Watch, log_in
from helpers_io import read_ok
from http_server import fetch, running
from playwright.sync_api import Browser, Page, expect
from werkzeug.security import generate_password_hash

from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import dataset_for, import_dataset, open_database, save_plan
from planner.store.clock import now_in
from web import create_app
from web.auth import technician_token

DATE = dt.date(2026, 11, 23)
STAFF = {"Authorization": f"Bearer {TOKEN}"}
OFFLINE_NOISE = ("ERR_INTERNET_DISCONNECTED", "net::ERR_", "Failed to fetch")


class Served:
    def __init__(self, base: str, app, route: list[str], technician_id: str):
        self.base, self.app, self.route, self.technician_id = base, app, route, technician_id

    def link(self) -> str:
        with self.app.app_context():
            token = technician_token(DATE, self.technician_id)
        return f"{self.base}/d/{DATE.isoformat()}/t/{self.technician_id}?k={token}"

    def order(self, visit_id: str) -> dict:
        return fetch(f"{self.base}/api/v1/visits/{visit_id}", headers=STAFF).json()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'planner.db'}"
    sample = read_ok(SAMPLE)
    db = open_database(url)
    # The first 14 visits, and V020, which nobody is qualified for: one visit is always left out.
    visits = (*sample.visits[:14], sample.visit("V020"))
    import_dataset(db, sample.model_copy(update={"visits": visits}), now_in("Asia/Shanghai"))
    dataset = dataset_for(db, DATE)
    plan = plan_day(dataset, SearchParams(time_limit=1.0)).plan
    save_plan(db, dataset, plan, by="lead", moment=now_in("Asia/Shanghai"))
    db.close()
    busiest = max(plan.routes, key=lambda route: len(route.stops))
    assert len(busiest.stops) >= 2
    users = f"{USER}:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"
    app = create_app(
        {
            "TESTING": True,
            "DEBUG": False,
            "SECRET_KEY": "phone-test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_USERS": users,
            "PLANNER_DATABASE_URL": url,
        }
    )
    with running(app) as base:
        yield Served(base, app, [stop.visit_id for stop in busiest.stops], busiest.technician_id)
    app.extensions["planner.workorders"].close()


def box(page: Page, visit_id: str):
    return page.locator(f'.status-box[data-visit="{visit_id}"]')


def tap(page: Page, visit_id: str, label: str) -> None:
    box(page, visit_id).get_by_role("button", name=label, exact=True).click()


def real_problems(watch: Watch) -> list[str]:
    """What went wrong on the page, apart from requests refused while the phone was offline."""
    return [p for p in watch.problems if not any(noise in p for noise in OFFLINE_NOISE)]


def test_taps_offline_are_kept_and_sent_when_back_online_and_the_board_follows(
    served: Served, browser: Browser
) -> None:
    phone = browser.new_context(locale="zh-CN", viewport=PHONE_390, is_mobile=True, has_touch=True)
    board = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    try:
        page = phone.new_page()
        watch = Watch().attach(page)
        page.goto(served.link())
        first = served.route[0]
        expect(box(page, first).locator(".status-label")).to_have_text("已派")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        tap(page, first, "出发")
        expect(box(page, first).locator(".status-pending")).to_be_hidden()
        assert served.order(first)["status"] == "en_route"

        staff_page = board.new_page()
        log_in(staff_page, served.base)
        staff_page.goto(f"{served.base}/d/{DATE.isoformat()}/")
        cell = staff_page.locator(f'[data-visit-status="{first}"]')
        expect(cell).to_have_text("已出发")

        phone.set_offline(True)
        tap(page, first, "到达")
        tap(page, first, "完成")
        expect(box(page, first).locator(".status-label")).to_have_text("已完成")
        expect(page.locator("#field-status .queue-text")).to_have_text("2 条状态待发送，网络恢复后自动发送")
        assert served.order(first)["status"] == "en_route"
        queued = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('planner.status-queue.'))")
        assert len(queued) == 1

        phone.set_offline(False)
        expect(page.locator("#field-status .queue-text")).to_have_text("", timeout=15000)
        expect(box(page, first).locator(".status-pending")).to_be_hidden()
        expect(cell).to_have_text("已完成", timeout=15000)
        history = served.order(first)["history"]
        assert [h["status"] for h in history] == ["open", "planned", "en_route", "on_site", "done"]
        assert {h["by"] for h in history[2:]} == {served.technician_id}
        assert len({h["client_id"] for h in history[2:]}) == 3
        # Done is the end of the field's part: no button is left.
        expect(box(page, first).locator("[data-set-status]:visible")).to_have_count(0)
        assert real_problems(watch) == []
    finally:
        phone.close()
        board.close()


def test_needs_part_asks_for_the_part_and_a_note(served: Served, browser: Browser) -> None:
    phone = browser.new_context(locale="zh-CN", viewport=PHONE_390, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        watch = Watch().attach(page)
        page.goto(served.link())
        second = served.route[1]
        tap(page, second, "到达")
        expect(box(page, second).locator(".status-label")).to_have_text("已到达")
        tap(page, second, "需配件")
        details = box(page, second).locator(".status-details")
        expect(details).to_be_visible()
        details.locator("select").select_option("P02")
        details.locator("textarea").fill("铰链断了，下次带两只")
        details.get_by_role("button", name="提交").click()
        expect(box(page, second).locator(".status-label")).to_have_text("需配件")
        expect(box(page, second).locator(".status-pending")).to_be_hidden()
        last = served.order(second)["history"][-1]
        assert (last["status"], last["part_id"], last["note"]) == ("needs_part", "P02", "铰链断了，下次带两只")
        assert dt.datetime.fromisoformat(last["at"]).utcoffset() is not None
        assert real_problems(watch) == []
    finally:
        phone.close()


def test_board_flags_late_stops_finds_orders_and_lists_the_backlog(served: Served, browser: Browser) -> None:
    """The plan's day is past: every stop still to do is late, finished ones are not; search keeps matching rows."""
    board = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    try:
        page = board.new_page()
        watch = Watch().attach(page)
        log_in(page, served.base)
        page.goto(f"{served.base}/d/{DATE.isoformat()}/")
        rows = page.locator("#board-status .status-table tbody tr")
        total = rows.count()
        assert total >= len(served.route)
        statuses = [
            served.order(visit_id)["status"]
            for visit_id in page.locator("#board-status [data-visit-status]").evaluate_all(
                "cells => cells.map(c => c.getAttribute('data-visit-status'))"
            )
        ]
        active = sum(status in ("planned", "en_route", "on_site") for status in statuses)
        expect(page.locator("#board-status .status-table [data-late]:visible")).to_have_count(active)
        assert active < total or "done" not in statuses
        customer = rows.nth(0).locator("td").nth(2).inner_text()
        page.fill("[data-status-search]", customer)
        visible = page.locator("#board-status .status-table tbody tr:visible")
        assert 1 <= visible.count() < total
        assert all(customer in text for text in visible.all_inner_texts())
        expect(page.locator("#board-status h3")).to_contain_text("待处理工单")
        ages = page.locator(".unassigned .unassigned-age").all_inner_texts()
        assert ages and ages == ["0 天"] * page.locator(".unassigned tbody tr").count()
        assert real_problems(watch) == []
    finally:
        board.close()


def test_board_replans_from_the_field(served: Served, browser: Browser) -> None:
    """A customer not home: the board's button re-plans the day, and the page shows the visit leaving the routes."""
    from http_server import post_json

    visit_id = served.route[-1]
    for step, status in enumerate(("en_route", "not_home")):
        reply = post_json(
            f"{served.base}/api/v1/visits/{visit_id}/status", {"status": status, "client_id": f"board-{step}"}, STAFF
        )
        assert reply.status == 200, reply.text
    board = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    try:
        page = board.new_page()
        watch = Watch().attach(page)
        log_in(page, served.base)
        page.goto(f"{served.base}/d/{DATE.isoformat()}/")
        page.fill(".field-replan input[name=at]", "08:00")
        with page.expect_navigation():
            page.get_by_role("button", name="按现场情况重排").click()
        changes = page.locator(".changes-panel")
        expect(changes).to_contain_text(visit_id)
        expect(page.locator(f'[data-visit-status="{visit_id}"]')).to_have_count(0)
        assert real_problems(watch) == []
    finally:
        board.close()


def test_a_tap_waiting_when_the_page_is_reloaded_is_still_sent(served: Served, browser: Browser) -> None:
    """The server unreachable at the tap, the page reloaded later: the tap is shown as waiting, then sent once."""
    phone = browser.new_context(locale="zh-CN", viewport=PHONE_390, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(served.link())
        visit_id = next(v for v in served.route[2:] if served.order(v)["status"] == "planned")
        page.route("**/api/v1/visits/**", lambda route: route.abort())
        tap(page, visit_id, "出发")
        expect(page.locator("#field-status .queue-text")).to_have_text("1 条状态待发送，网络恢复后自动发送")
        assert served.order(visit_id)["status"] == "planned"
        page.unroute("**/api/v1/visits/**")
        page.reload()
        expect(page.locator("#field-status .queue-text")).to_have_text("", timeout=15000)
        expect(box(page, visit_id).locator(".status-label")).to_have_text("已出发")
        history = served.order(visit_id)["history"]
        assert [h["status"] for h in history].count("en_route") == 1 and history[-1]["status"] == "en_route"
    finally:
        phone.close()


def test_board_draws_now_on_the_plans_day_only(served: Served, browser: Browser) -> None:
    """At 10:00 of the plan's day (Beijing) the line sits at 10:00 of the timeline; a day later there is none."""
    board = browser.new_context(locale="zh-CN", viewport=DESKTOP, timezone_id="Asia/Shanghai")
    try:
        page = board.new_page()
        log_in(page, served.base)
        page.clock.set_fixed_time(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))
        page.goto(f"{served.base}/d/{DATE.isoformat()}/")
        line = page.locator("svg.timeline .now-line")
        expect(line).to_have_count(1)
        ten = page.locator("svg.timeline .tick-label", has_text="10:00")
        x1, x = line.get_attribute("x1"), ten.get_attribute("x")
        assert x1 is not None and x is not None
        assert float(x1) == pytest.approx(float(x), abs=0.2)
        page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC))
        page.reload()
        expect(page.locator("#board-status")).to_be_visible()
        expect(line).to_have_count(0)
    finally:
        board.close()
