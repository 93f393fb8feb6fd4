"""The one YAML loader the project reads every YAML file with.

YAML aliases (``*name``) let a few lines stand for a document of billions
of values (the "billion laughs"), or for a list that contains itself; no
file the planner reads (settings, org chart, events, requests, scenarios)
needs them, so they are refused where they appear instead of expanded.
Nesting is bounded too: the parser builds nested values recursively, and a
file nested a thousand levels deep would otherwise end in a RecursionError.
Both refusals are ordinary YAML errors with the line, so every caller
reports them like a syntax error.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError

from planner.problems import Problem

#: Far deeper than any file of the project: an org chart's groups within groups
#: reach perhaps ten levels, a scenario file five.
MAX_DEPTH = 50


class RefusedYaml(ComposerError):
    """Valid YAML that the project will not build: an alias, or nesting beyond ``MAX_DEPTH``."""


class SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases and with bounded nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        """Refuse an alias before it is resolved; count the collections being built."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            # types-PyYAML also allows the C loader's Mark; this pure-Python loader makes yaml.error.Mark.
            raise RefusedYaml(None, None, "aliases (*name) are not accepted; write the values out", event.start_mark)  # type: ignore[arg-type]
        collection = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        if collection:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise RefusedYaml(
                    None,
                    None,
                    f"values are nested more than {MAX_DEPTH} levels deep; no file of the planner needs that many",
                    event.start_mark,
                )
        try:
            return super().compose_node(parent, index)
        finally:
            if collection:
                self._depth -= 1


class TextDatesLoader(SafeLoader):
    """The safe loader leaving dates as text.

    PyYAML turns ``2026-02-30`` into a ValueError while parsing; as text it
    reaches the date parser and becomes an ordinary, located problem.
    """


TextDatesLoader.yaml_implicit_resolvers = {
    first: [resolver for resolver in resolvers if resolver[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def yaml_problem(exc: yaml.YAMLError, label: str) -> Problem:
    """A YAML error as a problem at its line: refused content, or the syntax mistake."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, RefusedYaml):
        return Problem(label, line, None, f"{label} is refused: {reason}")
    return Problem(label, line, None, f"{label} is not valid YAML: {reason}")
