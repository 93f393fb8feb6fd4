"""The roster page's model: the grid, coverage under it, shortfalls and the search's figures.

Everything shown comes from ``planner.roster``: the cells and coverage
from ``planner.roster.grid``, the reasons from ``planner.roster.explain``.
Only technicians' names and shifts appear, never customer data.
"""

from __future__ import annotations

from typing import Any

from planner.roster.folder import FolderRoster
from planner.roster.grid import coverage_rows, day_header, person_rows
from planner.roster.week import is_weekend


def roster_model(roster: FolderRoster | None, lang: str) -> dict[str, Any]:
    """Template values; ``has_roster`` False when no roster folder is configured or readable."""
    if roster is None:
        return {"has_roster": False}
    week = roster.week
    dates = week.rules.dates
    result = roster.result
    return {
        "has_roster": True,
        "first": dates[0].isoformat(),
        "last": dates[-1].isoformat(),
        "days": [{"label": day_header(d, lang), "weekend": is_weekend(d)} for d in dates],
        "people": person_rows(week, roster.shifts, lang),
        "coverage": coverage_rows(week, roster.shifts, lang),
        "shortfalls": [
            {
                "date": day_header(r.date, lang),
                "shift": week.rules.shift(r.shift).label(),
                "skill": r.skill,
                "needed": r.needed,
                "rostered": r.rostered,
                "why": r.why.get(lang),
            }
            for r in roster.shortfalls
        ],
        "shifts": [
            {
                "name": s.label(),
                "hours": f"{s.start // 60:02d}:{s.start % 60:02d}–{s.end % 1440 // 60:02d}:{s.end % 60:02d}",
            }
            for s in week.rules.shifts
        ],
        "violations": [v.said(lang) for v in roster.violations],
        "figures": None
        if result is None
        else {
            "objective": result.objective,
            "bound": f"{result.bound:g}",
            "gap": f"{result.gap:.2%}",
            "optimal": result.proven_optimal,
        },
    }
