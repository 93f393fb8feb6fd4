"""Plain-text summary of a horizon's plan for the terminal: each day, the totals, what is left out."""

from __future__ import annotations

from planner.horizon.output import HorizonPlan
from planner.report import table


def horizon_summary(plan: HorizonPlan) -> list[str]:
    """One line per day (visits, people, travel), served by priority, and every unassigned visit."""
    k = plan.kpis
    last = plan.days[-1].date
    lines = [
        f"Plan {plan.date} to {last} ({plan.horizon_days} days, {plan.timezone}): "
        f"{k['visits_served']}/{k['visits_total']} visits served, priority-weighted service "
        f"{k['priority_weighted_service']:.1%}, travel {k['travel_km']:.1f} km; the first day is firm, "
        "later days are proposals",
        "",
    ]
    lines += table(
        ("date", "visits", "technicians", "travel km"),
        [(d["date"], d["visits_served"], d["technicians_used"], f"{d['travel_km']:.1f}") for d in k["days"]],
    )
    lines.append("")
    lines += table(
        ("priority", "served", "total"), [(p, v["served"], v["total"]) for p, v in k["served_by_priority"].items()]
    )
    due, crews = k["due_served"], k["crew_visits"]
    lines.append(f"due within the horizon and done by the due date: {due['served']}/{due['total']}")
    if crews["total"]:
        lines.append(f"crew visits served: {crews['served']}/{crews['total']}")
    if plan.unassigned:
        lines.append("")
        lines.append("unassigned: " + ", ".join(f"{code} {n}" for code, n in k["unassigned_by_reason"].items()))
        lines += table(
            ("visit", "reason_code", "reason"), [(u.visit_id, u.reason_code, u.reason) for u in plan.unassigned]
        )
    return lines
