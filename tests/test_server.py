"""The app as a server: security headers, error answers for people and programs, ``planner serve``."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, request
from helpers_io import read_ok
from http_server import fetch, post_json, running, serving

from planner.planning import plan_day
from planner.routing import SearchParams
from web import create_app
from web.security import CONTENT_SECURITY_POLICY
from web.store import DayStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "server-test-token"
#: A key as the docs say to make one (``secrets.token_urlsafe(32)``).
STRONG_KEY = "q3Vn0cYd6Xw1JhT8pLr2ZsKfE9uBmA4gN7yQ5oHiC-M"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: Personal data that a failing request carries; it must reach neither the client nor the log.
SECRET_CUSTOMER = "客户张三 13800009999"


def failing_app() -> Flask:
    """The app plus two routes that crash with personal data in the exception and the body."""
    app = create_app({"SECRET_KEY": "server-test", "PLANNER_API_TOKENS": [TOKEN]}, DayStore())

    def crash() -> str:
        request.get_data()
        raise RuntimeError(f"cannot reach {SECRET_CUSTOMER}")

    app.add_url_rule("/crash", "crash", crash, methods=["GET", "POST"])
    app.add_url_rule("/api/v1/crash", "api_crash", crash, methods=["GET", "POST"])
    return app


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running(failing_app()) as url:
        yield url


def assert_no_trace(text: str) -> None:
    """Nothing of a stack trace or of the exception's message reaches the client."""
    for leak in ("Traceback", 'File "', "RuntimeError", "13800009999", "张三"):
        assert leak not in text


@pytest.mark.parametrize("path", ["/login", "/api/v1/health", "/no-such-page", "/api/v1/no-such"])
def test_every_response_has_the_security_headers(base: str, path: str) -> None:
    """nosniff, no referrer, no framing and no caching on pages and API answers alike."""
    reply = fetch(f"{base}{path}")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Cache-Control"] == "no-store"


def test_html_pages_carry_the_content_security_policy(base: str) -> None:
    """HTML gets the CSP that allows only the app's own scripts and styles."""
    reply = fetch(f"{base}/login")
    assert reply.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "<script>" not in reply.text and "style=" not in reply.text


def test_missing_page_is_html_for_a_browser(base: str) -> None:
    """A browser gets a Chinese 404 page by default, English with ?lang=en."""
    reply = fetch(f"{base}/no-such-page", headers={"Accept": "text/html,*/*;q=0.8"})
    assert reply.status == 404 and reply.headers.get_content_type() == "text/html"
    assert "页面不存在" in reply.text
    assert "Page not found" in fetch(f"{base}/no-such-page?lang=en").text


def test_missing_page_is_json_for_a_program(base: str) -> None:
    """A client that asks for JSON gets the JSON error body, also outside /api/."""
    reply = fetch(f"{base}/no-such-page", headers={"Accept": "application/json"})
    assert reply.status == 404 and reply.json()["error"] == "not_found"


def test_api_errors_are_json_whatever_the_client_accepts(base: str) -> None:
    """Under /api/ even a browser-like Accept header gets JSON."""
    reply = fetch(f"{base}/api/v1/no-such", headers={"Accept": "text/html"})
    assert reply.status == 404 and reply.json()["error"] == "not_found"


def test_wrong_method_is_405_json_with_allow(base: str) -> None:
    """A method an endpoint does not take is 405 with the Allow header kept."""
    reply = fetch(f"{base}/api/v1/health", "DELETE")
    assert reply.status == 405 and reply.json()["error"] == "method_not_allowed"
    assert "GET" in reply.headers["Allow"]


def test_crash_in_the_api_is_a_plain_500_json(base: str) -> None:
    """An unexpected exception becomes a 500 JSON body without trace or personal data."""
    reply = post_json(f"{base}/api/v1/crash", {"customer": SECRET_CUSTOMER})
    assert reply.status == 500 and reply.json()["error"] == "internal_server_error"
    assert_no_trace(reply.text)


def test_crash_on_a_page_is_a_plain_500_page(base: str) -> None:
    """A browser gets the 500 page, in its language, without trace or personal data."""
    reply = fetch(f"{base}/crash?lang=en", headers={"Accept": "text/html"})
    assert reply.status == 500 and "Server error" in reply.text
    assert_no_trace(reply.text)


def test_crash_is_logged_without_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    """The log says where it broke, but not the body, the query or the exception's message."""
    app = failing_app()
    with caplog.at_level(logging.ERROR, logger="web.errors"):
        reply = app.test_client().post("/api/v1/crash?k=link-token", json={"customer": SECRET_CUSTOMER})
    assert reply.status_code == 500
    logged = caplog.text
    assert "RuntimeError" in logged and "/api/v1/crash" in logged and "in crash" in logged
    for leak in ("张三", "13800009999", "link-token"):
        assert leak not in logged


def test_error_page_survives_a_broken_page_frame() -> None:
    """When the page frame itself fails, the error still answers with its status, in plain text."""
    app = failing_app()

    @app.context_processor
    def broken() -> dict[str, object]:
        raise LookupError("frame")

    reply = app.test_client().get("/no-such-page", headers={"Accept": "text/html"})
    assert reply.status_code == 404 and reply.mimetype == "text/plain"
    assert "页面不存在 / Page not found" in reply.get_data(as_text=True)


@pytest.fixture(scope="module")
def planned_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample with its plan.json beside it, so serving it needs no long solve."""
    folder = tmp_path_factory.mktemp("served") / "sample"
    shutil.copytree(SAMPLE, folder)
    dataset = read_ok(folder)
    (folder / "plan.json").write_text(plan_day(dataset, SearchParams(time_limit=1.0)).plan.to_json(), encoding="utf-8")
    return folder


def serve_command(source: Path | str, *extra: str, **environ: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PLANNER_API_TOKENS": TOKEN, "PLANNER_SECRET_KEY": STRONG_KEY, **environ}
    return subprocess.Popen(
        [sys.executable, "-m", "planner_cli", "serve", str(source), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_planner_serve_prints_its_url_and_serves_the_day(planned_sample: Path) -> None:
    """``planner serve DATASET`` announces its URL and serves that day's plan through the API."""
    with serving(serve_command(planned_sample, "--threads", "2"), timeout=60) as url:
        assert url.startswith("http://127.0.0.1:")
        assert fetch(f"{url}/api/v1/health").json()["status"] == "ok"
        assert fetch(f"{url}/api/v1/plans", headers=AUTH).json() == {"dates": ["2026-11-23"]}


def test_planner_serve_plans_again_past_a_broken_plan_file(planned_sample: Path, tmp_path: Path) -> None:
    """A plan.json that is not JSON beside the dataset: a warning, the day planned afresh, then served."""
    folder = tmp_path / "sample"
    shutil.copytree(planned_sample, folder)
    (folder / "plan.json").write_text('{"date": "2026-11-23", "routes": [', encoding="utf-8")
    process = serve_command(folder)
    with serving(process, timeout=120) as url:
        assert fetch(f"{url}/api/v1/plans", headers=AUTH).json() == {"dates": ["2026-11-23"]}
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "plan.json" in errors and "planned again" in errors and "Traceback" not in errors


def test_planner_serve_refuses_a_missing_source(tmp_path: Path) -> None:
    """A path that does not exist is exit code 2 with a message, before anything listens."""
    process = serve_command(tmp_path / "nowhere")
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 2 and "does not exist" in errors


def test_planner_serve_refuses_an_invalid_dataset(tmp_path: Path) -> None:
    """A dataset with errors is exit code 2 with every problem printed."""
    folder = tmp_path / "broken"
    shutil.copytree(SAMPLE, folder)
    (folder / "settings.yaml").write_text("date: 2026-13-01\n", encoding="utf-8")
    process = serve_command(folder)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "settings.yaml" in errors and "date" in errors


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_planner_serve_refuses_debug_mode_on_the_network(planned_sample: Path, host: str) -> None:
    """FLASK_DEBUG=1 on an address other machines reach is exit code 2 before anything listens."""
    process = serve_command(planned_sample, "--host", host, FLASK_DEBUG="1")
    out, errors = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "debug" in errors and "PLANNER_ALLOW_DEBUG_ON_NETWORK" in errors and "serving on" not in out


def test_planner_serve_allows_debug_on_the_network_only_when_told_and_says_so(planned_sample: Path) -> None:
    """PLANNER_ALLOW_DEBUG_ON_NETWORK=1 lets it start, with a warning, and access control unchanged."""
    process = serve_command(planned_sample, "--host", "0.0.0.0", FLASK_DEBUG="1", PLANNER_ALLOW_DEBUG_ON_NETWORK="1")
    with serving(process, timeout=60) as url:
        port = url.rsplit(":", 1)[1]
        assert fetch(f"http://127.0.0.1:{port}/api/v1/plans").status == 401
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "WARNING" in errors and "debug" in errors


def test_planner_serve_names_every_bad_setting(planned_sample: Path) -> None:
    """Unusable PLANNER_* values are exit code 2 with one line each, not a traceback."""
    process = serve_command(
        planned_sample,
        PLANNER_LINK_DAYS="abc",
        PLANNER_SCENARIO_MAX_TIME_LIMIT="nan",
        PLANNER_LOGIN_LIMIT_USER="lots",
        PLANNER_PUBLIC_URL="planner.example.cn",
        PLANNER_TRUSTED_PROXIES="-1",
    )
    out, errors = process.communicate(timeout=60)
    assert process.returncode == 2 and "Traceback" not in errors and "serving on" not in out
    assert "PLANNER_LINK_DAYS='abc'" in errors and "whole number" in errors
    for name in (
        "PLANNER_SCENARIO_MAX_TIME_LIMIT='nan'",
        "PLANNER_LOGIN_LIMIT_USER='lots'",
        "PLANNER_PUBLIC_URL='planner.example.cn'",
        "PLANNER_TRUSTED_PROXIES='-1'",
    ):
        assert name in errors


@pytest.mark.parametrize("key", ["dispatch2026", "a" * 40, "dispatch2026" * 4])
def test_planner_serve_refuses_a_weak_secret_key(planned_sample: Path, key: str) -> None:
    """A guessable PLANNER_SECRET_KEY is exit code 2, saying how to make a good one, before anything listens."""
    process = serve_command(planned_sample, PLANNER_SECRET_KEY=key)
    out, errors = process.communicate(timeout=60)
    assert process.returncode == 2 and "serving on" not in out and "Traceback" not in errors
    assert "PLANNER_SECRET_KEY" in errors and "secrets.token_urlsafe(32)" in errors


def test_planner_serve_leaves_no_worker_behind_when_killed(planned_sample: Path) -> None:
    """The API's worker processes end by themselves when the server is killed, releasing its output pipes."""
    process = serve_command(planned_sample)
    with serving(process, timeout=120):
        process.kill()
        process.wait(timeout=10)
        assert process.stdout is not None
        assert process.stdout.read() == ""  # returns only once every worker holding the pipe has ended
