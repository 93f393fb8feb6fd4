"""The built static site in real Chromium, served with netlify.toml's headers: route pages open only with
their own key, the public board shows no customers, every page loads under the CSP without console errors.

The server is a plain static file server on 127.0.0.1 that adds the headers of netlify.toml's [[headers]]
rules (``test_netlify.headers_for``), as Netlify would. Screenshots go to test-artifacts/screenshots/site-*.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from browser import PHONE, Watch, sample_day
from builders import stops_of
from http_server import serving_folder
from playwright.sync_api import Browser, BrowserContext, Page
from test_netlify import CSP, headers_for

from web.site import Site, build_site, publish
from web.site.labels import SITE_LABELS
from web.site.sealing import MasterSecret

DATE = "2026-11-23"
SECRET = MasterSecret(b"browser-test-secret-0123456789-abcdef", reproducible=True)
ARTIFACTS = Path(os.environ.get("PLANNER_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"


class NetlifyHandler(SimpleHTTPRequestHandler):
    """Static files with the headers netlify.toml gives their path."""

    def end_headers(self) -> None:
        for name, value in headers_for(urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests look at what the browser saw."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    """The sample day's site, written to a folder."""
    site = build_site(sample_day(), SECRET)
    out = tmp_path_factory.mktemp("static") / "site"
    publish(site.files, out, "")
    return out, site


@pytest.fixture(scope="module")
def base(built: tuple[Path, Site]) -> Iterator[str]:
    with serving_folder(built[0], NetlifyHandler) as url:
        yield url


@pytest.fixture()
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """A technician's phone: Chinese, 360 px wide, downloads allowed."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, accept_downloads=True)
    yield context
    context.close()


def busiest() -> str:
    """Id of the technician with the most stops."""
    return max(sample_day().plan.routes, key=lambda r: len(r.stops)).technician_id


def link(site: Site, technician_id: str) -> str:
    """The technician's private link, inside the site."""
    return next(own.url() for own in site.links if own.technician_id == technician_id)


def route_path(technician_id: str) -> str:
    return f"d/{DATE}/t/{technician_id}.html"


def personal(technician_id: str | None = None) -> list[str]:
    """Names, phones and addresses of a technician's stops (of every visit when None)."""
    day = sample_day()
    route = day.plan.route_of(technician_id) if technician_id else None
    visits = [day.dataset.visit(s.visit_id) for s in route.stops] if route else list(day.dataset.visits)
    return [value for v in visits for value in (v.customer, v.phone, v.address) if value]


def wait_for_state(page: Page, state: str) -> None:
    page.wait_for_selector(f"#lock-notice[data-state={state}]", state="attached", timeout=10_000)


PAGES = ["index.html", "org.html", f"d/{DATE}/index.html", f"d/{DATE}/org.html", route_path("T01")]


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_under_netlify_headers_without_errors(
    phone: BrowserContext, base: str, path: str, lang: str
) -> None:
    """Served with netlify.toml's CSP and headers, each page loads with no console error or failed request."""
    page = phone.new_page()
    watch = Watch().attach(page)
    response = page.goto(f"{base}/{lang}{path}")
    page.wait_for_load_state("networkidle")
    assert response is not None and response.ok
    assert response.headers["content-security-policy"] == CSP and response.headers["cache-control"] == "no-store"
    assert watch.problems == []
    page.close()


def test_own_link_shows_the_stops_with_customer_details(
    phone: BrowserContext, base: str, built: tuple[Path, Site]
) -> None:
    """The technician's link opens their page: every stop in order with the customer, a call and a navigation link."""
    technician = busiest()
    page = phone.new_page()
    watch = Watch().attach(page)
    page.goto(f"{base}/{link(built[1], technician)}")
    wait_for_state(page, "open")
    stops = stops_of(sample_day().plan, technician)
    assert page.locator("li.item-stop .customer-name .mono").all_inner_texts() == [s.visit_id for s in stops]
    for stop in stops:
        visit = sample_day().dataset.visit(stop.visit_id)
        assert page.get_by_text(visit.customer, exact=False).first.is_visible()
        assert page.locator(f'a[href="tel:{visit.phone}"]').is_visible()
    assert page.locator(".nav-links").count() == len(stops) and page.locator("a.nav").count() == 3 * len(stops)
    assert not page.locator("#lock-notice").is_visible()
    assert watch.problems == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/site-route-open-360.png", full_page=True)
    page.close()


def test_calendar_is_made_in_the_browser_from_the_sealed_stops(
    phone: BrowserContext, base: str, built: tuple[Path, Site]
) -> None:
    """The unlocked page's calendar button downloads an .ics with one event per stop at the planned times."""
    technician = busiest()
    page = phone.new_page()
    page.goto(f"{base}/{link(built[1], technician)}")
    wait_for_state(page, "open")
    with page.expect_download() as download:
        page.click("text=加入日历")
    events = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    stops = stops_of(sample_day().plan, technician)
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [(s.start, s.end) for s in stops]
    assert download.value.suggested_filename == f"{DATE}-{technician}.ics"
    page.close()


def test_without_the_key_the_details_stay_hidden(phone: BrowserContext, base: str) -> None:
    """Without a key the page says it is locked and shows times and order, but no customer details."""
    technician = busiest()
    page = phone.new_page()
    page.goto(f"{base}/{route_path(technician)}")
    wait_for_state(page, "locked")
    assert page.locator("#lock-notice").inner_text() == SITE_LABELS["lock_locked"][0]
    assert page.locator("li.item-stop").count() == len(stops_of(sample_day().plan, technician))
    content = page.content()
    assert [value for value in personal(technician) if value in content] == []
    assert page.locator('a[href^="tel:"]').count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/site-route-locked-360.png", full_page=True)
    page.close()


def test_another_technicians_key_keeps_it_locked(phone: BrowserContext, base: str, built: tuple[Path, Site]) -> None:
    """Another technician's key leaves the page locked, saying the key belongs elsewhere."""
    technician = busiest()
    other = next(t.id for t in sample_day().dataset.technicians if t.id != technician)
    fragment = link(built[1], other).split("#", 1)[1]
    page = phone.new_page()
    page.goto(f"{base}/{route_path(technician)}#{fragment}")
    wait_for_state(page, "wrong")
    assert page.locator("#lock-notice").inner_text() == SITE_LABELS["lock_wrong"][0]
    content = page.content()
    assert [value for value in personal(technician) if value in content] == []
    page.close()


def test_public_board_shows_no_customer_names(phone: BrowserContext, base: str) -> None:
    """The board shows initials and districts: no customer's name, phone or address anywhere in the page."""
    page = phone.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/d/{DATE}/index.html")
    content = page.content()
    assert [value for value in personal() if value in content] == []
    first = sample_day().dataset.visit(sample_day().plan.unassigned[0].visit_id)
    assert f"{first.customer[0]}*" in content
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/site-board-desktop.png", full_page=True)
    page.close()


def test_language_switch_keeps_the_key(phone: BrowserContext, base: str, built: tuple[Path, Site]) -> None:
    """Switching an unlocked page to English opens the English page with the same key."""
    technician = busiest()
    page = phone.new_page()
    page.goto(f"{base}/{link(built[1], technician)}")
    wait_for_state(page, "open")
    page.click("a.lang-switch")
    wait_for_state(page, "open")
    assert page.get_attribute("html", "lang") == "en" and "/en/" in page.url
    first = sample_day().dataset.visit(stops_of(sample_day().plan, technician)[0].visit_id)
    assert page.get_by_text("Add to calendar").is_visible() and page.get_by_text(first.customer).first.is_visible()
    page.close()


def test_link_opens_from_a_file_share(phone: BrowserContext, built: tuple[Path, Site]) -> None:
    """The folder works without a server: a file:// link with the key opens the page too."""
    folder, site = built
    technician = busiest()
    page = phone.new_page()
    page.goto(f"{folder.as_uri()}/{link(site, technician)}")
    wait_for_state(page, "open")
    first = sample_day().dataset.visit(stops_of(sample_day().plan, technician)[0].visit_id)
    assert page.get_by_text(first.customer).first.is_visible()
    page.close()
