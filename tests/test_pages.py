"""The HTML pages through Flask's test client: access rules, content, language, the CSP-safe markup."""

from __future__ import annotations

import re
from pathlib import Path

import icalendar
import pytest
from browser import SAMPLE_DATE, TOKEN, make_app, sample_day
from builders import stops_of
from flask import Flask
from flask.testing import FlaskClient

from web.auth import technician_allowed, technician_token

STAFF = {"Authorization": f"Bearer {TOKEN}"}
DAY = SAMPLE_DATE.isoformat()
STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


@pytest.fixture(scope="module")
def app() -> Flask:
    return make_app()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def token(app: Flask, technician_id: str) -> str:
    with app.test_request_context():
        return technician_token(SAMPLE_DATE, technician_id)


def busiest() -> str:
    """Id of the technician with the most stops."""
    return max(sample_day().plan.routes, key=lambda r: len(r.stops)).technician_id


def customers() -> list[str]:
    return [v.customer for v in sample_day().dataset.visits]


def test_index_lists_the_planned_day_without_customer_data(client: FlaskClient) -> None:
    """Open to anyone: the date, links to board and role chart, and no customer name."""
    page = client.get("/").get_data(as_text=True)
    assert DAY in page and f'href="/d/{DAY}/"' in page and f'href="/d/{DAY}/org"' in page
    assert not any(name in page for name in customers())


def test_board_needs_staff(client: FlaskClient) -> None:
    """Anonymous visitors are sent to the login page; staff see the board."""
    refused = client.get(f"/d/{DAY}/")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert client.get(f"/d/{DAY}/", headers=STAFF).status_code == 200


def test_board_shows_kpis_timeline_map_and_unassigned_reasons(client: FlaskClient) -> None:
    """Served count, one timeline row per technician, the map, every unassigned visit with its Chinese reason."""
    plan = sample_day().plan
    page = client.get(f"/d/{DAY}/", headers=STAFF).get_data(as_text=True)
    assert f"{plan.kpis['visits_served']} / {plan.kpis['visits_total']}" in page
    assert page.count('class="tl-row"') == len(sample_day().dataset.technicians)
    assert 'class="route-map"' in page and page.count('class="stop"') == sum(len(r.stops) for r in plan.routes)
    for u in plan.unassigned:
        assert u.visit_id in page and u.reason_zh in page
    english = client.get(f"/d/{DAY}/?lang=en", headers=STAFF).get_data(as_text=True)
    assert all(u.reason.replace("'", "&#39;") in english for u in plan.unassigned)


def test_board_offers_signed_links_that_open_the_route(app: Flask, client: FlaskClient) -> None:
    """Each technician's link on the board carries a token the route page accepts."""
    page = client.get(f"/d/{DAY}/", headers=STAFF).get_data(as_text=True)
    links = re.findall(r'value="(http://localhost/d/[^"]+/t/(T\d+)\?k=([^"]+))"', page)
    assert len(links) == len(sample_day().dataset.technicians)
    _, tid, k = links[0]
    with app.test_request_context():
        assert technician_allowed(SAMPLE_DATE, tid, k)
    assert client.get(f"/d/{DAY}/t/{tid}?k={k}").status_code == 200


def test_route_page_refuses_a_missing_or_wrong_link(app: Flask, client: FlaskClient) -> None:
    """No token: login; a bad token or another technician's token: 403, and no customer shown."""
    tid = busiest()
    other = next(t.id for t in sample_day().dataset.technicians if t.id != tid)
    assert client.get(f"/d/{DAY}/t/{tid}").status_code == 302
    for k in ("forged", token(app, other)):
        refused = client.get(f"/d/{DAY}/t/{tid}?k={k}")
        assert refused.status_code == 403
        assert not any(name in refused.get_data(as_text=True) for name in customers())
        assert "请向派工员索取今天的路线链接" in refused.get_data(as_text=True)
    english = client.get(f"/d/{DAY}/t/{tid}?k=forged&lang=en")
    assert english.status_code == 403 and "Ask the dispatcher for today" in english.get_data(as_text=True)


def test_route_page_with_its_link_shows_the_day(app: Flask, client: FlaskClient) -> None:
    """Customer, tap-to-call, navigation link, lunch break and the calendar link carrying the token."""
    tid = busiest()
    k = token(app, tid)
    route = sample_day().plan.route_of(tid)
    assert route is not None
    page = client.get(f"/d/{DAY}/t/{tid}?k={k}").get_data(as_text=True)
    for stop in route.stops:
        visit = sample_day().dataset.visit(stop.visit_id)
        assert visit.customer in page and f'href="tel:{visit.phone}"' in page and visit.address in page
    for host in (
        "https://uri.amap.com/navigation?",
        "https://api.map.baidu.com/direction?",
        "https://apis.map.qq.com/uri/v1/routeplan?",
    ):
        assert page.count(host) == len(route.stops)
    assert f'href="/d/{DAY}/t/{tid}.ics?k={k}"' in page
    assert ("午休" in page) == (route.break_ is not None)


def test_calendar_download_follows_the_same_rule(app: Flask, client: FlaskClient) -> None:
    """The .ics needs the link too, and with it is a text/calendar attachment with one event per stop."""
    tid = busiest()
    assert client.get(f"/d/{DAY}/t/{tid}.ics?k=forged").status_code == 403
    reply = client.get(f"/d/{DAY}/t/{tid}.ics?k={token(app, tid)}")
    assert reply.status_code == 200 and reply.mimetype == "text/calendar"
    assert "attachment" in reply.headers["Content-Disposition"]
    events = icalendar.Calendar.from_ical(reply.data).walk("VEVENT")
    assert len(events) == len(stops_of(sample_day().plan, tid))


def test_role_chart_is_open_and_has_no_customer_data(client: FlaskClient) -> None:
    """Both role charts answer without login, show groups and measures, never a customer or phone."""
    for url in ("/org", f"/d/{DAY}/org"):
        page = client.get(url).get_data(as_text=True)
        assert "维修组" in page and "一次修复率" in page and "岗位职责" in page
        assert not any(v.phone in page or v.address in page for v in sample_day().dataset.visits)
    day_page = client.get(f"/d/{DAY}/org").get_data(as_text=True)
    assert day_page.count('class="person-load"') == len(sample_day().dataset.technicians)
    assert 'class="person-load"' not in client.get("/org").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/org"])
def test_language_by_parameter_then_browser_then_chinese(client: FlaskClient, url: str) -> None:
    """zh-CN by default, en with ?lang=en or an English browser, and ?lang=zh beats the browser."""
    assert '<html lang="zh-CN">' in client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in client.get(f"{url}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get(url, headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    page = client.get(f"{url}?lang=zh", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and f'href="{url}?lang=en"' in page


def test_language_switch_keeps_the_link_token(app: Flask, client: FlaskClient) -> None:
    """On a technician's page the switch to English keeps ``k``, so the page still opens."""
    tid = busiest()
    k = token(app, tid)
    page = client.get(f"/d/{DAY}/t/{tid}?k={k}").get_data(as_text=True)
    found = re.search(r'class="lang-switch" href="([^"]+)"', page)
    assert found is not None
    switch = found.group(1).replace("&amp;", "&")
    assert f"k={k}" in switch and "lang=en" in switch
    assert '<html lang="en">' in client.get(switch).get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/d/2026-01-01/", "/d/2026-13-45/", "/d/today/", f"/d/{DAY}/t/T99", "/d/2026-01-01/org"]
)
def test_unknown_days_and_technicians_are_404(client: FlaskClient, url: str) -> None:
    """Days without a plan, malformed dates and unknown technicians are not found (for staff)."""
    assert client.get(url, headers=STAFF).status_code == 404


def test_favicon_is_served(client: FlaskClient) -> None:
    """/favicon.ico answers with an icon, so browsers log no error."""
    reply = client.get("/favicon.ico")
    assert reply.status_code == 200 and reply.data[:4] == b"\x00\x00\x01\x00"


def test_pages_carry_no_inline_script_style_or_handlers(app: Flask, client: FlaskClient) -> None:
    """The Content-Security-Policy forbids inline code, so no page may contain any."""
    tid = busiest()
    for url in ("/", "/org", f"/d/{DAY}/org", f"/d/{DAY}/", f"/d/{DAY}/t/{tid}?k={token(app, tid)}"):
        page = client.get(url, headers=STAFF).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page), url


def test_every_referenced_asset_exists(app: Flask, client: FlaskClient) -> None:
    """Stylesheets, scripts and the icon the pages link to are all served."""
    tid = busiest()
    assets = set()
    for url in ("/", f"/d/{DAY}/org", f"/d/{DAY}/", f"/d/{DAY}/t/{tid}?k={token(app, tid)}"):
        assets |= set(
            re.findall(r'(?:href|src)="(/static/[^"]+)"', client.get(url, headers=STAFF).get_data(as_text=True))
        )
    assert {"/static/css/base.css", "/static/css/board.css", "/static/js/pages.js"} <= assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_masked_model_renders_through_the_board_template_without_personal_data(app: Flask) -> None:
    """The public variant goes through the same template and leaves no customer, phone, address or token."""
    from web.pages.context import render_page
    from web.views.board import board_model
    from web.views.masking import mask_board

    sample = sample_day()
    with app.test_request_context("/"):
        model = mask_board(board_model(sample.dataset, sample.plan, "zh", lambda tid: f"/t/{tid}?k=secret"))
        page = render_page("board.html", "zh", model=model, link_days=2, org_url=None)
    assert 'class="tl-row"' in page and "未排工单" in page and "?k=" not in page and "tel:" not in page
    for v in sample.dataset.visits:
        assert v.phone not in page and v.address not in page
        assert v.customer not in page


def test_technician_without_visits_gets_a_clear_page() -> None:
    """A technician with no route today sees so, without a calendar button."""
    sample = sample_day()
    idle = sample.plan.routes[0].technician_id
    plan = sample.plan.model_copy(update={"routes": sample.plan.routes[1:]})
    client = make_app(type(sample)(sample.dataset, plan)).test_client()
    page = client.get(f"/d/{DAY}/t/{idle}", headers=STAFF).get_data(as_text=True)
    assert "今天没有安排上门。" in page and ".ics" not in page


def test_empty_store_shows_empty_pages() -> None:
    """With no plan loaded the index says so and the role chart explains there is nothing to draw."""
    from web import create_app
    from web.store import DayStore

    client = create_app({"TESTING": True, "SECRET_KEY": "test"}, store=DayStore()).test_client()
    assert "还没有派工计划。" in client.get("/").get_data(as_text=True)
    assert "没有组织架构" in client.get("/org").get_data(as_text=True)
