"""The weekly roster on the static site, in real Chromium: linked from the pages, the grid in both languages,
leave shown as leave and never its kind (年假, 病假: nobody else's business)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import DESKTOP, Watch, sample_day
from http_server import serving_folder
from playwright.sync_api import Browser
from roster_builders import SAMPLE_ROSTER
from test_site_browser import NetlifyHandler

from planner.roster.folder import roster_of_folder
from web.site import build_site, publish
from web.site.sealing import MasterSecret

SECRET = MasterSecret(b"roster-site-secret-0123456789-abcdef", reproducible=True)


@pytest.fixture(scope="module")
def roster():
    found, _ = roster_of_folder(SAMPLE_ROSTER)
    assert found is not None and found.week.leave
    return found


@pytest.fixture(scope="module")
def site(roster, tmp_path_factory: pytest.TempPathFactory):
    built = build_site(sample_day(), SECRET, roster=roster)
    out = tmp_path_factory.mktemp("roster-site") / "site"
    publish(built.files, out, "")
    return out, built


@pytest.fixture(scope="module")
def base(site) -> Iterator[str]:
    with serving_folder(site[0], NetlifyHandler) as url:
        yield url


def test_no_leave_kind_is_published(site, roster) -> None:
    kinds = {leave.kind for leave in roster.week.leave if leave.kind}
    assert kinds
    for path, data in site[1].files.items():
        if path.endswith((".html", ".csv", ".json", ".ics")):
            text = data.decode("utf-8-sig")
            assert not [k for k in kinds if k in text], path


def test_a_site_without_a_roster_has_no_roster_page() -> None:
    files = build_site(sample_day(), SECRET).files
    assert "roster.html" not in files and 'href="roster.html"' not in files["index.html"].decode("utf-8")


def test_roster_page_opens_from_the_index_in_chinese_and_english(browser: Browser, base: str, roster) -> None:
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    watch = Watch().attach(page)
    page.goto(f"{base}/index.html")
    page.get_by_role("link", name="排班表").first.click()
    page.wait_for_url(f"{base}/roster.html")
    assert page.locator("h1").inner_text().startswith("排班表")
    grid = page.locator("table.roster-grid").first
    assert grid.locator("tbody tr").count() == len(roster.week.people)
    names = grid.locator("tbody th").all_inner_texts()
    assert all(person.name in " ".join(names) for person in roster.week.people)
    leave = grid.locator("td.leave")
    assert leave.count() > 0 and set(leave.all_inner_texts()) == {"假"}
    page.goto(f"{base}/en/roster.html")
    assert page.locator("h1").inner_text().startswith("Shift roster")
    assert set(page.locator("table.roster-grid td.leave").all_inner_texts()) == {"leave"}
    assert watch.problems == []
    context.close()
