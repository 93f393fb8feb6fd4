"""Headline figures of a plan, the ones a dispatch lead and a manager read first.

Computed from the plan and the dataset only, so the same numbers appear
in ``plan.json``, in the CLI summary, on the pages and in scenario
comparisons, whoever made the plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from planner.domain import PRIORITY_WEIGHTS, Dataset
from planner.plan import Route, Unassigned


def working_minutes(route: Route, dataset: Dataset) -> int:
    """Service plus travel minutes of one route (waiting and lunch excluded)."""
    return route.travel_min + sum(dataset.visit(s.visit_id).duration_min for s in route.stops)


def technician_rows(dataset: Dataset, routes: Iterable[Route]) -> list[dict[str, Any]]:
    """One row per technician: visits, travel, working time, share of the shift used."""
    by_id = {r.technician_id: r for r in routes}
    rows = []
    for t in dataset.technicians:
        route = by_id.get(t.id)
        work = working_minutes(route, dataset) if route else 0
        shift = max(1, t.shift_end - t.shift_start)
        rows.append(
            {
                "technician_id": t.id,
                "visits": len(route.stops) if route else 0,
                "travel_km": route.travel_km if route else 0.0,
                "travel_min": route.travel_min if route else 0,
                "working_min": work,
                "utilisation": round(work / shift, 3),
            }
        )
    return rows


def plan_kpis(dataset: Dataset, routes: Iterable[Route], unassigned: Iterable[Unassigned]) -> dict[str, Any]:
    """Served by priority, weighted service level, due work done, travel, utilisation, reasons."""
    routes, unassigned = list(routes), list(unassigned)
    served_ids = {s.visit_id for r in routes for s in r.stops}
    total = Counter(v.priority for v in dataset.visits)
    served = Counter(v.priority for v in dataset.visits if v.id in served_ids)
    weight_all = sum(PRIORITY_WEIGHTS[v.priority] for v in dataset.visits) or 1
    weight_served = sum(PRIORITY_WEIGHTS[v.priority] for v in dataset.visits if v.id in served_ids)
    due = [v for v in dataset.visits if v.is_due(dataset.settings.date)]
    rows = technician_rows(dataset, routes)
    shift_total = sum(max(1, t.shift_end - t.shift_start) for t in dataset.technicians) or 1
    return {
        "visits_total": len(dataset.visits),
        "visits_served": len(served_ids),
        "visits_unassigned": len(unassigned),
        "served_by_priority": {str(p): {"served": served[p], "total": total[p]} for p in sorted(total)},
        "priority_weighted_service": round(weight_served / weight_all, 4),
        "due_served": {"served": sum(v.id in served_ids for v in due), "total": len(due)},
        "unassigned_by_reason": dict(sorted(Counter(u.reason_code for u in unassigned).items())),
        "travel_km": round(sum(r.travel_km for r in routes), 2),
        "travel_min": sum(r.travel_min for r in routes),
        "technicians_used": len(routes),
        "utilisation": round(sum(r["working_min"] for r in rows) / shift_total, 3),
        "technicians": rows,
    }
