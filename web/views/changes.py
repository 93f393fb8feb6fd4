"""The changes of the last re-plan, as the dispatch board lists them.

The diff itself holds only ids and times; the board adds who the
customer is and their phone, because the point of the list is to call
the ones whose visit moved. ``mask_board`` strips those again for any
public copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.domain import Dataset
from planner.plan import Plan
from web.i18n import change_label


def _placed(dataset: Dataset, technician: str | None, start: str | None) -> str:
    """``王建军 09:30``: who by name (a technician who left the roster keeps their id) and when."""
    if not technician:
        return "-"
    name = dataset.technician_name(technician)
    return f"{name} {start}" if start else name


def changes_model(changes: Mapping[str, Any] | None, dataset: Dataset, plan: Plan, lang: str) -> dict | None:
    """Rows for the board's change list, customers to call first; None when the day was not re-planned.

    A dropped visit's reason is taken from the plan in the page's language
    (the diff keeps the English sentence only).
    """
    if not changes:
        return None
    visits = {v.id: v for v in dataset.visits}
    reasons = {u.visit_id: (u.reason_zh or u.reason) if lang == "zh" else u.reason for u in plan.unassigned}
    rows = []
    for change in changes["changes"]:
        visit = visits.get(change["visit_id"])
        rows.append(
            {
                "visit_id": change["visit_id"],
                "kind": change["kind"],
                "kind_label": change_label(change["kind"], lang),
                "was": _placed(dataset, change["technician_before"], change["start_before"]),
                "now": _placed(dataset, change["technician_after"], change["start_after"]),
                "call": bool(change["call_customer"]),
                "customer": visit.customer if visit and change["call_customer"] else "",
                "phone": visit.phone if visit and change["call_customer"] else "",
                "reason": reasons.get(change["visit_id"], change.get("reason", "")),
            }
        )
    rows.sort(key=lambda row: (not row["call"], row["visit_id"]))
    return {"rows": rows, "unchanged": changes["unchanged"], "to_call": sum(row["call"] for row in rows)}
