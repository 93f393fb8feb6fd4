"""Reading the values of a scenario file, each problem located at its line.

A scenario file is written by hand, usually by a manager rather than a
programmer, so a mistake must be reported like a mistake in a dataset:
file, line, key and a plain sentence, and every mistake at once. The
cell parsers of the dataset readers are reused so that a clock time, a
skill list or a coordinate is accepted and explained the same way in
both places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from planner.domain import Dataset
from planner.io.cells import CellError, show
from planner.io.yaml_lines import LinedYaml
from planner.problems import Problem

T = TypeVar("T")
Path = tuple[object, ...]

#: Written instead of a list of technician ids to mean everybody on the day.
EVERYBODY = "all"


def where(path: Path) -> str:
    """A path of keys and list positions as a person reads it: ``variants[2].train[0]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class FieldReader:
    """Collects problems while reading values out of one parsed scenario file."""

    def __init__(self, doc: LinedYaml):
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, message: str, *path: object) -> None:
        """An error at the line of ``path``; the last key names the column."""
        self.problems.append(self.doc.problem(message, *path))

    def missing(self, key: str, *path: object) -> None:
        """A required key absent from the mapping at ``path``."""
        self.problems.append(
            Problem(self.doc.file, self.doc.line(*path), key, f"{key} is missing in {where(path) or 'the file'}")
        )

    def mapping(
        self, value: Any, path: Path, known: Iterable[str], what: str, required: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        """``value`` as a mapping with only ``known`` keys; unknown and missing keys are errors."""
        known = tuple(known)
        if not isinstance(value, dict):
            self.error(f"{what} must be a mapping with keys such as {', '.join(known[:4])}", *path)
            return None
        for key in value:
            if key not in known:
                self.error(f"{key} is not a key of {what}; expected one of {', '.join(known)}", *path, str(key))
        for key in required:
            if key not in value:
                self.missing(key, *path)
        return {str(key): item for key, item in value.items() if key in known}

    def items(self, value: Any, path: Path, what: str) -> list[Any]:
        """A list (a single mapping is taken as a list of one)."""
        if isinstance(value, dict):
            return [value]
        if not isinstance(value, list):
            self.error(f"{where(path)} must be a list of {what}", *path)
            return []
        return value

    def parse(self, value: Any, parse: Callable[[Any], T], *path: object) -> T | None:
        """A value read with a dataset cell parser; None (and a problem) when it is wrong."""
        key = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        if value is None:
            self.error(f"{key} is empty", *path)
            return None
        try:
            return parse(value)
        except CellError as exc:
            self.error(f"{key} {show(value)} {exc}", *path)
            return None

    def technicians(
        self, value: Any, path: Path, state: Dataset, allow_everybody: bool = True
    ) -> tuple[bool, tuple[str, ...] | None]:
        """(ok, ids): technician ids known in ``state``, None for ``all``; ok is False when wrong."""
        if allow_everybody and value == EVERYBODY:
            return True, None
        given = [value] if isinstance(value, (str, int)) else value
        if not isinstance(given, list) or not given or not all(isinstance(i, (str, int)) for i in given):
            hint = f"{EVERYBODY}, " if allow_everybody else ""
            self.error(f"{where(path)} must be {hint}a technician id or a list of ids", *path)
            return False, None
        ids: list[str] = [str(i) for i in given]
        known = {t.id for t in state.technicians}
        unknown = [i for i in ids if i not in known]
        if unknown:
            self.error(
                f"unknown technician {', '.join(unknown)}; the day has {', '.join(sorted(known)) or 'nobody'}", *path
            )
            return False, None
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            self.error(f"technician {', '.join(repeated)} is listed more than once", *path)
            return False, None
        return True, tuple(ids)

    def known_names(self, names: Iterable[str], known: set[str], kind: str, *path: object) -> bool:
        """True when every name is known; otherwise one problem listing the unknown ones."""
        unknown = [name for name in names if name not in known]
        if unknown:
            self.error(
                f"unknown {kind} {', '.join(unknown)}; the dataset knows {', '.join(sorted(known)) or 'none'}", *path
            )
        return not unknown


def known_skills(dataset: Dataset) -> set[str]:
    """Skills anybody holds or any visit asks for: a skill outside both is surely a typo."""
    return {s for t in dataset.technicians for s in t.skills} | {s for v in dataset.visits for s in v.required_skills}


def known_regions(dataset: Dataset) -> set[str]:
    """Regions of the regions table, and any region a visit or a technician names."""
    return (
        {r.id for r in dataset.regions}
        | {v.region for v in dataset.visits if v.region}
        | {r for t in dataset.technicians for r in t.regions}
    )
