"""The roster page in real Chromium over real HTTP: grid, shading, coverage, both languages, one A4 sheet."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from browser import DESKTOP, Watch, logged_in, make_app, pdf_pages
from http_server import running
from playwright.sync_api import Browser
from roster_builders import SAMPLE_ROSTER, load

from planner.roster.check import check_roster
from planner.roster.csvfile import roster_csv
from planner.roster.folder import roster_of_folder
from planner.roster.solve import RosterParams, solve_roster

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = make_app(PLANNER_ROSTER=str(SAMPLE_ROSTER))
    with running(app) as url:
        yield url


def test_grid_shows_every_technician_day_with_rest_shaded_and_leave_marked(browser: Browser, base: str) -> None:
    roster, _ = roster_of_folder(SAMPLE_ROSTER)
    assert roster is not None
    week = load(SAMPLE_ROSTER)
    assert check_roster(week, roster.shifts) == []
    page = browser.new_page(locale="zh-CN", viewport=DESKTOP)
    watch = Watch().attach(page)
    page.goto(f"{base}/roster")
    assert watch.problems == []
    assert page.locator("h1").inner_text().startswith("排班表")
    rows = page.locator("table.roster-grid:not(.coverage) tbody tr")
    assert rows.count() == 12
    first = rows.nth(0).locator("td")
    shift_names = {"day": "白班", "late": "晚班", "off": "休"}
    expected = [shift_names[roster.shifts["T01", d]] for d in week.rules.dates]
    assert [first.nth(i).inner_text() for i in range(7)] == expected
    rest = page.locator("td.rest").first
    assert rest.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(217, 217, 217)"
    leave = page.locator("tr", has_text="张立新").locator("td.leave")
    assert leave.count() == 2 and leave.first.inner_text() == "假"  # the kind of leave is for staff only
    coverage = page.locator("table.coverage tbody tr")
    assert coverage.count() > 0 and page.locator("table.coverage td.short").count() == 0
    assert re.fullmatch(r"\d+/\d+", page.locator("table.coverage td.met").first.inner_text())
    assert "每天每班的需求都已满足" in page.locator("main").inner_text()
    page.close()


def test_staff_see_the_kind_of_leave(browser: Browser, base: str) -> None:
    """Logged in, the dispatcher sees 年假; the same page without a login says only 假 (test above)."""
    with logged_in(browser, base) as staff:
        page = staff.new_page()
        page.goto(f"{base}/roster")
        leave = page.locator("tr", has_text="张立新").locator("td.leave")
        assert leave.count() == 2 and leave.first.inner_text() == "年假"
        page.close()


def test_english_page_and_one_a4_landscape_sheet_in_print(browser: Browser, base: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{base}/roster?lang=en")
    assert page.locator("h1").inner_text().startswith("Shift roster")
    assert page.locator("th", has_text="11-28 Sat").count() == 2
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    assert pdf_pages(pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert box and round(float(box[1])) == 842 and round(float(box[2])) == 595


def test_the_board_and_role_chart_link_to_the_roster(browser: Browser, base: str) -> None:
    page = browser.new_page(locale="zh-CN", viewport=DESKTOP)
    page.goto(f"{base}/org")
    page.locator("nav a", has_text="排班表").click()
    page.wait_for_load_state()
    assert page.url.endswith("/roster")
    page.close()


def test_shortfalls_are_red_with_their_reason(browser: Browser, tmp_path) -> None:
    folder = tmp_path / "week"
    folder.mkdir()
    for name in ("roster_rules.yaml", "technicians.csv", "history.csv"):
        (folder / name).write_bytes((SAMPLE_ROSTER / name).read_bytes())
    (folder / "demand.csv").write_text("date,shift,skill,min_staff\n2026-11-24,day,wood_repair:4,2\n", encoding="utf-8")
    (folder / "leave.csv").write_text("technician_id,date,kind\nT03,2026-11-24,年假\n", encoding="utf-8")
    app = make_app(PLANNER_ROSTER=str(folder))
    with running(app) as url, logged_in(browser, url) as staff:
        page = staff.new_page()
        page.goto(f"{url}/roster")
        short = page.locator("table.coverage td.short")
        assert short.count() == 1 and short.inner_text() == "0/2"
        assert short.evaluate("e => getComputedStyle(e).color") == "rgb(156, 0, 6)"
        reason = page.locator("table.shortfalls tbody tr").inner_text()
        assert "wood_repair:4" in reason and "张立新 (T03) 休假（年假）" in reason
        page.close()


def test_a_roster_that_breaks_a_rule_says_so_in_chinese_and_the_kind_of_leave_only_to_staff(
    browser: Browser, tmp_path
) -> None:
    """A roster.csv putting 张立新 to work on his annual leave: the page names the rule in Chinese; the
    published page says leave, never 年假, in the broken rule as in the grid."""
    folder = tmp_path / "week"
    folder.mkdir()
    for name in ("roster_rules.yaml", "technicians.csv", "history.csv", "leave.csv", "demand.csv"):
        (folder / name).write_bytes((SAMPLE_ROSTER / name).read_bytes())
    week = load(folder)
    result = solve_roster(week, RosterParams(time_limit=5))
    assert result is not None and result.shifts["T03", MONDAY + dt.timedelta(days=1)] == "off"
    shifts = {**result.shifts, ("T03", MONDAY + dt.timedelta(days=1)): "day"}
    (folder / "roster.csv").write_text(roster_csv(week, shifts), encoding="utf-8-sig")
    app = make_app(PLANNER_ROSTER=str(folder))
    with running(app) as url:
        page = browser.new_page(locale="zh-CN", viewport=DESKTOP)
        page.goto(f"{url}/roster")
        broken = page.locator("div.broken li").all_inner_texts()
        assert "leave：张立新 (T03) 在 2026-11-24 休假，却被排了 白班" in broken
        assert not any("年假" in line for line in broken)
        page.close()
        with logged_in(browser, url) as staff:
            page = staff.new_page()
            page.goto(f"{url}/roster")
            broken = page.locator("div.broken li").all_inner_texts()
            assert "leave：张立新 (T03) 在 2026-11-24 休假（年假），却被排了 白班" in broken
            page.close()
