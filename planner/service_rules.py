"""The department's follow-up rules from settings: callback days and complaint deadlines.

These are the numbers a service manager changes (three working days for a
callback, two hours to answer a major complaint), so they come from the
same settings as the rest of the day (``settings.yaml`` or a key/value
sheet) under flat keys that fit one cell each (listed with the other
settings in ``planner.io.schema.SERVICE_RULE_KEYS``):

``callback_workdays``, ``callback_workdays_<type>`` (e.g.
``callback_workdays_install``), ``complaint_<grade>_response_hours``,
``complaint_<grade>_resolution_hours`` and ``complaint_major_after_days``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from planner.domain import GRADES, VISIT_TYPES, Frozen
from planner.io.cells import CellError, parse_positive, parse_whole, show
from planner.io.tables import RawSettings
from planner.problems import Problem


class GradeDeadline(Frozen):
    """Hours from a complaint's creation to its first response and to its resolution."""

    response_hours: float = Field(gt=0)
    resolution_hours: float = Field(gt=0)

    @model_validator(mode="after")
    def _resolution_not_before_response(self) -> GradeDeadline:
        if self.resolution_hours < self.response_hours:
            raise ValueError("resolution_hours must not be less than response_hours")
        return self


DEFAULT_DEADLINES: Mapping[str, GradeDeadline] = {
    "major": GradeDeadline(response_hours=2, resolution_hours=24),
    "important": GradeDeadline(response_hours=4, resolution_hours=48),
    "minor": GradeDeadline(response_hours=24, resolution_hours=72),
}


class ServiceRules(Frozen):
    """Callback and complaint rules of one department."""

    callback_workdays: int = Field(3, ge=0)
    callback_workdays_by_type: Mapping[str, int] = Field(default_factory=dict)
    deadlines: Mapping[str, GradeDeadline] = Field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    major_after_days: int = Field(30, ge=1)

    def callback_workdays_for(self, visit_type: str) -> int:
        """Working days allowed for the callback of an order of this type."""
        return self.callback_workdays_by_type.get(visit_type, self.callback_workdays)

    def deadline(self, grade: str) -> GradeDeadline:
        """The response and resolution hours of a grade."""
        return self.deadlines[grade]


def parse_service_rules(raw: RawSettings) -> tuple[ServiceRules | None, list[Problem]]:
    """The rules from settings (defaults for what is not given), or None with every problem."""
    problems: list[Problem] = []

    def take(key: str, parse) -> Any:
        value = raw.values.get(key)
        if value is None:
            return None
        try:
            return parse(value)
        except CellError as exc:
            problems.append(Problem(raw.file, raw.row(key), key, f"{key} {show(value)} {exc}"))
            return None

    def days(value):
        return parse_whole(value, meaning="whole working days, 0 or more")

    def hours(value):
        return parse_positive(value, meaning="hours above 0, such as 24")

    fields: dict[str, object] = {}
    workdays = take("callback_workdays", days)
    if workdays is not None:
        fields["callback_workdays"] = workdays
    by_type = {kind: take(f"callback_workdays_{kind}", days) for kind in VISIT_TYPES}
    fields["callback_workdays_by_type"] = {k: v for k, v in by_type.items() if v is not None}
    deadlines = {}
    for grade in GRADES:
        default = DEFAULT_DEADLINES[grade]
        response = take(f"complaint_{grade}_response_hours", hours) or default.response_hours
        resolution = take(f"complaint_{grade}_resolution_hours", hours) or default.resolution_hours
        if resolution < response:
            key = f"complaint_{grade}_resolution_hours"
            problems.append(
                Problem(
                    raw.file,
                    raw.row(key),
                    key,
                    f"{key} {resolution:g} is less than complaint_{grade}_response_hours "
                    f"{response:g}; a complaint cannot be resolved before it is answered",
                )
            )
        else:
            deadlines[grade] = GradeDeadline(response_hours=response, resolution_hours=resolution)
    fields["deadlines"] = deadlines
    major_after = take(
        "complaint_major_after_days", lambda v: parse_whole(v, low=1, meaning="whole days, 1 or more, such as 30")
    )
    if major_after is not None:
        fields["major_after_days"] = major_after
    if problems:
        return None, problems
    return ServiceRules(**fields), []
