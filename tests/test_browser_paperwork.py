"""In real Chromium over real HTTP: the tile map and its offline fallback, and the printed paperwork.

Tile requests never reach the internet here: one test blocks them (as an
office without internet access, or a blocked tile host, would) and sees
the route sketch stay; the other answers them with a local image and
sees the tile map drawn with a marker per stop and a line per route.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import DESKTOP, PHONE, SAMPLE_DATE, Watch, logged_in, make_app, pdf_pages, sample_day
from http_server import running
from playwright.sync_api import Browser, BrowserContext, Route, ViewportSize

from web.auth import technician_token

DAY = SAMPLE_DATE.isoformat()
TILE = (
    Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "leaflet" / "images" / "layers.png"
).read_bytes()
#: Any request leaving this machine.
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


@pytest.fixture(scope="module")
def app():
    return make_app(PLANNER_MAP_TILES="amap")


@pytest.fixture(scope="module")
def base(app) -> Iterator[str]:
    with running(app) as url:
        yield url


@pytest.fixture()
def staff(browser: Browser, base: str) -> Iterator[BrowserContext]:
    with logged_in(browser, base) as context:
        yield context


def routed() -> list:
    return [r for r in sample_day().plan.routes if r.stops]


def test_map_falls_back_to_the_sketch_when_tiles_cannot_load(staff: BrowserContext, base: str) -> None:
    """Offline: the frame settles on "fallback", the SVG sketch shows every stop, the legend names everyone out."""
    staff.route(OUTSIDE, lambda route: route.abort())
    page = staff.new_page()
    response = page.goto(f"{base}/d/{DAY}/")
    assert response is not None and "https://webrd01.is.autonavi.com" in response.headers["content-security-policy"]
    page.wait_for_selector("[data-map-frame][data-map-state=fallback]")
    assert page.locator("[data-live-map]").count() == 0
    sketch = page.locator(".map-panel svg.route-map")
    assert sketch.is_visible()
    assert sketch.locator("g.stop").count() == sum(len(r.stops) for r in routed())
    names = {sample_day().dataset.technician(r.technician_id).name for r in routed()}
    assert set(page.locator(".map-panel .map-legend li").all_inner_texts()) >= names
    page.close()


def test_map_draws_on_tiles_when_they_load(staff: BrowserContext, base: str) -> None:
    """Tiles answered locally: the tile map shows a numbered marker per stop and a line per route, no script error."""
    served: list[str] = []

    def tile(route: Route) -> None:
        served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE)

    staff.route(OUTSIDE, tile)
    page = staff.new_page()
    watch = Watch().attach(page)
    page.goto(f"{base}/d/{DAY}/")
    page.wait_for_selector("[data-map-frame][data-map-state=live]")
    assert served and all("autonavi.com/appmaptile" in url for url in served)
    live = page.locator(".map-panel .live-map")
    assert live.is_visible()
    assert live.locator(".map-stop").count() == sum(len(r.stops) for r in routed())
    assert live.locator("path.leaflet-interactive").count() >= len(routed())
    assert sorted(live.locator(".map-stop").all_text_contents(), key=int) == sorted(
        (str(n) for r in routed() for n in range(1, len(r.stops) + 1)), key=int
    )
    assert watch.problems == []
    page.close()


def test_route_page_map_and_navigation_on_a_phone(app, browser: Browser, base: str) -> None:
    """A technician's phone: their stops on the tile map, three navigation apps per stop, no sideways scrolling."""
    route = max(routed(), key=lambda r: len(r.stops))
    with app.test_request_context():
        path = f"/d/{DAY}/t/{route.technician_id}?k={technician_token(SAMPLE_DATE, route.technician_id)}"
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    context.route(OUTSIDE, lambda r: r.fulfill(status=200, content_type="image/png", body=TILE))
    page = context.new_page()
    watch = Watch().attach(page)
    page.goto(base + path)
    page.wait_for_selector("[data-map-frame][data-map-state=live]")
    assert page.locator(".live-map .map-stop").all_text_contents() == [str(n) for n in range(1, len(route.stops) + 1)]
    assert page.locator(".nav-links").count() == len(route.stops)
    for app_name in ("amap", "baidu", "tencent"):
        links = page.locator(f"a.nav-{app_name}")
        assert links.count() == len(route.stops) and links.first.is_visible()
    first = sample_day().dataset.visit(route.stops[0].visit_id)
    amap = parse_qs(urlsplit(page.locator("a.nav-amap").first.get_attribute("href") or "").query)
    assert amap["to"] == [f"{first.lon},{first.lat},{first.address}"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert watch.problems == []
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "desktop"])
def test_board_prints_on_one_page_whatever_the_screen(staff: BrowserContext, base: str, viewport: ViewportSize) -> None:
    """Printed from a phone-sized window too, the board keeps its print layout (timeline beside map) on one A4 sheet."""
    staff.route(OUTSIDE, lambda route: route.abort())
    page = staff.new_page()
    page.set_viewport_size(viewport)
    page.goto(f"{base}/d/{DAY}/")
    page.emulate_media(media="print")
    areas = page.eval_on_selector(".board-grid", "e => getComputedStyle(e).gridTemplateAreas")
    assert '"timeline map"' in areas
    pdf = page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
    page.close()
    assert pdf_pages(pdf) == 1


def test_work_order_sheets_print_one_a4_page_per_technician(staff: BrowserContext, base: str) -> None:
    """派工单: one sheet per technician out today, each with a signature line per visit, one A4 page each."""
    page = staff.new_page()
    page.goto(f"{base}/d/{DAY}/work-orders")
    sheets = page.locator("section.work-order")
    assert sheets.count() == len(routed())
    for sheet, route in zip(sheets.all(), sorted(routed(), key=lambda r: (r.depart, r.technician_id))):
        assert sheet.locator("h1 .who").inner_text() == sample_day().dataset.technician(route.technician_id).name
        assert sheet.locator(".wo-visit .wo-id").all_inner_texts() == [s.visit_id for s in route.stops]
        assert sheet.locator(".wo-visit .sign-line").count() == 2 * len(route.stops)
        customers = [sample_day().dataset.visit(s.visit_id).customer for s in route.stops]
        assert all(c in sheet.inner_text() for c in customers)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    assert pdf_pages(pdf) == len(routed())


def test_pick_list_prints_on_one_page_with_totals(staff: BrowserContext, base: str) -> None:
    """配件领料单: technicians in departure order, totals per part equal to the parts of the planned visits."""
    page = staff.new_page()
    page.goto(f"{base}/d/{DAY}/pick-list")
    day = sample_day()
    wanted: dict[str, int] = {}
    for route in routed():
        for stop in route.stops:
            for part, qty in day.dataset.visit(stop.visit_id).parts.items():
                wanted[part] = wanted.get(part, 0) + qty
    rows = page.locator(".pick-totals tbody tr").all()
    got = {
        row.locator("td").first.locator(".mono").inner_text(): int(row.locator("td").nth(1).inner_text())
        for row in rows
    }
    assert got == wanted
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    assert pdf_pages(pdf) == 1
