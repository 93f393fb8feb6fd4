"""The changes a manager can try on a day: staffing, skills, shifts, regions, settings, demand.

Each change is a small frozen value with ``apply(dataset) -> Dataset`` and
a one-line ``describe()``. They are plain data (no file positions, no YAML)
so that a scenario file, the advice module and a web form can all build
them, and so that applying one is a pure function that tests can check
without solving anything. The input dataset is never modified: every
change returns a new ``Dataset`` made with ``model_copy``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from planner.domain import Dataset, Technician, Visit, hhmm
from planner.scenarios.demand import resample_visits
from planner.scenarios.roster_change import FollowRoster


def _with_technicians(dataset: Dataset, technicians: Iterable[Technician]) -> Dataset:
    return dataset.model_copy(update={"technicians": tuple(technicians)})


def _update_people(
    dataset: Dataset, who: tuple[str, ...] | None, update: Callable[[Technician], dict[str, object]]
) -> Dataset:
    """Apply ``update`` to the named technicians (None = everybody)."""
    return _with_technicians(
        dataset, (t.model_copy(update=update(t)) if who is None or t.id in who else t for t in dataset.technicians)
    )


def _who(ids: tuple[str, ...] | None) -> str:
    return "everybody" if ids is None else ", ".join(ids)


@dataclass(frozen=True)
class AddTechnicians:
    """``count`` new people copied from the profile technician ``like``.

    ``changes`` replaces fields of the copy (base_lat, base_lon, regions,
    skills, shift_start, shift_end, max_visits); ids are ``ids`` when given,
    otherwise ``<like>-N1``, ``<like>-N2``, ... skipping ids already taken.
    """

    like: str
    count: int
    ids: tuple[str, ...] = ()
    changes: Mapping[str, object] = field(default_factory=dict)

    def new_ids(self, taken: Iterable[str]) -> tuple[str, ...]:
        """The ids the new people get in a dataset where ``taken`` are in use."""
        if self.ids:
            return self.ids
        used, k = set(taken), 0
        out: list[str] = []
        while len(out) < self.count:
            k += 1
            candidate = f"{self.like}-N{k}"
            if candidate not in used:
                out.append(candidate)
        return tuple(out)

    def apply(self, dataset: Dataset) -> Dataset:
        profile = dataset.technician(self.like)
        new_ids = self.new_ids(t.id for t in dataset.technicians)
        copies = [
            profile.model_copy(update={"id": new_id, "name": f"{profile.id} copy {k}", **self.changes})
            for k, new_id in enumerate(new_ids, start=1)
        ]
        return _with_technicians(dataset, (*dataset.technicians, *copies))

    def describe(self) -> str:
        extra = f" ({', '.join(sorted(self.changes))} changed)" if self.changes else ""
        return f"add {self.count} like {self.like}{extra}"


@dataclass(frozen=True)
class RemoveTechnicians:
    """Take named people off the day (leave, a resignation, a transfer)."""

    ids: tuple[str, ...]

    def apply(self, dataset: Dataset) -> Dataset:
        return _with_technicians(dataset, (t for t in dataset.technicians if t.id not in self.ids))

    def describe(self) -> str:
        return f"remove {', '.join(self.ids)}"


@dataclass(frozen=True)
class Train:
    """One person gains a skill or reaches a higher level of it."""

    technician: str
    skill: str
    level: int

    def apply(self, dataset: Dataset) -> Dataset:
        return _update_people(dataset, (self.technician,), lambda t: {"skills": {**t.skills, self.skill: self.level}})

    def describe(self) -> str:
        return f"train {self.technician} in {self.skill}:{self.level}"


@dataclass(frozen=True)
class ChangeShifts:
    """New shift start and/or end for some people (None = everybody)."""

    technicians: tuple[str, ...] | None
    shift_start: int | None = None
    shift_end: int | None = None

    def apply(self, dataset: Dataset) -> Dataset:
        changes: dict[str, object] = {
            key: value
            for key, value in (("shift_start", self.shift_start), ("shift_end", self.shift_end))
            if value is not None
        }
        return _update_people(dataset, self.technicians, lambda t: changes)

    def describe(self) -> str:
        if self.shift_start is not None and self.shift_end is not None:
            when = f"shift {hhmm(self.shift_start)}-{hhmm(self.shift_end)}"
        elif self.shift_start is not None:
            when = f"shift starts {hhmm(self.shift_start)}"
        else:
            when = f"shift ends {hhmm(self.shift_end or 0)}"
        return f"{when} for {_who(self.technicians)}"


@dataclass(frozen=True)
class ChangeRegions:
    """Set or extend the regions people cover (an empty ``set`` = everywhere)."""

    technicians: tuple[str, ...] | None
    set: tuple[str, ...] | None = None
    add: tuple[str, ...] = ()

    def apply(self, dataset: Dataset) -> Dataset:
        def update(t: Technician) -> dict[str, object]:
            if self.set is not None:
                return {"regions": self.set}
            if not t.regions:
                return {}  # already works everywhere
            return {"regions": t.regions + tuple(r for r in self.add if r not in t.regions)}

        return _update_people(dataset, self.technicians, update)

    def describe(self) -> str:
        if self.set is not None:
            return f"regions of {_who(self.technicians)} set to {', '.join(self.set) or 'everywhere'}"
        return f"regions {', '.join(self.add)} added for {_who(self.technicians)}"


@dataclass(frozen=True)
class ChangeSettings:
    """Day-wide rules: lunch window and length, speed, road factor (``Settings`` fields)."""

    updates: Mapping[str, object]

    def apply(self, dataset: Dataset) -> Dataset:
        settings = dataset.settings.model_copy(update=dict(self.updates))
        return dataset.model_copy(update={"settings": settings})

    def describe(self) -> str:
        shown = [
            f"{key} {value:g}" if isinstance(value, (int, float)) else f"{key} {value}"
            for key, value in self.updates.items()
            if key not in ("lunch_start", "lunch_end")
        ]
        start, end = self.updates.get("lunch_start"), self.updates.get("lunch_end")
        if isinstance(start, int) and isinstance(end, int):
            shown.insert(0, f"lunch_window {hhmm(start)}-{hhmm(end)}")
        return "settings: " + ", ".join(shown)


@dataclass(frozen=True)
class AddVisits:
    """Extra visits read from a CSV file next to the scenario file."""

    visits: tuple[Visit, ...]
    source: str

    def apply(self, dataset: Dataset) -> Dataset:
        return dataset.model_copy(update={"visits": (*dataset.visits, *self.visits)})

    def describe(self) -> str:
        return f"{len(self.visits)} extra visits from {self.source}"


@dataclass(frozen=True)
class ScaleDemand:
    """More (or fewer) visits like today's, drawn with ``seed`` (see ``demand.resample_visits``)."""

    factor: float
    seed: int = 0

    def apply(self, dataset: Dataset) -> Dataset:
        return resample_visits(dataset, self.factor, self.seed)

    def describe(self) -> str:
        return f"demand x{self.factor:g} (seed {self.seed})"


Change: TypeAlias = (
    AddTechnicians
    | RemoveTechnicians
    | Train
    | ChangeShifts
    | ChangeRegions
    | ChangeSettings
    | AddVisits
    | ScaleDemand
    | FollowRoster
)


def apply_changes(dataset: Dataset, changes: Iterable[Change]) -> Dataset:
    """The dataset after every change, in the order given."""
    for change in changes:
        dataset = change.apply(dataset)
    return dataset
