"""JSON answers of the API and of the error handlers, in one shape.

Every error body is ``{"error": code, "message": text}`` (plus
``problems`` for a dataset that cannot be used), so a client needs one
parser for everything that is not a success. Chinese stays readable
(``ensure_ascii=False``), as in ``plan.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Response

from planner.problems import Problem

JSON_TYPE = "application/json"


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """``data`` as a UTF-8 JSON response."""
    return Response(
        json.dumps(data, ensure_ascii=False), status=status, mimetype=JSON_TYPE, headers=dict(headers or {})
    )


def error_response(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """The common error body: a machine code and a sentence for people."""
    return json_response({"error": code, "message": message}, status, headers)


def invalid_dataset(problems: Iterable[Problem]) -> Response:
    """422 listing every problem (errors and warnings), each located by table, row and column."""
    listed = [problem.as_dict() for problem in problems]
    count = sum(1 for problem in listed if problem["severity"] == "error")
    return json_response(
        {
            "error": "invalid_dataset",
            "message": f"{count} error(s) in the dataset; nothing was planned",
            "problems": listed,
        },
        422,
    )
