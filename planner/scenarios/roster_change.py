"""A scenario's roster: the week's shifts made by CP-SAT from the roster rules, as the variant changes them.

"What if everyone had two rest days, or the late shift ran to 22:00?"
The variant's roster is made from the roster folder beside the scenario
file (``roster_rules.yaml`` and the rest, ``planner.roster``) with its
rule changes, and each technician's shift on each date of the horizon
then follows it, as a ``roster.csv`` beside the dataset would (a row of
availability.csv still wins for its person and date: ``kept``). A
variant's roster replaces the base's, since variants are applied to the
base's day. The base takes the roster of the unchanged rules (``roster:
{}``), so base and variants are compared on rosters made the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from planner.domain import MINUTES_PER_DAY, Availability, Dataset
from planner.roster.solve import RosterParams, RosterResult, solve_roster
from planner.roster.week import OFF, Shift, Week

#: The roster of a small week is proven optimal in seconds; the search counts deterministic time.
ROSTER_SEARCH = RosterParams(time_limit=5)
#: Rosters made in this process, by the week's full text: reading a scenario file and running it apply
#: the same changes more than once, and the same week and search always give the same roster.
_MADE: dict[str, RosterResult | None] = {}
_MADE_MOST = 32


def roster_for(week: Week) -> RosterResult | None:
    """The roster of ``week`` (made once per process for each distinct week)."""
    key = repr(week)
    if key not in _MADE:
        if len(_MADE) >= _MADE_MOST:
            _MADE.pop(next(iter(_MADE)))
        _MADE[key] = solve_roster(week, ROSTER_SEARCH)
    return _MADE[key]


@dataclass(frozen=True)
class ShiftTimes:
    """New start and/or end of one kind of shift (None keeps it)."""

    shift: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class FollowRoster:
    """Make the week's roster with these rule changes and take each date's shifts from it."""

    week: Week
    kept: frozenset[tuple[str, dt.date]] = frozenset()
    """The (technician, date) rows of availability.csv, which win over any roster."""
    min_rest_days: int | None = None
    max_consecutive_days: int | None = None
    shifts: tuple[ShiftTimes, ...] = ()

    def rules_week(self) -> Week:
        """The roster week with this variant's rules."""
        changed: dict[str, Any] = {
            key: value
            for key, value in (
                ("min_rest_days", self.min_rest_days),
                ("max_consecutive_days", self.max_consecutive_days),
            )
            if value is not None
        }
        times = {s.shift: s for s in self.shifts}

        def moved(shift: Shift) -> Shift:
            new = times.get(shift.id)
            if new is None:
                return shift
            return replace(
                shift,
                start=shift.start if new.start is None else new.start,
                end=shift.end if new.end is None else new.end,
            )

        shifts = tuple(moved(shift) for shift in self.week.rules.shifts)
        return replace(self.week, rules=replace(self.week.rules, shifts=shifts, **changed))

    def apply(self, dataset: Dataset) -> Dataset:
        """The dataset with each date's shift of the roster (unchanged when no roster can keep the rules)."""
        week = self.rules_week()
        result = roster_for(week)
        if result is None:
            return dataset
        dates = set(dataset.settings.days())
        people = {t.id for t in dataset.technicians}
        ours = {key for key in result.shifts if key[1] in dates and key[0] in people and key not in self.kept}
        kept = tuple(row for row in dataset.availability if (row.technician_id, row.date) not in ours)
        added = []
        for (who, date), shift_id in sorted(result.shifts.items()):
            if (who, date) not in ours:
                continue
            if shift_id == OFF:
                added.append(Availability(technician_id=who, date=date))
            else:
                shift = week.rules.shift(shift_id)
                added.append(
                    Availability(
                        technician_id=who, date=date, shift_start=shift.start, shift_end=min(shift.end, MINUTES_PER_DAY)
                    )
                )
        return dataset.model_copy(update={"availability": kept + tuple(added)})

    def holds(self) -> bool:
        """Whether a roster keeping the changed rules exists at all."""
        return roster_for(self.rules_week()) is not None

    def describe(self) -> str:
        parts = [
            f"{key} {value}"
            for key, value in (
                ("min_rest_days", self.min_rest_days),
                ("max_consecutive_days", self.max_consecutive_days),
            )
            if value is not None
        ]
        parts += [
            f"shift {s.shift}"
            + (f" from {s.start // 60:02d}:{s.start % 60:02d}" if s.start is not None else "")
            + (f" to {s.end // 60:02d}:{s.end % 60:02d}" if s.end is not None else "")
            for s in self.shifts
        ]
        return "roster" + (": " + ", ".join(parts) if parts else " of the rules as they are")
