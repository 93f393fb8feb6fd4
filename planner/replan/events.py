"""What happened during the day, read from ``events.yaml``.

```yaml
at: "10:30"                      # the moment of re-planning (``--at`` overrides)
new_visits:                      # rows with the columns of visits.csv
  - {id: V101, lat: 39.93, lon: 116.45, region: chaoyang, type: complaint,
     priority: 1, required_skills: "sofa_repair:2", duration_min: 60, due_date: 2026-11-23}
cancelled: [V012]                # the customer called off
not_home: [V040]                 # nobody opened the door: out of today's plan
unavailable:                     # sick, car broken down: no work from then on
  - {technician: T03, from: "13:00"}
running_late:                    # a visit in progress will end later
  - {visit: V012, expected_end: "11:45"}
positions:                       # where a technician is now
  - {technician: T05, lat: 39.91, lon: 116.42}
allow_moving: [V020]             # customers who agreed to a new time
settings:
  change_technician_minutes: 30  # handing a planned visit to someone else costs like this much travel
  tolerance_min: 15              # moving a start by up to this much is free
  move_cost_per_min: 1           # beyond it, each minute costs like this many minutes of travel
  call_threshold_min: 30         # customers moved by more than this are listed to call
```
Every problem is reported with its line, all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain import Dataset, hhmm
from planner.io.cells import CellError, parse_clock
from planner.io.yaml_lines import LinedYaml, load_yaml_with_lines
from planner.plan import Plan
from planner.problems import Problem

KNOWN_KEYS = {
    "at",
    "new_visits",
    "cancelled",
    "not_home",
    "unavailable",
    "running_late",
    "positions",
    "allow_moving",
    "settings",
}


@dataclass(frozen=True)
class ReplanSettings:
    """The price of disruption, set by the dispatcher."""

    change_technician_minutes: int = 30
    tolerance_min: int = 15
    move_cost_per_min: int = 1
    call_threshold_min: int = 30


@dataclass(frozen=True)
class Position:
    """Where a technician is at the moment of re-planning."""

    technician: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Events:
    """Everything that changed since the plan was made."""

    at: int | None = None
    new_visits: tuple[Mapping[str, Any], ...] = ()
    new_visit_lines: tuple[int | None, ...] = ()
    cancelled: tuple[str, ...] = ()
    not_home: tuple[str, ...] = ()
    unavailable: Mapping[str, int] = field(default_factory=dict)
    running_late: Mapping[str, int] = field(default_factory=dict)
    positions: tuple[Position, ...] = ()
    allow_moving: tuple[str, ...] = ()
    settings: ReplanSettings = ReplanSettings()


def _ids(doc: LinedYaml, key: str, problems: list[Problem]) -> tuple[str, ...]:
    value = doc.data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        problems.append(doc.problem(f"{key} must be a list of ids", key))
        return ()
    return tuple(str(v) for v in value)


def _items(doc: LinedYaml, key: str, fields: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict]]:
    """List entries of mappings that have exactly the given fields."""
    value = doc.data.get(key) or []
    if not isinstance(value, list):
        problems.append(doc.problem(f"{key} must be a list", key))
        return []
    good = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            problems.append(doc.problem(f"each entry of {key} must be a mapping with {', '.join(fields)}", key, i))
            continue
        missing = [f for f in fields if item.get(f) in (None, "")]
        extra = [str(k) for k in item if k not in fields]
        for name in missing:
            problems.append(doc.problem(f"{key} entry lacks {name}", key, i))
        for name in extra:
            problems.append(doc.problem(f"unknown field {name} (expected {', '.join(fields)})", key, i, name))
        if not missing:
            good.append((i, item))
    return good


def _clock(doc: LinedYaml, value: object, problems: list[Problem], *path: object) -> int | None:
    try:
        return parse_clock(value if isinstance(value, str) else str(value))
    except CellError as exc:
        problems.append(doc.problem(str(exc), *path))
        return None


def _number(
    doc: LinedYaml, value: object, low: float, high: float, problems: list[Problem], *path: object
) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        problems.append(doc.problem(f"{path[-1]} must be a number from {low:g} to {high:g}, not {value!r}", *path))
        return None
    return float(value)


def _settings(doc: LinedYaml, problems: list[Problem]) -> ReplanSettings:
    given = doc.data.get("settings") or {}
    if not isinstance(given, dict):
        problems.append(doc.problem("settings must be a mapping", "settings"))
        return ReplanSettings()
    values = {}
    for key, value in given.items():
        if key not in ReplanSettings.__dataclass_fields__:
            problems.append(
                doc.problem(
                    f"unknown setting {key} (expected {', '.join(ReplanSettings.__dataclass_fields__)})",
                    "settings",
                    key,
                )
            )
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(
                doc.problem(f"{key} must be a whole number of minutes, 0 or more, not {value!r}", "settings", key)
            )
        else:
            values[key] = value
    return ReplanSettings(**values)


def parse_events(doc: LinedYaml) -> tuple[Events | None, list[Problem]]:
    """Events from a located YAML document; None with every problem when any is wrong."""
    problems: list[Problem] = []
    if doc.data is None:
        return Events(), []
    if not isinstance(doc.data, dict):
        return None, [doc.problem("the events file must be a mapping of event kinds")]
    for key in doc.data:
        if key not in KNOWN_KEYS:
            problems.append(doc.problem(f"unknown event kind {key} (expected {', '.join(sorted(KNOWN_KEYS))})", key))
    at = _clock(doc, doc.data["at"], problems, "at") if doc.data.get("at") is not None else None
    new_visits = doc.data.get("new_visits") or []
    if not isinstance(new_visits, list) or not all(isinstance(v, dict) for v in new_visits):
        problems.append(doc.problem("new_visits must be a list of rows with the columns of visits.csv", "new_visits"))
        new_visits = []
    unavailable = {
        str(item["technician"]): _clock(doc, item["from"], problems, "unavailable", i, "from")
        for i, item in _items(doc, "unavailable", ("technician", "from"), problems)
    }
    late = {
        str(item["visit"]): _clock(doc, item["expected_end"], problems, "running_late", i, "expected_end")
        for i, item in _items(doc, "running_late", ("visit", "expected_end"), problems)
    }
    positions = []
    for i, item in _items(doc, "positions", ("technician", "lat", "lon"), problems):
        lat = _number(doc, item["lat"], -90, 90, problems, "positions", i, "lat")
        lon = _number(doc, item["lon"], -180, 180, problems, "positions", i, "lon")
        if lat is not None and lon is not None:
            positions.append(Position(str(item["technician"]), lat, lon))
    events = Events(
        at=at,
        new_visits=tuple(new_visits),
        new_visit_lines=tuple(doc.line("new_visits", i) for i in range(len(new_visits))),
        cancelled=_ids(doc, "cancelled", problems),
        not_home=_ids(doc, "not_home", problems),
        unavailable={k: v for k, v in unavailable.items() if v is not None},
        running_late={k: v for k, v in late.items() if v is not None},
        positions=tuple(positions),
        allow_moving=_ids(doc, "allow_moving", problems),
        settings=_settings(doc, problems),
    )
    return (None if problems else events), problems


def started_visits(plan: Plan, at: int) -> dict[str, str]:
    """Visit id -> technician id of every stop whose service started before ``at``."""
    return {
        stop.visit_id: route.technician_id
        for route in plan.routes
        for stop in route.stops
        if stop.start.hour * 60 + stop.start.minute < at
    }


def cross_check(doc: LinedYaml, events: Events, dataset: Dataset, plan: Plan, at: int) -> list[Problem]:
    """References to visits and technicians, and events that contradict what already happened."""
    problems: list[Problem] = []
    visits = {v.id for v in dataset.visits}
    technicians = {t.id for t in dataset.technicians}
    started = started_visits(plan, at)
    for key in ("cancelled", "not_home", "allow_moving"):
        for i, visit_id in enumerate(getattr(events, key)):
            if visit_id not in visits:
                problems.append(doc.problem(f"unknown visit {visit_id}", key, i))
            elif key != "allow_moving" and visit_id in started:
                problems.append(
                    doc.problem(
                        f"visit {visit_id} already started with {started[visit_id]}; it stays in the plan", key, i
                    )
                )
    for i, visit_id in enumerate(events.running_late):
        if visit_id not in started:
            problems.append(
                doc.problem(
                    f"visit {visit_id} has not started by {hhmm(at)}; only a visit in progress can run late",
                    "running_late",
                    i,
                )
            )
    for key, ids in (
        ("unavailable", list(events.unavailable)),
        ("positions", [p.technician for p in events.positions]),
    ):
        for i, technician_id in enumerate(ids):
            if technician_id not in technicians:
                problems.append(doc.problem(f"unknown technician {technician_id}", key, i))
    return problems


def check_events(
    doc: LinedYaml, dataset: Dataset, plan: Plan, at: int | None
) -> tuple[Events | None, int | None, list[Problem]]:
    """Events of a document (a YAML file, or the API's JSON) checked against the day.

    The moment ``at`` comes from the caller or from the document's ``at``.
    """
    events, problems = parse_events(doc)
    if events is None:
        return None, None, problems
    moment = at if at is not None else events.at
    if moment is None:
        return (
            None,
            None,
            [Problem(doc.file, None, "at", "no moment given: pass --at HH:MM or write at: in the events")],
        )
    problems = cross_check(doc, events, dataset, plan, moment)
    return (None if problems else events), moment, problems


def read_events(
    path: str | Path, dataset: Dataset, plan: Plan, at: int | None
) -> tuple[Events | None, int | None, list[Problem]]:
    """Read ``events.yaml`` and check it against the day."""
    doc, problems = load_yaml_with_lines(Path(path))
    if doc is None:
        return None, None, problems
    return check_events(doc, dataset, plan, at)
