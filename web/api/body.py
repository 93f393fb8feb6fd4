"""Reading a plan or validation request: the dataset document plus planning options.

The body is the contract's JSON dataset with two optional keys of its
own, ``time_limit`` (seconds) and ``seed``. Those are taken off before the
document goes to the dataset loader, and their problems are reported with
the dataset's (table ``request``), so a client sees everything wrong at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from planner.domain import Dataset
from planner.io import dataset_from_document
from planner.problems import Problem, errors
from planner.routing import SearchParams
from web.api.shapes import MAX_SEED, REQUEST, DatasetRequest, once, shape_problems


@dataclass(frozen=True)
class PlanRequest:
    """What a request asks for: the dataset (None when unusable), search options, every problem."""

    dataset: Dataset | None
    params: SearchParams
    problems: tuple[Problem, ...]
    #: The body does not fit the request's schema (``web.api.shapes``), whatever else it holds.
    malformed: bool = False

    @property
    def ok(self) -> bool:
        """True when the day can be planned (warnings may remain)."""
        return self.dataset is not None and not self.malformed and not errors(self.problems)


def _reject_constant(name: str) -> float:
    """``NaN`` and ``Infinity`` are not JSON; Python's parser would otherwise let them in."""
    raise ValueError(f"{name} is not a JSON value")


def _number(text: str) -> float | int:
    """A JSON number with a fraction part; a whole one (``60.0``) is the integer JSON Schema says it is."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) <= 2**53 else value


def json_document() -> object:
    """The request body as JSON: 415 when it is not sent as JSON, 400 when it does not parse.

    The body is parsed here rather than by ``request.get_json`` so that a
    deeply nested document (a ``RecursionError``) is a 400, not a crash.
    """
    if not request.is_json:
        raise UnsupportedMediaType("send the dataset as JSON with Content-Type: application/json")
    data = request.get_data(cache=False)
    try:
        return json.loads(data, parse_constant=_reject_constant, parse_float=_number)
    except (ValueError, RecursionError) as exc:
        message = exc.args[0] if isinstance(exc, json.JSONDecodeError) else "not valid JSON"
        raise BadRequest(f"the body is not valid JSON: {message}") from None


def read_time_limit(value: object, default: float, cap: float, problems: list[Problem]) -> float:
    """Seconds above 0 and at most ``cap``; null or absent = ``default`` (plans, re-plans and scenario jobs)."""
    if value is None:
        return default
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= cap:
        return float(value)
    problems.append(
        Problem(
            REQUEST,
            None,
            "time_limit",
            f"time_limit {json.dumps(value)[:40]} is not a number of seconds above 0 and at most {cap:g}",
        )
    )
    return default


def _seed(value: object, problems: list[Problem]) -> int:
    """A whole number from 0 to ``MAX_SEED``; null or absent = 0 (the dataset's order)."""
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEED:
        return value
    problems.append(
        Problem(REQUEST, None, "seed", f"seed {json.dumps(value)[:40]} is not a whole number from 0 to {MAX_SEED}")
    )
    return 0


def time_limits() -> tuple[float, float]:
    """The app's (default, maximum) search time in seconds; the default never exceeds the maximum."""
    cap = float(current_app.config["PLANNER_MAX_TIME_LIMIT"])
    return min(float(current_app.config["PLANNER_API_TIME_LIMIT"]), cap), cap


def read_plan_request() -> PlanRequest:
    """Parse the body into a dataset and search options, collecting every problem."""
    document = json_document()
    shape = shape_problems(DatasetRequest, document)
    problems: list[Problem] = list(shape)
    default, max_time_limit = time_limits()
    time_limit, seed = default, 0
    if isinstance(document, dict):
        document = dict(document)
        time_limit = read_time_limit(document.pop("time_limit", None), default, max_time_limit, problems)
        seed = _seed(document.pop("seed", None), problems)
    loaded = dataset_from_document(document, source=REQUEST)  # type: ignore[arg-type]
    problems += loaded.problems
    return PlanRequest(
        loaded.dataset, SearchParams(time_limit=time_limit, seed=seed), tuple(once(problems)), malformed=bool(shape)
    )
