"""The pages in real Chromium over real HTTP: clean loads, phone layout, language, print, links, calendar.

Screenshots of every page are test artefacts, written to test-artifacts/screenshots/page-<name>-<width>.png
(or $PLANNER_ARTIFACTS/screenshots) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from browser import DESKTOP, PHONE, SAMPLE_DATE, Watch, logged_in, make_app, pdf_pages, sample_day
from builders import stops_of
from http_server import running
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from web.auth import technician_token

DAY = SAMPLE_DATE.isoformat()
SCREENSHOTS = (
    Path(os.environ.get("PLANNER_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts")) / "screenshots"
)
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def busiest() -> str:
    """Id of the technician with the most stops."""
    return max(sample_day().plan.routes, key=lambda r: len(r.stops)).technician_id


@pytest.fixture(scope="module")
def app():
    return make_app()


@pytest.fixture(scope="module")
def base(app) -> Iterator[str]:
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def staff(browser: Browser, base: str) -> Iterator[BrowserContext]:
    """A Chinese browser logged in as a dispatcher through the login page."""
    with logged_in(browser, base) as context:
        yield context


@pytest.fixture()
def visitor(browser: Browser) -> Iterator[BrowserContext]:
    """A Chinese browser with no login: a technician's phone, or the service manager's."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, accept_downloads=True)
    yield context
    context.close()


def signed_route(app, technician_id: str) -> str:
    with app.test_request_context():
        return f"/d/{DAY}/t/{technician_id}?k={technician_token(SAMPLE_DATE, technician_id)}"


def no_page_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_login_page_leads_to_the_board(browser: Browser, base: str) -> None:
    """Opening the board sends a dispatcher to the login form, and logging in brings them back to it."""
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{base}/d/{DAY}/")
    assert "/login" in page.url
    page.fill("input[name=name]", "dispatch")
    page.fill("input[name=password]", "board-pass-1")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/d/{DAY}/")
    assert page.locator("h1").inner_text().startswith("派工看板")
    context.close()


PAGES = [("index", "/"), ("org", "/org"), ("org-day", f"/d/{DAY}/org"), ("board", f"/d/{DAY}/")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "desktop"])
@pytest.mark.parametrize("name, path", PAGES, ids=[p[0] for p in PAGES])
def test_staff_pages_load_cleanly(
    staff: BrowserContext, base: str, name: str, path: str, viewport: ViewportSize
) -> None:
    """No console error, no failed request, no sideways scrolling of the page; Chinese by default."""
    page = staff.new_page()
    page.set_viewport_size(viewport)
    watch = Watch().attach(page)
    response = page.goto(base + path)
    page.wait_for_load_state("networkidle")
    assert response is not None and response.ok
    assert watch.problems == []
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert no_page_scroll(page)
    page.screenshot(path=f"{SCREENSHOTS}/page-{name}-{viewport['width']}.png", full_page=True)
    page.close()


def test_board_draws_timeline_rows_and_map_stops(staff: BrowserContext, base: str) -> None:
    """The rendered board has a timeline row per technician and a numbered marker per planned stop."""
    page = staff.new_page()
    page.goto(f"{base}/d/{DAY}/")
    plan = sample_day().plan
    assert page.locator("svg.timeline g.tl-row").count() == len(sample_day().dataset.technicians)
    assert page.locator("svg.route-map g.stop").count() == sum(len(r.stops) for r in plan.routes)
    box = page.locator("svg.timeline").bounding_box()
    assert box is not None and box["width"] > 900
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "desktop"])
def test_route_page_opens_from_its_link_on_a_phone(
    app, visitor: BrowserContext, base: str, viewport: ViewportSize
) -> None:
    """The signed link opens without login, loads cleanly, never scrolls sideways, every tap target >= 44 px."""
    page = visitor.new_page()
    page.set_viewport_size(viewport)
    watch = Watch().attach(page)
    page.goto(base + signed_route(app, busiest()))
    page.wait_for_load_state("networkidle")
    assert watch.problems == []
    assert no_page_scroll(page)
    small = page.evaluate("""() => [...document.querySelectorAll('a, button')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []
    first = sample_day().dataset.visit(stops_of(sample_day().plan, busiest())[0].visit_id)
    assert page.get_by_text(first.customer, exact=False).first.is_visible()
    assert page.locator(f'a[href="tel:{first.phone}"]').is_visible()
    page.screenshot(path=f"{SCREENSHOTS}/page-route-{viewport['width']}.png", full_page=True)
    page.close()


def test_route_page_lists_stops_in_plan_order_at_390px(app, visitor: BrowserContext, base: str) -> None:
    """On a 390 px phone the stops appear in the plan's order, numbered 1..n, with no sideways scrolling."""
    page = visitor.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + signed_route(app, busiest()))
    shown = page.locator("li.item-stop .customer-name .mono").all_inner_texts()
    assert shown == [s.visit_id for s in stops_of(sample_day().plan, busiest())]
    assert page.locator("li.item-stop .stop-no").all_inner_texts() == [str(n) for n in range(1, len(shown) + 1)]
    assert no_page_scroll(page)
    page.screenshot(path=f"{SCREENSHOTS}/page-route-390.png", full_page=True)
    page.close()


def test_role_chart_draws_every_role(visitor: BrowserContext, base: str) -> None:
    """Every role of org.yaml is drawn as a visible card of the chart."""
    page = visitor.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/d/{DAY}/org")
    org = sample_day().dataset.org
    assert org is not None and isinstance(org["roles"], list)
    roles = [role["id"] for role in org["roles"]]
    for role_id in roles:
        assert page.locator(f"article#role-{role_id}").is_visible(), role_id
    page.close()


def test_route_page_is_refused_without_a_valid_link(visitor: BrowserContext, base: str) -> None:
    """No token ends on the login page, a forged one on a 403 page; neither shows a customer."""
    route = sample_day().plan.route_of(busiest())
    assert route is not None
    names = [sample_day().dataset.visit(s.visit_id).customer for s in route.stops]
    page = visitor.new_page()
    page.goto(f"{base}/d/{DAY}/t/{busiest()}")
    assert "/login" in page.url
    response = page.goto(f"{base}/d/{DAY}/t/{busiest()}?k=forged")
    assert response is not None and response.status == 403
    body = page.locator("body").inner_text()
    assert not any(name in body for name in names)
    page.close()


def test_language_switch(app, visitor: BrowserContext, base: str) -> None:
    """Chinese by default; the switch link turns a page English and back, keeping a route page's link."""
    page = visitor.new_page()
    page.goto(f"{base}/")
    assert page.get_attribute("html", "lang") == "zh-CN" and page.locator("h1").inner_text() == "派工计划"
    page.click("a.lang-switch")
    assert page.get_attribute("html", "lang") == "en" and page.locator("h1").inner_text() == "Dispatch plans"
    page.click("a.lang-switch")
    assert page.get_attribute("html", "lang") == "zh-CN"
    page.goto(base + signed_route(app, busiest()))
    page.click("a.lang-switch")
    assert page.get_attribute("html", "lang") == "en" and "Today's route" in page.locator("h1").inner_text()
    assert page.get_by_text("Add to calendar").is_visible()
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_board_prints_on_one_a4_landscape_page(staff: BrowserContext, base: str, lang: str) -> None:
    """Chromium's print to PDF (A4 landscape, backgrounds on) gives exactly one page, in either language."""
    page = staff.new_page()
    page.goto(f"{base}/d/{DAY}/?lang={lang}")
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    page.close()
    assert pdf_pages(pdf) == 1


def test_route_page_prints_with_every_stop_and_phone_as_text(app, visitor: BrowserContext, base: str) -> None:
    """Printed (A4, print media): every stop and its phone number stay, navigation buttons go,
    and the busiest technician's day fits on at most two pages."""
    page = visitor.new_page()
    page.goto(base + signed_route(app, busiest()))
    page.emulate_media(media="print")
    stops = stops_of(sample_day().plan, busiest())
    assert page.locator("li.item-stop .customer-name .mono").all_inner_texts() == [s.visit_id for s in stops]
    assert all(not link.is_visible() for link in page.locator(".stop-actions .nav").all())
    phones = [sample_day().dataset.visit(s.visit_id).phone for s in stops]
    text = page.locator("body").inner_text()
    assert all(phone in text for phone in phones if phone)
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert 1 <= pdf_pages(pdf) <= 2


def test_copy_button_copies_the_signed_link(staff: BrowserContext, base: str) -> None:
    """The dispatcher's copy button puts the technician's signed link on the clipboard."""
    staff.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = staff.new_page()
    page.goto(f"{base}/d/{DAY}/")
    button = page.locator("button[data-copy]").first
    link = page.locator(f"#{button.get_attribute('data-copy')}").input_value()
    button.click()
    page.wait_for_function("() => document.querySelector('button[data-copy]').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == link and "?k=" in link
    page.close()


def test_calendar_download_has_one_event_per_stop(app, visitor: BrowserContext, base: str) -> None:
    """The route page's calendar button downloads an .ics that icalendar reads, with the planned times."""
    page = visitor.new_page()
    page.goto(base + signed_route(app, busiest()))
    with page.expect_download() as download:
        page.click("text=加入日历")
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    events = calendar.walk("VEVENT")
    stops = stops_of(sample_day().plan, busiest())
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [(s.start, s.end) for s in stops]
    assert download.value.suggested_filename == f"{DAY}-{busiest()}.ics"
    page.close()
