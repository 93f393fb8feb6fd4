"""The staffing scenario pages through Flask's test client: report folders listed and shown, both languages.

One tiny report folder is written for the module (about a second of
solving), beside folders that are not reports and must not be shown.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from scenario_fixtures import BARRED, SWEEP_STEPS, customer_data, tiny_day, write_tiny_report

from web import create_app
from web.scenario_reports import Report, folder_report
from web.store import DayStore
from web.views.scenarios import BETTER, COLUMNS, report_model

TOKEN = "scenario-page-token"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
REPORT = "week-48"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report folder, a half-written (hidden) copy, a folder of other files, a broken and a newer-version file."""
    root = tmp_path_factory.mktemp("reports")
    write_tiny_report(root / REPORT)
    shutil.copytree(root / REPORT, root / f".{REPORT}.x1y2")
    (root / "notes").mkdir()
    (root / "notes" / "readme.txt").write_text("not a report", encoding="utf-8")
    (root / "broken").mkdir()
    (root / "broken" / "comparison.json").write_text("{", encoding="utf-8")
    (root / "future").mkdir()
    (root / "future" / "comparison.json").write_text(json.dumps({"version": 2}), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def document(reports: Path) -> dict[str, Any]:
    return json.loads((reports / REPORT / "comparison.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def app(reports: Path) -> Flask:
    return create_app(
        {"TESTING": True, "SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_SCENARIOS_DIR": str(reports)},
        DayStore(),
    )


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, path: str) -> str:
    reply = client.get(path, headers=STAFF)
    assert reply.status_code == 200, reply.status_code
    return reply.get_data(as_text=True)


@pytest.mark.parametrize("lang, heading", [("zh", "人员配置情景"), ("en", "Staffing scenarios")])
def test_list_shows_report_folders_only(client: FlaskClient, reports: Path, lang: str, heading: str) -> None:
    """The report is listed with its day, variant count and when its file was made (the app, unlike the static
    site, shows that time); hidden, foreign, broken and newer files are not."""
    html = page(client, f"/scenarios/?lang={lang}")
    assert heading in html and f'href="/scenarios/{REPORT}?lang={lang}"' in html
    row = html[html.index(f">{REPORT}<") :][:600]
    variants = len(BARRED) - 1 + len(SWEEP_STEPS)
    assert tiny_day().settings.date.isoformat() in row and f'<td class="num">{variants}</td>' in row
    made = dt.datetime.fromtimestamp((reports / REPORT / "comparison.json").stat().st_mtime)
    assert f'<td class="num">{made:%Y-%m-%d %H:%M}</td>' in row
    assert not any(name in html for name in (f".{REPORT}", "notes", "broken", "future"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_shows_every_variant_the_charts_and_advice_in_the_page_language(
    client: FlaskClient, document: dict[str, Any], lang: str
) -> None:
    """A table row per variant, four bar charts and the sweep's line chart as SVG, the advice in this language."""
    html = page(client, f"/scenarios/{REPORT}?lang={lang}")
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
    assert re.findall(r'data-variant="([^"]+)"', html) == [*BARRED, *SWEEP_STEPS]
    assert html.count('class="chart chart-bars"') == 4 and html.count('class="chart chart-lines"') == 1
    assert html.count('class="chart-bar') == 4 * len(BARRED)
    chart_title = {"zh": "各方案优先级加权服务率（%）", "en": "Priority-weighted service level (%) by variant"}
    assert chart_title[lang] in html
    tried = {a["key"]: a for a in document["advice"]["tried"]}
    best = tried[document["advice"]["top"][0]]
    shown, hidden = (best["text_zh"], best["text_en"]) if lang == "zh" else (best["text_en"], best["text_zh"])
    assert str(escape(shown)) in html and str(escape(hidden)) not in html


def test_changes_are_coloured_by_whether_they_help(reports: Path) -> None:
    """Each change's tone follows the measure's better direction: more service is better, more travel worse."""
    report = folder_report(reports / REPORT)
    assert report is not None
    model = report_model(report, "en", "/scenarios/")
    by_name = {v["name"]: v for v in report.document["variants"]}
    checked = 0
    for row in model["rows"][1:]:
        for key, cell in zip(COLUMNS, row["figures"]):
            change = by_name[row["name"]]["delta"][key]
            if not change or not BETTER[key] or cell["delta"]["tone"] == "flat":
                continue
            assert cell["delta"]["tone"] == ("better" if (change > 0) == (BETTER[key] > 0) else "worse"), (row, key)
            checked += 1
    assert checked >= 4
    minus = next(r for r in model["rows"] if r["name"] == "minus_t02")
    assert minus["figures"][COLUMNS.index("priority_weighted_service")]["delta"]["tone"] == "worse"
    assert minus["figures"][COLUMNS.index("travel_km")]["delta"]["tone"] == "better"


@pytest.mark.parametrize("path", ["/scenarios/", f"/scenarios/{REPORT}"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_hold_no_customer_data_and_no_inline_code(client: FlaskClient, path: str, lang: str) -> None:
    """No customer's name, phone or address; no inline style or script (the CSP forbids both)."""
    html = page(client, f"{path}?lang={lang}")
    assert [text for text in customer_data(tiny_day()) if text in html] == []
    assert "style=" not in html and not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_pages_are_for_staff_only(client: FlaskClient) -> None:
    """Anonymous visitors go to the login page and see no link to the scenarios; staff see both."""
    for path in ("/scenarios/", f"/scenarios/{REPORT}"):
        refused = client.get(path)
        assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert 'href="/scenarios/"' not in client.get("/org").get_data(as_text=True)
    assert 'href="/scenarios/"' in page(client, "/org")


@pytest.mark.parametrize("name", ["no-such-report", f".{REPORT}.x1y2", "notes", "broken", "future", "..", "%2e%2e"])
def test_names_that_are_not_reports_are_404(client: FlaskClient, name: str) -> None:
    """Unknown, hidden, foreign and broken folders, and parent paths, are not reports."""
    assert client.get(f"/scenarios/{name}", headers=STAFF).status_code == 404


def test_labels_cannot_inject_markup(reports: Path, tmp_path: Path) -> None:
    """A variant label holding markup (labels come from posted scenarios) shows as text, in tables and charts."""
    document = json.loads((reports / REPORT / "comparison.json").read_text(encoding="utf-8"))
    document["variants"][1]["label"] = '<script src="/x.js"></script><b onmouseover="x()">'
    (tmp_path / "evil").mkdir()
    (tmp_path / "evil" / "comparison.json").write_text(json.dumps(document), encoding="utf-8")
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "PLANNER_API_TOKENS": [TOKEN], "PLANNER_SCENARIOS_DIR": str(tmp_path)},
        DayStore(),
    )
    html = page(app.test_client(), "/scenarios/evil")
    assert "<script" not in html and "<b " not in html and html.count("&lt;script") >= 5


def test_report_of_an_edited_file_is_reread(reports: Path, tmp_path: Path) -> None:
    """A comparison.json written again is read again (the cache follows the file's time and size)."""
    copy = tmp_path / "copy"
    shutil.copytree(reports / REPORT, copy)
    first = folder_report(copy)
    assert isinstance(first, Report) and first.document["dataset"] == "demo-day"
    document = {**first.document, "dataset": "edited-day-label"}
    (copy / "comparison.json").write_text(json.dumps(document), encoding="utf-8")
    again = folder_report(copy)
    assert again is not None and again.document["dataset"] == "edited-day-label"
