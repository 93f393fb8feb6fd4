"""Day-wide settings (``settings.yaml``, a ``settings`` sheet or JSON object).

Every key is checked even after a bad one, defaults fill what is not
given, and keys the planner does not know are warned about because a
misspelt ``lunch_minuts`` would otherwise silently leave the default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from planner.domain import MAX_HORIZON_DAYS, ROAD_FACTOR_RANGE, SPEED_KMH_RANGE, Settings, hhmm
from planner.io.cells import (
    CellError,
    parse_clock_window,
    parse_date,
    parse_positive,
    parse_timezone,
    parse_whole,
    show,
)
from planner.io.schema import SETTINGS_KEYS
from planner.io.tables import Cell, RawSettings
from planner.problems import Problem

T = TypeVar("T")


def parse_settings(raw: RawSettings) -> tuple[Settings | None, list[Problem]]:
    """The ``Settings`` model, or None with every problem found."""
    problems: list[Problem] = []

    def take(key: str, parse: Callable[[Cell], T]) -> T | None:
        value = raw.values.get(key)
        if value is None:
            return None
        try:
            return parse(value)
        except CellError as exc:
            problems.append(Problem(raw.file, raw.row(key), key, f"{key} {show(value)} {exc}"))
            return None

    fields: dict[str, object] = {}
    date = take("date", parse_date)
    if date is not None:
        fields["date"] = date
    elif "date" not in raw.values:
        problems.append(Problem(raw.file, None, "date", "date is missing; the plan date is required, as YYYY-MM-DD"))
    fields["timezone"] = take("timezone", parse_timezone)
    fields["speed_kmh"] = take(
        "speed_kmh",
        lambda v: parse_positive(
            v,
            low=SPEED_KMH_RANGE[0],
            high=SPEED_KMH_RANGE[1],
            meaning=f"an average speed in km/h from {SPEED_KMH_RANGE[0]:g} to {SPEED_KMH_RANGE[1]:g}, such as 30",
        ),
    )
    fields["road_factor"] = take(
        "road_factor",
        lambda v: parse_positive(
            v,
            low=ROAD_FACTOR_RANGE[0],
            high=ROAD_FACTOR_RANGE[1],
            meaning=f"a factor from {ROAD_FACTOR_RANGE[0]:g} to {ROAD_FACTOR_RANGE[1]:g}, such as 1.3",
        ),
    )
    lunch_window = take("lunch_window", parse_clock_window)
    if lunch_window is not None:
        fields["lunch_start"], fields["lunch_end"] = lunch_window
    fields["lunch_minutes"] = take(
        "lunch_minutes", lambda v: parse_whole(v, meaning="whole minutes, 0 or more (0 = no break)")
    )
    fields["horizon_days"] = take(
        "horizon_days",
        lambda v: parse_whole(
            v, low=1, high=MAX_HORIZON_DAYS, meaning=f"a whole number of days from 1 to {MAX_HORIZON_DAYS}"
        ),
    )
    problems += _lunch_fits(raw, lunch_window, fields["lunch_minutes"])
    problems += _unknown_keys(raw)
    given = {key: value for key, value in fields.items() if value is not None}
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    return Settings(**given), problems


def _lunch_fits(raw: RawSettings, window: tuple[int, int] | None, minutes: object) -> list[Problem]:
    """A break longer than its window could never be placed.

    Not judged when the window itself was given but unreadable: comparing
    with the default window would report a problem that is not there.
    """
    if not isinstance(minutes, int) or minutes == 0:
        return []
    if window is None and "lunch_window" in raw.values:
        return []
    defaults = Settings.model_fields
    start, end = window or (defaults["lunch_start"].default, defaults["lunch_end"].default)
    if minutes <= end - start:
        return []
    message = (
        f"lunch_minutes {minutes} is longer than the lunch_window {hhmm(start)}-{hhmm(end)} ({end - start} minutes)"
    )
    return [Problem(raw.file, raw.row("lunch_minutes"), "lunch_minutes", message)]


def _unknown_keys(raw: RawSettings) -> list[Problem]:
    """Warn about keys the planner ignores (usually a typo of a known key)."""
    return [
        Problem(
            raw.file,
            raw.row(key),
            key,
            f"setting {key} is not one the planner knows and is ignored; known settings are {', '.join(SETTINGS_KEYS)}",
            "warning",
        )
        for key in raw.rows
        if key not in SETTINGS_KEYS
    ]
