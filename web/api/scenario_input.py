"""The ``scenarios`` of a scenario request, as YAML text or a JSON object, checked like a file.

A manager may paste the scenario file (YAML) and a program may send the
same keys as a JSON object; both are checked by the library's
``read_scenario_document`` against the posted day, so every mistake is
found and worded as ``planner scenarios`` words it. Only the location
differs: a YAML problem names the line of the text and the key, as for a
file; a JSON object has no lines, so its problems name the path of the
value in ``column`` (``variants[0].train[0].technician``).

Posted text is untrusted. YAML aliases (a few lines can expand into a
huge document), very deep nesting and oversized input are refused
before anything is built, and the scenario cannot name files on the
server (``extra_visits``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import yaml

from planner.domain import Dataset
from planner.io.yaml_lines import LinedYaml, PathKey, parse_yaml_with_lines
from planner.problems import Problem
from planner.scenarios.fields import where
from planner.scenarios.spec import ScenarioFile, read_scenario_document

#: The table name of the scenarios' problems.
TABLE = "scenarios"
#: Far more than a scenario file needs (``variants[0].add_technicians[0].skills`` is 5 levels deep).
MAX_DEPTH = 12
MAX_TEXT = 100_000
MAX_VALUES = 5_000

Relocate = Callable[[list[Problem]], list[Problem]]


def read_scenarios(value: object, dataset: Dataset | None) -> tuple[ScenarioFile | None, list[Problem]]:
    """The checked scenarios and every problem; only the syntax is checked while ``dataset`` is None."""
    if isinstance(value, str):
        doc, problems = _from_yaml(value)
        relocate: Relocate = list
    elif isinstance(value, dict):
        doc, problems, relocate = _from_json(value)
    else:
        return None, [
            Problem(
                "request",
                None,
                "scenarios",
                "scenarios must be the scenario file as YAML text, or a JSON object with base, variants and sweeps",
            )
        ]
    if doc is None or dataset is None:
        return None, problems
    scenario, found = read_scenario_document(doc, dataset, folder=None)
    return scenario, relocate(found)


def _from_yaml(text: str) -> tuple[LinedYaml | None, list[Problem]]:
    if len(text) > MAX_TEXT:
        return None, [
            Problem(
                TABLE,
                None,
                None,
                f"the scenario text has {len(text)} characters; a scenario file of at most {MAX_TEXT} is accepted",
            )
        ]
    unsafe = _unsafe_yaml(text)
    if unsafe is not None:
        return None, [unsafe]
    return parse_yaml_with_lines(text, TABLE)


def _unsafe_yaml(text: str) -> Problem | None:
    """An alias or nesting beyond ``MAX_DEPTH``, found from the parser's events before a document is built.

    Syntax errors are left to the loader, which reports them with their line.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.AliasEvent):
                return Problem(TABLE, line, None, "aliases (*name) are not accepted; write the values out")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(
                        TABLE,
                        line,
                        None,
                        f"the scenarios are nested more than {MAX_DEPTH} levels deep; a scenario file needs far fewer",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


class _Refused(Exception):
    """The JSON object is too deep or too large to be a scenario file."""


def _from_json(data: dict[str, Any]) -> tuple[LinedYaml | None, list[Problem], Relocate]:
    """Data whose "lines" are numbers standing for paths, and the function that turns them back into paths."""
    lines: dict[PathKey, int] = {}
    paths: dict[int, PathKey] = {}

    def number(value: Any, path: PathKey) -> None:
        if len(path) > MAX_DEPTH:
            raise _Refused(
                f"the scenarios are nested more than {MAX_DEPTH} levels deep at {where(path)}; "
                "a scenario file needs far fewer"
            )
        if len(paths) >= MAX_VALUES:
            raise _Refused(f"the scenarios hold more than {MAX_VALUES} values; a scenario file holds far fewer")
        paths[len(paths) + 1] = path
        lines[path] = len(paths)
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, child in children:
            number(child, path + (key,))

    try:
        number(data, ())
    except _Refused as refused:
        return None, [Problem(TABLE, None, None, str(refused))], list

    def relocate(problems: list[Problem]) -> list[Problem]:
        return [_at_path(problem, paths) for problem in problems]

    return LinedYaml(data, lines, TABLE), [], relocate


def _at_path(problem: Problem, paths: dict[int, PathKey]) -> Problem:
    """A problem located by path: the column names the value, and "line N" in the text becomes a path too."""
    message = re.sub(
        r"\bline (\d+)", lambda m: where(paths[int(m[1])]) if int(m[1]) in paths else m[0], problem.message
    )
    path = paths.get(problem.row) if problem.row is not None else None
    if path is None:
        return replace(problem, message=message)
    if problem.column is not None and problem.column not in path:
        path = path + (problem.column,)  # a missing key: where it should be
    return replace(problem, row=None, column=where(path) or None, message=message)
