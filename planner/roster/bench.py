"""``planner bench --suite roster``: how close CP-SAT gets on generated departments.

Four instances as in the roster's aims: weeks of 12, 40 and 120 people
and a 28-day month of 40. Each roster is verified by the independent
checker; the figures (objective, CP-SAT's bound, gap, seconds) are written
to ``roster.csv`` and ``roster.md`` in the output folder.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.roster.check import check_roster
from planner.roster.generate import generate_week
from planner.roster.solve import RosterParams, solve_roster


@dataclass(frozen=True)
class RosterInstance:
    """A generated week: its size and the time the aim allows."""

    name: str
    people: int
    days: int
    shifts: int
    skills: int
    aim_seconds: float
    aim_gap: float


INSTANCES = (
    RosterInstance("week12", 12, 7, 2, 5, 10, 0.0),
    RosterInstance("week40", 40, 7, 3, 8, 10, 0.0),
    RosterInstance("week120", 120, 7, 3, 10, 60, 0.01),
    RosterInstance("month40", 40, 28, 2, 8, 60, 0.02),
)
COLUMNS = (
    "instance",
    "people",
    "days",
    "shifts",
    "skills",
    "time_limit_s",
    "status",
    "objective",
    "bound",
    "gap",
    "seconds",
    "shortfall",
    "violations",
    "aim",
)


def run_roster_bench(
    time_limit: float,
    seed: int,
    workers: int,
    out: Path,
    names: tuple[str, ...] = (),
    progress: Callable[[str], None] = lambda line: None,
) -> list[dict]:
    """Solve each instance within min(its aim, ``time_limit``) and record the figures."""
    rows = []
    for instance in INSTANCES:
        if names and instance.name not in names:
            continue
        week = generate_week(
            instance.people, days=instance.days, shifts=instance.shifts, skills=instance.skills, seed=seed + 1
        )
        limit = min(instance.aim_seconds, time_limit)
        result = solve_roster(week, RosterParams(time_limit=limit, seed=seed, workers=workers, deterministic=False))
        row = {
            "instance": instance.name,
            "people": instance.people,
            "days": instance.days,
            "shifts": instance.shifts,
            "skills": instance.skills,
            "time_limit_s": limit,
        }
        if result is None:
            row.update(status="none", violations="", aim="missed")
        else:
            violations = len(check_roster(week, result.shifts))
            met = result.gap <= instance.aim_gap and result.seconds <= instance.aim_seconds * 1.05
            row.update(
                status=result.status,
                objective=result.objective,
                bound=round(result.bound, 2),
                gap=f"{result.gap:.4f}",
                seconds=round(result.seconds, 2),
                shortfall=result.terms.get("shortfall", 0),
                violations=violations,
                aim="met" if met and not violations else "missed",
            )
        progress(" ".join(f"{key}={row.get(key, '')}" for key in COLUMNS))
        rows.append(row)
    out.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "roster.csv").write_text(text.getvalue(), encoding="utf-8")
    table = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    table += ["| " + " | ".join(str(row.get(key, "")) for key in COLUMNS) + " |" for row in rows]
    (out / "roster.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    return rows
