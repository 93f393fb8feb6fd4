"""Plain-text summaries for the terminal: tables that line up with Chinese names.

Chinese characters take two columns in a terminal, so widths are counted
with ``unicodedata.east_asian_width`` rather than ``len``.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

from planner.domain import PRIORITY_LABELS, Dataset
from planner.plan import Plan


def display_width(text: str) -> int:
    """Terminal columns a string occupies."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Left-aligned columns separated by two spaces, header underlined."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths)).rstrip()

    return [line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]]


def _duration(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def plan_summary(dataset: Dataset, plan: Plan) -> list[str]:
    """Per technician, served by priority, and every unassigned visit with its reason."""
    k = plan.kpis
    names = {t.id: t.name for t in dataset.technicians}
    lines = [f"Plan {plan.date} ({plan.timezone}): {k['visits_served']}/{k['visits_total']} visits served, "
             f"priority-weighted service {k['priority_weighted_service']:.1%}, travel {k['travel_km']:.1f} km, "
             f"utilisation {k['utilisation']:.0%}", ""]
    lines += table(
        ("technician", "name", "visits", "travel km", "working", "utilisation"),
        [(r["technician_id"], names.get(r["technician_id"], ""), r["visits"], f"{r['travel_km']:.1f}",
          _duration(r["working_min"]), f"{r['utilisation']:.0%}") for r in k["technicians"]],
    )
    lines.append("")
    lines += table(
        ("priority", "served", "total"),
        [(f"{p} {PRIORITY_LABELS[int(p)]}", v["served"], v["total"]) for p, v in k["served_by_priority"].items()],
    )
    due = k["due_served"]
    lines.append(f"due or overdue served: {due['served']}/{due['total']}")
    if plan.unassigned:
        lines.append("")
        lines.append("unassigned: " + ", ".join(f"{code} {n}" for code, n in k["unassigned_by_reason"].items()))
        lines += table(("visit", "reason_code", "reason"), [(u.visit_id, u.reason_code, u.reason) for u in plan.unassigned])
    return lines
