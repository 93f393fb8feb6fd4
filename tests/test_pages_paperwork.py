"""The paperwork pages through Flask's test client: staff only, the right visits, no customer on the pick list."""

from __future__ import annotations

import pytest
from browser import SAMPLE_DATE, TOKEN, make_app, sample_day
from flask.testing import FlaskClient

STAFF = {"Authorization": f"Bearer {TOKEN}"}
DAY = SAMPLE_DATE.isoformat()


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return make_app().test_client()


@pytest.mark.parametrize("path", [f"/d/{DAY}/work-orders", f"/d/{DAY}/t/T01/work-order", f"/d/{DAY}/pick-list"])
def test_paperwork_is_for_staff(client: FlaskClient, path: str) -> None:
    """Without a login: sent to the login page; with a staff token: the page."""
    refused = client.get(path)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert client.get(path, headers=STAFF).status_code == 200


def test_work_order_of_one_technician_has_their_visits_and_customers(client: FlaskClient) -> None:
    day = sample_day()
    route = max(day.plan.routes, key=lambda r: len(r.stops))
    page = client.get(f"/d/{DAY}/t/{route.technician_id}/work-order", headers=STAFF).get_data(as_text=True)
    assert "派工单" in page and day.dataset.technician(route.technician_id).name in page
    for stop in route.stops:
        visit = day.dataset.visit(stop.visit_id)
        assert visit.id in page and visit.customer in page and visit.address in page
    assert page.count('class="sign-line"') == 2 * len(route.stops) + 1
    assert client.get(f"/d/{DAY}/t/NOBODY/work-order", headers=STAFF).status_code == 404


def test_pick_list_names_parts_and_no_customer(client: FlaskClient) -> None:
    day = sample_day()
    page = client.get(f"/d/{DAY}/pick-list?lang=en", headers=STAFF).get_data(as_text=True)
    assert "Parts pick list" in page and "Totals by part" in page
    used = {p for r in day.plan.routes for s in r.stops for p in day.dataset.visit(s.visit_id).parts}
    assert used and all(day.dataset.part_name(p) in page for p in used)
    assert not [x for v in day.dataset.visits for x in (v.customer, v.phone, v.address) if x and x in page]


def test_board_links_the_paperwork(client: FlaskClient) -> None:
    page = client.get(f"/d/{DAY}/", headers=STAFF).get_data(as_text=True)
    assert f'href="/d/{DAY}/work-orders"' in page and f'href="/d/{DAY}/pick-list"' in page
    out = [r.technician_id for r in sample_day().plan.routes if r.stops]
    assert all(f'href="/d/{DAY}/t/{tid}/work-order"' in page for tid in out)
