"""Technicians' links and the session cookie behind a proxy, over real HTTP: the Host header is not trusted.

Links go to technicians by message, so a link pointing at another host
would hand their token to that host. Links come from PLANNER_PUBLIC_URL
when it is set; proxy headers (X-Forwarded-*) count only with
PLANNER_TRUSTED_PROXIES.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser import TOKEN, make_app
from builders import PLAN_DATE, day, tech, visit
from http_server import Reply, fetch, running

from planner.planning import plan_day
from planner.routing import SearchParams
from web.store import Day

BOARD = f"/d/{PLAN_DATE.isoformat()}/"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "planner.example.cn", "X-Forwarded-For": "203.0.113.7"}


@pytest.fixture(scope="module")
def small_day() -> Day:
    dataset = day([tech("T1"), tech("T2")], [visit("V1"), visit("V2", 20)])
    return Day(dataset, plan_day(dataset, SearchParams(time_limit=1.0)).plan)


def links(reply: Reply) -> list[str]:
    """The technicians' signed links on a board page."""
    assert reply.status == 200
    found = re.findall(r'value="([^"]+/t/T\d\?k=[^"]+)"', reply.text)
    assert found
    return found


@pytest.fixture(scope="module")
def public(small_day: Day) -> Iterator[str]:
    with running(make_app(small_day, PLANNER_PUBLIC_URL="https://planner.example.cn/")) as url:
        yield url


def test_links_come_from_the_public_url_whatever_the_host_header(public: str) -> None:
    """With PLANNER_PUBLIC_URL, a forged Host or X-Forwarded-Host changes nothing in the links."""
    for headers in ({"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}):
        found = links(fetch(f"{public}{BOARD}", headers={**STAFF, **headers}))
        assert all(link.startswith(f"https://planner.example.cn{BOARD}t/T") for link in found)


def test_proxy_headers_are_ignored_unless_trusted(small_day: Day) -> None:
    """Without PLANNER_TRUSTED_PROXIES, X-Forwarded-* neither make links https nor the cookie Secure."""
    with running(make_app(small_day)) as url:
        found = links(fetch(f"{url}{BOARD}", headers={**STAFF, **FORWARDED}))
        cookies = " ".join(fetch(f"{url}/login", headers=FORWARDED).cookies()).lower()
    assert all(link.startswith("http://127.0.0.1:") for link in found)
    assert "session=" in cookies and "secure" not in cookies


def test_trusted_proxy_headers_give_https_links_and_a_secure_cookie(small_day: Day) -> None:
    """With PLANNER_TRUSTED_PROXIES=1 the proxy's scheme and host make the links and the Secure cookie."""
    with running(make_app(small_day, PLANNER_TRUSTED_PROXIES=1)) as url:
        found = links(fetch(f"{url}{BOARD}", headers={**STAFF, **FORWARDED}))
        cookies = " ".join(fetch(f"{url}/login", headers=FORWARDED).cookies()).lower()
    assert all(link.startswith(f"https://planner.example.cn{BOARD}t/T") for link in found)
    assert "secure" in cookies
