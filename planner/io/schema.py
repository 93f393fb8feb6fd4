"""The columns of each dataset table, as fixed in ``docs/formats.md``.

Kept apart from the row parsers so that the readers, the writer's tests
and the documentation can all agree on one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain import GRADES, VISIT_TYPES
from planner.io.tables import RawTable
from planner.problems import Problem


@dataclass(frozen=True)
class TableSpec:
    """A table's name (file stem, sheet name, JSON key) and its columns."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the planner reads, required first."""
        return self.required + self.optional


TECHNICIANS = TableSpec(
    "technicians",
    required=("id", "base_lat", "base_lon", "skills", "shift_start", "shift_end"),
    optional=("name", "role", "regions", "max_visits", "phone"),
)
VISITS = TableSpec(
    "visits",
    required=("id", "lat", "lon", "type", "priority", "duration_min", "required_skills"),
    optional=(
        "customer",
        "phone",
        "address",
        "region",
        "window_start",
        "window_end",
        "due_date",
        "parts",
        "pinned_technician",
        "preferred_technician",
        "description",
        "release_date",
        "created_date",
        "crew_size",
        "crew_skills",
    ),
)
PARTS = TableSpec("parts", required=("part_id", "stock"), optional=("name",))
REGIONS = TableSpec("regions", required=("id",), optional=("name", "name_en"))
SKILLS = TableSpec("skills", required=("id",), optional=("name", "name_en"))
#: Shifts of particular dates over the horizon; ``shift_start`` ``off`` is a day off.
AVAILABILITY = TableSpec("availability", required=("technician_id", "date", "shift_start"), optional=("shift_end",))
SETTINGS_SHEET = TableSpec("settings", required=("key", "value"))

TABLES: tuple[TableSpec, ...] = (TECHNICIANS, VISITS, PARTS, REGIONS, SKILLS, AVAILABILITY)

#: Follow-up rules read by ``planner.service_rules`` (callback days, complaint deadlines).
SERVICE_RULE_KEYS: tuple[str, ...] = (
    ("callback_workdays",)
    + tuple(f"callback_workdays_{kind}" for kind in VISIT_TYPES)
    + tuple(f"complaint_{grade}_{what}_hours" for grade in GRADES for what in ("response", "resolution"))
    + ("complaint_major_after_days",)
)

SETTINGS_KEYS: tuple[str, ...] = (
    "date",
    "timezone",
    "speed_kmh",
    "road_factor",
    "lunch_window",
    "lunch_minutes",
    "horizon_days",
) + SERVICE_RULE_KEYS


def check_columns(table: RawTable, spec: TableSpec) -> list[Problem]:
    """Missing required columns are errors; columns the planner ignores are warnings.

    A JSON table with no rows has no column names at all, which is not a
    missing column but simply an empty table.
    """
    if table.header_row is None and not table.rows:
        return []
    problems = [
        Problem(
            table.file,
            table.header_row,
            column,
            f"required column {column} is missing; {spec.name} need {', '.join(spec.required)}",
        )
        for column in spec.required
        if column not in table.columns
    ]
    problems += [
        Problem(
            table.file,
            table.header_row,
            column,
            f"column {column} is not one the planner reads and is ignored; "
            f"{spec.name} columns are {', '.join(spec.columns)}",
            "warning",
        )
        for column in table.columns
        if column not in spec.columns
    ]
    return problems
