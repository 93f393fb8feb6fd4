"""Status taps from the static site's route page, through the site's ``/api/*`` proxy, in real Chromium.

The site is built with an API base (``/api``) and the API server's key;
a small static server on 127.0.0.1 serves it and forwards ``/api/*`` to
the app (as Netlify's ``[[redirects]]`` rule does); the app keeps work
orders in a SQLite store. A tap on the unlocked page reaches the store
as the technician, and the token never shows in the public shell.
"""

from __future__ import annotations

import http.client
import os
import secrets
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import PHONE, Watch, launch
from helpers_io import read_ok
from http_server import running, serving_folder
from playwright.sync_api import sync_playwright

from planner.planning import plan_day
from planner.routing import SearchParams
from planner.store import dataset_for, import_dataset, open_database, order, save_plan
from planner.store.clock import now_in
from web import create_app
from web.site import build_site, publish
from web.site.field import FieldApi, FieldApiError
from web.site.sealing import MasterSecret
from web.store import Day

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
DATE = "2026-11-23"
MASTER = MasterSecret(b"site-status-test-secret-0123456789-ab", reproducible=True)
API_KEY = secrets.token_urlsafe(32)


class SiteAndProxy(SimpleHTTPRequestHandler):
    """The site's files, and ``/api/*`` forwarded to the API with the query string, as a static host's proxy."""

    api: tuple[str, int] = ("127.0.0.1", 0)

    def do_POST(self) -> None:
        if not self.path.startswith("/api/"):
            self.send_error(405)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        connection = http.client.HTTPConnection(*self.api, timeout=60)
        try:
            connection.request(
                "POST",
                self.path,
                body=body,
                headers={"Content-Type": self.headers.get("Content-Type", ""), "Accept": "application/json"},
            )
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test looks at what the browser and the store saw."""


def site_with_proxy(folder: Path, api_url: str):
    """The site's folder served with its ``/api/*`` proxy to ``api_url``, while the block runs."""
    parts = urlsplit(api_url)
    return serving_folder(folder, type("Handler", (SiteAndProxy,), {"api": (parts.hostname, parts.port)}))


@pytest.fixture(scope="module")
def store_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Day]:
    """A store holding the first visits of the sample as orders, with their day planned (version 1)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'site.db'}"
    db = open_database(url)
    sample = read_ok(SAMPLE)
    import_dataset(db, sample.model_copy(update={"visits": sample.visits[:12]}), now_in("Asia/Shanghai"))
    dataset = dataset_for(db, sample.settings.date)
    plan = plan_day(dataset, SearchParams(time_limit=2.0)).plan
    save_plan(db, dataset, plan, by="lead", moment=now_in("Asia/Shanghai"))
    db.close()
    return url, Day(dataset, plan)


def test_a_tap_on_the_static_route_page_reaches_the_store_through_the_proxy(store_day, tmp_path: Path) -> None:
    url_db, day = store_day
    route = max(day.plan.routes, key=lambda r: len(r.stops))
    first = route.stops[0].visit_id
    site = build_site(day, MASTER, api=FieldApi.configured("/api", API_KEY))
    shell = site.files[f"d/{DATE}/t/{route.technician_id}.html"].decode("utf-8")
    assert "field-status.js" in shell and "?k=" not in shell and 'id="field-status"' not in shell
    publish(site.files, tmp_path / "site", "")
    link = next(own.url() for own in site.links if own.technician_id == route.technician_id)
    app = create_app({"SECRET_KEY": API_KEY, "PLANNER_DATABASE_URL": url_db, "PLANNER_SOLVE_WORKERS": 0})
    with running(app) as api, site_with_proxy(tmp_path / "site", api) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
            watch = Watch().attach(page)
            page.goto(f"{base}/{link}")
            page.wait_for_selector("#lock-notice[data-state=open]", state="attached", timeout=10_000)
            box = page.locator(f'.status-box[data-visit="{first}"]')
            box.locator('[data-set-status="en_route"]').click()
            page.wait_for_function(
                "() => !document.querySelector('#field-status').classList.contains('waiting')", timeout=15_000
            )
            shown = box.get_attribute("data-status")
        finally:
            browser.close()
    db = open_database(url_db)
    try:
        state = order(db, first)
    finally:
        db.close()
    assert shown == "en_route" and state.status == "en_route"
    assert state.history[-1].by == route.technician_id
    assert watch.problems == []


def test_an_api_base_needs_the_api_servers_own_key() -> None:
    """Without PLANNER_SECRET_KEY (or with a weak one) the API would refuse every tap: the build says so."""
    with pytest.raises(FieldApiError, match="PLANNER_SECRET_KEY"):
        FieldApi.configured("/api", None)
    with pytest.raises(FieldApiError, match="PLANNER_SECRET_KEY"):
        FieldApi.configured("/api", "dispatch2026")


def test_planner_build_with_api_and_no_key_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_SITE_SECRET": secrets.token_urlsafe(32)}
    env.pop("PLANNER_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "planner_cli", "build", str(SAMPLE), "--out", str(tmp_path / "site"), "--api", "/api"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2 and "PLANNER_SECRET_KEY" in result.stderr
    assert not (tmp_path / "site").exists()
