"""The AWS Lambda handler: synthetic API Gateway events (REST v1 and HTTP API v2) reach the Flask API."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from helpers_io import read_ok

from planner.check import check
from planner.io.write import dataset_to_document
from web.lambda_handler import Handler, make_handler

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TOKEN = "lambda-test-token"


@pytest.fixture(scope="module")
def handler() -> Handler:
    """A handler made as on Lambda, from the environment, with one API token."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANNER_API_TOKENS", TOKEN)
        env.setenv("PLANNER_SECRET_KEY", "Pq7sW2xK9dLm4VbN1cRf8TzY3hJg6uEa0oCi5nMlBv-")
        env.delenv("PLANNER_SOURCE", raising=False)
        return make_handler()


def rest_event(
    method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """An API Gateway REST API (payload format 1.0) proxy event."""
    return {
        "version": "1.0",
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": {"Host": "api.example.invalid", "X-Forwarded-Proto": "https", **(headers or {})},
        "queryStringParameters": None,
        "requestContext": {"stage": "prod", "path": f"/prod{path}"},
        "body": body,
        "isBase64Encoded": False,
    }


def http_event(
    method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """An API Gateway HTTP API / function URL (payload format 2.0) event, body base64 as Lambda sends it."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": "api.example.invalid", "x-forwarded-proto": "https", **(headers or {})},
        "requestContext": {
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9"},
            "stage": "$default",
        },
        "body": base64.b64encode(body).decode("ascii") if body is not None else None,
        "isBase64Encoded": body is not None,
    }


def header(reply: dict[str, Any], name: str) -> str | None:
    """A response header, whatever its case."""
    return {k.lower(): v for k, v in reply["headers"].items()}.get(name.lower())


@pytest.mark.parametrize("make_event", [rest_event, http_event], ids=["rest-v1", "http-v2"])
def test_health_answers_200_with_security_headers(handler: Handler, make_event) -> None:
    """GET /api/v1/health is 200 JSON, with the app's own no-store and nosniff headers."""
    reply = handler(make_event("GET", "/api/v1/health"), None)
    assert reply["statusCode"] == 200, reply
    assert json.loads(reply["body"])["status"] == "ok"
    assert header(reply, "Cache-Control") == "no-store"
    assert header(reply, "X-Content-Type-Options") == "nosniff"


def test_plans_need_the_token(handler: Handler) -> None:
    """POST /api/v1/plans without a bearer token is refused with 401."""
    reply = handler(rest_event("POST", "/api/v1/plans", "{}", {"Content-Type": "application/json"}), None)
    assert reply["statusCode"] == 401


def test_posted_sample_is_planned_and_checks(handler: Handler) -> None:
    """POST /api/v1/plans with the sample as the contract's JSON and the token returns a plan that checks."""
    dataset = read_ok(SAMPLE)
    body = json.dumps({**dataset_to_document(dataset), "time_limit": 2}, ensure_ascii=False).encode("utf-8")
    reply = handler(
        http_event(
            "POST", "/api/v1/plans", body, {"content-type": "application/json", "authorization": f"Bearer {TOKEN}"}
        ),
        None,
    )
    assert reply["statusCode"] == 200, reply["body"][:500]
    text = base64.b64decode(reply["body"]).decode("utf-8") if reply.get("isBase64Encoded") else reply["body"]
    plan = json.loads(text)
    assert plan["date"] == "2026-11-23"
    assert check(dataset, plan) == []
