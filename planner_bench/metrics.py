"""One result row per run: what was served, at what travel, how fast, and whether it is valid.

Days are judged by ``planner.check`` (every hard rule of the contract)
and measured by ``planner.kpis``; classical routes by ``bench.verify``.
Whoever made the answer, the same code measures it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from planner.check import check
from planner.domain import PRIORITY_LEVELS, Dataset
from planner.kpis import plan_kpis
from planner.plan import Plan
from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance
from planner_bench.runner import Answer
from planner_bench.verify import check_routes

#: CSV columns, in order. ``distance`` is road km for days and Euclidean units for classical sets.
COLUMNS: tuple[str, ...] = (
    "suite",
    "instance",
    "visits",
    "vehicles",
    "solver",
    "version",
    "time_limit_s",
    "threads",
    "status",
    "served",
    "served_p1",
    "served_p2",
    "served_p3",
    "served_p4",
    "priority_weighted_service",
    "p1_start_min",
    "distance",
    "travel_min",
    "duration",
    "vehicles_used",
    "best_known",
    "gap_pct",
    "wall_s",
    "peak_mb",
    "verdict",
    "note",
)
PRIORITIES = PRIORITY_LEVELS


def gap_pct(value: float, best: float | None) -> float | None:
    """Percentage above the best known value (negative = better than it); None without one."""
    if best is None or best <= 0:
        return None
    return 100.0 * (value - best) / best


def verdict(rules: list[str]) -> str:
    """``ok``, or each broken rule with how often it is broken (``break x4; parts x1``)."""
    if not rules:
        return "ok"
    return "; ".join(f"{rule} x{count}" for rule, count in sorted(Counter(rules).items()))


def _ratio(served: int, total: int) -> str:
    return f"{served}/{total}" if total else ""


def base_row(
    suite: str, instance: str, size: tuple[int, int], solver: str, budget: Budget, answer: Answer
) -> dict[str, Any]:
    """The columns every row has, whatever the run gave."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update(
        suite=suite,
        instance=instance,
        visits=size[0],
        vehicles=size[1],
        solver=solver,
        version=answer.version,
        time_limit_s=budget.time_limit,
        threads=budget.threads,
        status=answer.status,
        note=answer.note,
    )
    if answer.seconds is not None:
        row["wall_s"] = round(answer.seconds, 3)
    if answer.peak_mb is not None:
        row["peak_mb"] = round(answer.peak_mb, 1)
    return row


def urgent_start(dataset: Dataset, plan: Plan) -> float | None:
    """Median minutes after their technician's shift start at which served priority-1 visits start."""
    shift = {t.id: t.shift_start for t in dataset.technicians}
    urgent = {v.id for v in dataset.visits if v.priority == 1}
    starts = sorted(
        s.start.hour * 60 + s.start.minute - shift[r.technician_id]
        for r in plan.routes
        for s in r.stops
        if s.visit_id in urgent and r.technician_id in shift
    )
    return float(statistics.median(starts)) if starts else None


def day_row(row: dict[str, Any], dataset: Dataset, answer: Answer) -> dict[str, Any]:
    """Fill a row from a day plan: checked by the contract's checker, measured by its KPIs."""
    plan = Plan.from_json(answer.plan_json)
    violations = check(dataset, plan)
    kpis = plan_kpis(dataset, plan.routes, plan.unassigned)
    by_priority = kpis["served_by_priority"]
    for p in PRIORITIES:
        counts = by_priority.get(str(p), {"served": 0, "total": 0})
        row[f"served_p{p}"] = _ratio(counts["served"], counts["total"])
    row.update(
        served=kpis["visits_served"],
        priority_weighted_service=kpis["priority_weighted_service"],
        distance=kpis["travel_km"],
        travel_min=kpis["travel_min"],
        vehicles_used=kpis["technicians_used"],
        verdict=verdict([v.rule for v in violations]),
    )
    median = urgent_start(dataset, plan)
    row["p1_start_min"] = "" if median is None else median
    return row


def classic_row(row: dict[str, Any], instance: ClassicInstance, answer: Answer, with_gap: bool) -> dict[str, Any]:
    """Fill a row from classical routes: every customer has priority 3, distance in double precision.

    The gap to the best known value is given only for a feasible answer
    that serves every customer, and only where ``with_gap`` says the best
    known value is on the same objective.
    """
    result = check_routes(instance, answer.routes)
    total = len(instance.customers)
    complete = not result.violations and result.served == total
    row.update(
        served=result.served,
        served_p3=_ratio(result.served, total),
        priority_weighted_service=round(result.served / total, 4),
        distance=round(result.distance, 3),
        duration=round(result.duration, 3) if complete else "",
        vehicles_used=result.vehicles_used,
        best_known=instance.best_known if instance.best_known is not None else "",
        verdict=f"{len(result.violations)} violations: {result.violations[0]}" if result.violations else "ok",
    )
    gap = gap_pct(result.distance, instance.best_known) if with_gap and complete else None
    if gap is not None:
        row["gap_pct"] = round(gap, 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    if instance.best_known_note:
        row["note"] = "; ".join(filter(None, [row["note"], f"best known {instance.best_known_note}"]))
    return row
