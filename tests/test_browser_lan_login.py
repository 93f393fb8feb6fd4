"""Logging in over the office network by plain HTTP, in Chromium: the cookie sticks, and the board prints.

Chromium treats ``localhost`` as secure even over http://, so a test on
localhost would not notice a ``Secure`` cookie that a browser drops on
``http://dispatch.office.lan``. Here Chromium resolves such a host name to
the test server, as an office's DNS would, and the dispatcher logs in
through the form over plain HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PASSWORD, SAMPLE_DATE, USER, make_app, pdf_pages
from http_server import running
from playwright.sync_api import Browser, sync_playwright

HOST = "dispatch.office.lan"


@pytest.fixture(scope="module")
def lan_base() -> Iterator[str]:
    with running(make_app()) as url:
        yield f"http://{HOST}:{urlsplit(url).port}"


@pytest.fixture(scope="module")
def lan_browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
        )
        yield browser
        browser.close()


def test_login_over_plain_http_on_a_lan_host_name_sticks_and_the_board_prints(
    lan_browser: Browser, lan_base: str
) -> None:
    context = lan_browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{lan_base}/d/{SAMPLE_DATE}/")
    assert "/login" in page.url  # not logged in yet: sent to the form
    page.fill("input[name=name]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/d/{SAMPLE_DATE}/" and urlsplit(page.url).hostname == HOST
    session = [cookie for cookie in context.cookies() if cookie["name"] == "session"]
    assert session and not session[0]["secure"] and session[0]["httpOnly"]
    page.goto(f"{lan_base}/d/{SAMPLE_DATE}/")  # a second page: the session holds, no login loop
    assert "/login" not in page.url and page.locator(".board-grid").count() == 1
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True)) == 1
    context.close()
