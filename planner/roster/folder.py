"""The roster of a roster folder, for pages: the one written there, or one made now.

A manager who ran ``planner roster FOLDER --out FOLDER/roster.csv`` wants
the page to show exactly that roster; a folder without one gets a fresh
roster (the sample's takes well under a second). Either way the
shortfalls are worked out the same way as on the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from planner.problems import Problem, errors
from planner.roster.check import Violation, check_roster
from planner.roster.csvfile import read_roster_csv
from planner.roster.explain import ShortfallReport, explain_shortfalls
from planner.roster.read import RULES_FILE, read_roster_folder
from planner.roster.solve import RosterParams, RosterResult, Shortfall, solve_roster
from planner.roster.week import Week

ROSTER_FILE = "roster.csv"


@dataclass(frozen=True)
class FolderRoster:
    """A week, its roster and what it leaves unmet; ``result`` is None for a roster read from file."""

    week: Week
    shifts: Mapping[tuple[str, dt.date], str]
    shortfalls: tuple[ShortfallReport, ...]
    violations: tuple[Violation, ...]
    result: RosterResult | None = None


def find_roster_folder(source: str | Path | None) -> Path | None:
    """``source`` itself or its ``roster`` subfolder, whichever holds roster_rules.yaml."""
    if not source:
        return None
    for folder in (Path(source), Path(source) / "roster"):
        if (folder / RULES_FILE).is_file():
            return folder
    return None


def roster_of_folder(
    folder: Path, params: RosterParams = RosterParams(time_limit=5)
) -> tuple[FolderRoster | None, list[Problem]]:
    """The folder's roster.csv when there is one, else a roster made now; None with problems on errors."""
    week, problems = read_roster_folder(folder)
    if week is None:
        return None, problems
    result = None
    if (folder / ROSTER_FILE).is_file():
        shifts, found = read_roster_csv(folder / ROSTER_FILE)
        problems += found
        if shifts is None or errors(found):
            return None, problems
    else:
        result = solve_roster(week, params)
        if result is None:
            return None, [*problems, Problem(folder.name, None, None, "no roster was found in time")]
        shifts = dict(result.shifts)
    short = _shortfalls(week, shifts) if result is None else result.shortfalls
    reports = tuple(explain_shortfalls(week, shifts, short))
    return FolderRoster(week, shifts, reports, tuple(check_roster(week, shifts)), result), problems


def without_leave_kinds(roster: FolderRoster) -> FolderRoster:
    """The roster as published: leave is shown as leave, never its kind (sick leave is nobody else's business),
    in the reasons for a shortfall and in the rules the roster breaks alike."""
    week = replace(roster.week, leave=tuple(replace(leave, kind="") for leave in roster.week.leave))
    short = roster.result.shortfalls if roster.result is not None else _shortfalls(week, roster.shifts)
    return replace(
        roster,
        week=week,
        shortfalls=tuple(explain_shortfalls(week, roster.shifts, short)),
        violations=tuple(check_roster(week, roster.shifts)),
    )


def _shortfalls(week: Week, shifts: Mapping[tuple[str, dt.date], str]) -> list[Shortfall]:
    """Demand rows a roster read from file does not meet."""
    found = []
    for demand in week.demand:
        on = sum(
            1
            for p in week.people
            if shifts.get((p.id, demand.date)) == demand.shift and p.holds(demand.skill, demand.level)
        )
        if on < demand.min_staff:
            found.append(Shortfall(demand, on))
    return found
