"""YAML documents that remember the line of every value.

Events and scenario files are written by hand; a problem in them is only
fixable quickly when it names the line. ``load_yaml_with_lines`` builds
plain Python data from the YAML node tree and keeps, for each path of
keys and list positions, the line it starts on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planner.io.tables import decode_file
from planner.io.yaml_safe import SafeLoader, yaml_problem
from planner.problems import Problem

PathKey = tuple[object, ...]


@dataclass(frozen=True)
class LinedYaml:
    """Plain data plus ``line(path)`` for locating problems."""

    data: Any
    lines: dict[PathKey, int]
    file: str

    def line(self, *path: object) -> int | None:
        """Line of the value at ``path``, or of its nearest located parent."""
        key: PathKey = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key)

    def problem(self, message: str, *path: object, severity: str = "error") -> Problem:
        """A problem at ``path``: its line, and the last key as the column."""
        column = next((str(p) for p in reversed(path) if isinstance(p, str)), None)
        return Problem(self.file, self.line(*path), column, message, severity)  # type: ignore[arg-type]


def _scalar(node: yaml.ScalarNode) -> Any:
    """Numbers, booleans and nulls as Python values; clock times and dates stay text.

    Plain YAML would read ``10:30`` as the base-60 number 630 and
    ``2026-11-23`` as a date object; both are better parsed, and reported,
    by the caller that knows what the field means.
    """
    value, tag = node.value, node.tag
    if node.style or ":" in value:
        return value
    if tag.endswith((":int", ":float")):
        return yaml.load(value, Loader=SafeLoader)
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":null"):
        return None
    return value


def _build(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[object, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            result[key] = _build(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode), "a YAML node is a mapping, a sequence or a scalar"
    return _scalar(node)


def load_yaml_with_lines(path: Path, label: str | None = None) -> tuple[LinedYaml | None, list[Problem]]:
    """Read a YAML file; dates and times stay text so the caller can report them precisely."""
    label = label or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(label, None, None, f"cannot read the file: {exc.strerror or exc}")]
    text, problems = decode_file(raw, label)
    if text is None:
        return None, problems
    doc, found = parse_yaml_with_lines(text, label)
    return doc, problems + found


def parse_yaml_with_lines(text: str, label: str) -> tuple[LinedYaml | None, list[Problem]]:
    """YAML text (a file's, or a request's) as plain data with lines, problems labelled ``label``."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        return None, [yaml_problem(exc, label)]
    lines: dict[PathKey, int] = {}
    data = _build(root, (), lines) if root is not None else None
    return LinedYaml(data, lines, label), []
