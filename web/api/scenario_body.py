"""Reading a scenario request: the day, its scenarios, the search time per variant, advice or not.

Everything is checked before a job is queued, and every problem is
reported at once: the request's own keys (table ``request``), the day
(its tables, as for ``POST /plans``; table ``dataset`` for the document
as a whole) and the scenarios (table ``scenarios``). A run must stay
small on a shared server, so the search time per variant has a cap and
so has the number of variants, sweep steps included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from planner.domain import Dataset
from planner.io import dataset_from_document
from planner.problems import Problem, errors
from planner.routing import SearchParams
from planner.scenarios.spec import ScenarioFile
from web.api.body import REQUEST, read_time_limit
from web.api.scenario_input import TABLE, read_scenarios
from web.api.shapes import ScenarioRequest as ScenarioShape
from web.api.shapes import once, shape_problems

KEYS: tuple[str, ...] = ("dataset", "scenarios", "time_limit", "advice")
REQUIRED: tuple[str, ...] = ("dataset", "scenarios")
#: Problems of the dataset document as a whole (its tables keep their own names).
DATASET = "dataset"


@dataclass(frozen=True)
class ScenarioRequest:
    """What a request asks for: the day and scenarios (None when unusable), options, every problem."""

    dataset: Dataset | None
    scenario: ScenarioFile | None
    params: SearchParams
    advice: bool
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the job can be queued (warnings may remain)."""
        return self.dataset is not None and self.scenario is not None and not errors(self.problems)


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:40]


def _flag(value: object, problems: list[Problem]) -> bool:
    """``advice``: true or false; null or absent = false (advice adds up to 8 short searches)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.append(Problem(REQUEST, None, "advice", f"advice {_shown(value)} is not true or false"))
    return False


def scenario_request(document: object, max_time_limit: float, max_variants: int) -> ScenarioRequest:
    """Check a request's JSON document (posted now, or kept with a job to solve again), collecting every problem."""
    shape = shape_problems(ScenarioShape, document)
    fallback = SearchParams(time_limit=max_time_limit)
    if not isinstance(document, dict):
        return ScenarioRequest(
            None,
            None,
            fallback,
            False,
            (Problem(REQUEST, None, None, "the body must be a JSON object with dataset and scenarios"),)
            + tuple(shape[1:]),
        )
    problems = shape + [
        Problem(REQUEST, None, str(key), f"{key} is not a key of a scenario request; expected {', '.join(KEYS)}")
        for key in document
        if key not in KEYS
    ]
    problems += [Problem(REQUEST, None, key, f"{key} is missing") for key in REQUIRED if key not in document]
    seconds = read_time_limit(document.get("time_limit"), max_time_limit, max_time_limit, problems)
    params = SearchParams(time_limit=seconds)
    advice = _flag(document.get("advice"), problems)
    dataset = None
    if "dataset" in document:
        loaded = dataset_from_document(document["dataset"], source=DATASET)
        problems += loaded.problems
        dataset = loaded.dataset if not errors(loaded.problems) else None
        if dataset is not None and not dataset.technicians:
            problems.append(
                Problem(
                    "technicians",
                    None,
                    None,
                    "the day has no technicians; scenarios change the staffing of a day that has some",
                )
            )
            dataset = None
    scenario = None
    if "scenarios" in document:
        scenario, found = read_scenarios(document["scenarios"], dataset)
        problems += found
    if scenario is not None and len(scenario.variants) > max_variants:
        problems.append(
            Problem(
                TABLE,
                None,
                "variants",
                f"the scenarios make {len(scenario.variants)} variants "
                f"(sweep steps included); this server runs at most "
                f"{max_variants} at a time",
            )
        )
    return ScenarioRequest(dataset, scenario, params, advice, tuple(once(problems)))
