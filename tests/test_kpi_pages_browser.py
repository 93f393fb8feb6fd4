"""The follow-up pages in Chromium: the callback list on a 390 px phone, KPI trends on a desktop.

The store holds a few days of a department planned by the real planner
day by day (``planner.history.simulate``), written as ``planner demo
--history`` writes it; the dispatcher logs in through the login page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import openpyxl
import pytest
from browser import DESKTOP, PASSWORD, PHONE_390, TOKEN, USER, Watch, log_in
from http_server import fetch, running
from playwright.sync_api import Browser, expect
from werkzeug.security import generate_password_hash

from planner.history.kpis import KPI_NAMES
from planner.history.simulate import simulate_history
from planner.store import open_database
from planner.store.callbacks import call_list
from planner.store.history_writer import write_history
from web import create_app

START = dt.date(2026, 11, 2)
DAYS = 6
TODAY = START + dt.timedelta(days=DAYS)
STAFF = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'planner.db'}"
    db = open_database(url)
    write_history(db, simulate_history(DAYS, start=START, technicians=4, seed=3, time_limit=0.5))
    assert len(call_list(db, TODAY)) >= 2
    db.close()
    users = f"{USER}:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"
    app = create_app(
        {
            "TESTING": True,
            "DEBUG": False,
            "SECRET_KEY": "follow-up-test",
            "PLANNER_API_TOKENS": [TOKEN],
            "PLANNER_USERS": users,
            "PLANNER_DATABASE_URL": url,
        }
    )
    with running(app) as base:
        yield base, url
    app.extensions["planner.workorders"].close()


def test_customer_service_records_outcomes_on_a_phone(served, browser: Browser) -> None:
    base, _ = served
    context = browser.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True, locale="zh-CN")
    try:
        page = context.new_page()
        watch = Watch().attach(page)
        log_in(page, base)
        page.goto(f"{base}/callbacks?date={TODAY.isoformat()}")
        expect(page.locator("h1")).to_contain_text("今日回访")
        cards = page.locator(".call")
        listed = cards.count()
        assert listed >= 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        overdue = ["overdue" in (cards.nth(i).get_attribute("class") or "") for i in range(listed)]
        assert overdue == sorted(overdue, reverse=True)  # overdue ones first
        first, second = cards.nth(0), cards.nth(1)
        assert (first.locator("a.tel").get_attribute("href") or "").startswith("tel:")
        first_id, second_id = first.get_attribute("data-visit"), second.get_attribute("data-visit")

        first.locator(".note").fill("师傅很专业")
        first.get_by_role("button", name="满意", exact=True).click()
        expect(first.locator(".call-state")).to_contain_text("已记录：满意")
        expect(first.get_by_role("button", name="一般", exact=True)).to_be_disabled()

        second.get_by_role("button", name="不满意").click()
        expect(second.locator(".call-state")).to_contain_text(f"已生成投诉工单 {second_id}-C")
        complaint = fetch(f"{base}/api/v1/visits/{second_id}-C1", headers=STAFF)
        assert complaint.status == 200 and complaint.json()["type"] == "complaint"
        assert complaint.json()["status"] == "open"
        assert watch.problems == []

        page.reload()
        remaining = {
            page.locator(".call").nth(i).get_attribute("data-visit") for i in range(page.locator(".call").count())
        }
        assert first_id not in remaining and second_id not in remaining
        assert len(remaining) == listed - 2
    finally:
        context.close()


def test_kpi_trends_table_and_downloads_on_a_desktop(served, browser: Browser) -> None:
    base, _ = served
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="zh-CN")
    try:
        page = context.new_page()
        watch = Watch().attach(page)
        log_in(page, base)
        page.goto(f"{base}/")
        page.get_by_role("link", name="指标趋势").click()
        expect(page.locator("h1")).to_have_text("指标趋势")
        last = (TODAY - dt.timedelta(days=1)).isoformat()
        page.fill("input[name=from]", START.isoformat())
        page.fill("input[name=to]", last)
        page.select_option("select[name=period]", "day")
        page.get_by_role("button", name="显示").click()
        charts = page.locator(".kpi-chart svg")
        expect(charts).to_have_count(len(KPI_NAMES))
        # Readable without colour: every chart names its KPI and its axis in text.
        assert "按时完成率" in page.locator("#kpi-on_time_completion").inner_text()
        assert page.locator("#kpi-on_time_completion svg text").count() > 3
        rows = page.locator(".kpi-table tbody tr")
        expect(rows).to_have_count(DAYS)
        api = fetch(f"{base}/api/v1/kpis?from={START}&to={last}&period=day", headers=STAFF).json()["rows"]
        first_fix = [row["first_time_fix"] for row in api]
        shown = [rows.nth(i).locator("td").nth(1 + KPI_NAMES.index("first_time_fix")).inner_text() for i in range(DAYS)]
        for figure, text in zip(first_fix, shown):
            assert (
                text == "-"
                if figure["value"] is None
                else text.endswith(f"({figure['numerator']}/{figure['denominator']})")
            )

        with page.expect_download() as download:
            page.get_by_role("link", name="下载 CSV").click()
        lines = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
        assert [line["period"] for line in lines] == [row["period"] for row in api]
        assert [line["first_time_fix_numerator"] for line in lines] == [str(f["numerator"]) for f in first_fix]
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 Excel").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
        assert sheet is not None
        assert sheet.cell(1, 1).value == "期间" and sheet.max_row == 2 + DAYS

        page.get_by_role("link", name="月度报告").click()
        expect(page.locator("h1")).to_contain_text("2026-11")
        expect(page.locator(".report-summary tbody tr")).to_have_count(len(KPI_NAMES))
        # A download is a navigation the browser ends itself (ERR_ABORTED): not a failure.
        assert [p for p in watch.problems if not ("/kpis." in p and "ERR_ABORTED" in p)] == []

        page.goto(f"{base}/kpis?from={last}&to={START}&lang=en")
        expect(page.locator(".error")).to_contain_text("ends")
    finally:
        context.close()
