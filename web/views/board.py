"""The dispatch board's model: headline figures, timeline, map, unassigned visits, links.

Shows everything the dispatch lead needs to fix the day, customers
included; ``masking.mask_board`` turns it into the public variant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from planner.domain import Dataset
from planner.kpis import plan_kpis, technician_rows
from planner.plan import Plan
from web.i18n import priority_label, reason_label, translator, visit_type_label, weekday_label
from web.views.changes import changes_model
from web.views.clock import km_text, overdue_text, percent
from web.views.maps import route_map
from web.views.names import region_name
from web.views.palette import technician_colour
from web.views.timeline import timeline

#: Width in SVG units of a full bar in the by-priority figure.
PRIORITY_BAR_WIDTH = 100


def kpis_of(dataset: Dataset, plan: Plan) -> dict:
    """The plan's own figures, or computed afresh for a plan that came without them."""
    return plan.kpis or plan_kpis(dataset, plan.routes, plan.unassigned)


def kpi_model(dataset: Dataset, plan: Plan, lang: str) -> dict:
    """Headline cards, service by priority (with bar widths) and unassigned counts by reason."""
    t = translator(lang)
    k = kpis_of(dataset, plan)
    cards = [
        {"key": "served", "label": t("kpi_served"), "value": f"{k['visits_served']} / {k['visits_total']}"},
        {"key": "weighted", "label": t("kpi_weighted"), "value": percent(k["priority_weighted_service"])},
        {"key": "due", "label": t("kpi_due"), "value": f"{k['due_served']['served']} / {k['due_served']['total']}"},
        {
            "key": "travel",
            "label": t("kpi_travel"),
            "value": f"{km_text(k['travel_km'])} km",
            "detail": t("kpi_travel_detail", minutes=k["travel_min"]),
        },
        {"key": "utilisation", "label": t("kpi_utilisation"), "value": percent(k["utilisation"])},
        {
            "key": "technicians",
            "label": t("kpi_technicians"),
            "value": f"{k['technicians_used']} / {len(dataset.technicians)}",
        },
    ]
    priorities = []
    for p, counts in sorted(k["served_by_priority"].items()):
        share = counts["served"] / counts["total"] if counts["total"] else 1.0
        priorities.append(
            {
                "priority": int(p),
                "label": priority_label(int(p), lang),
                "served": counts["served"],
                "total": counts["total"],
                "bar": round(share * PRIORITY_BAR_WIDTH, 1),
            }
        )
    reasons = [
        {"code": code, "label": reason_label(code, lang), "count": n} for code, n in k["unassigned_by_reason"].items()
    ]
    return {"cards": cards, "by_priority": priorities, "bar_width": PRIORITY_BAR_WIDTH, "by_reason": reasons}


def unassigned_rows(dataset: Dataset, plan: Plan, lang: str) -> list[dict]:
    """The visits left out, most important first, with the reason in the page language."""
    rows = []
    for u in plan.unassigned:
        visit = dataset.visit(u.visit_id)
        rows.append(
            {
                "visit_id": visit.id,
                "due": visit.due_date.isoformat() if visit.due_date else "",
                "overdue": overdue_text(visit, plan.date, lang),
                "priority": visit.priority,
                "priority_label": priority_label(visit.priority, lang),
                "type_label": visit_type_label(visit.type, lang),
                "customer": visit.customer,
                "phone": visit.phone,
                "address": visit.address,
                "district": region_name(dataset, visit.region, lang),
                "reason_code": u.reason_code,
                "reason_label": reason_label(u.reason_code, lang),
                "reason": u.reason if lang == "en" else (u.reason_zh or u.reason),
            }
        )
    return sorted(rows, key=lambda r: (r["priority"], r["visit_id"]))


def technician_links(
    dataset: Dataset,
    plan: Plan,
    link_for: Callable[[str], str | None],
    sheet_for: Callable[[str], str | None] = lambda technician_id: None,
) -> list[dict]:
    """One row per technician with the day's load, the signed route link and (staff) their 派工单."""
    loads = {row["technician_id"]: row for row in technician_rows(dataset, plan.routes)}
    return [
        {
            "technician_id": tech.id,
            "name": tech.name or tech.id,
            "colour": technician_colour(i),
            "visits": loads[tech.id]["visits"],
            "utilisation": percent(loads[tech.id]["utilisation"]),
            "travel_km": km_text(loads[tech.id]["travel_km"]),
            "link": link_for(tech.id),
            "work_order": sheet_for(tech.id) if loads[tech.id]["visits"] else None,
        }
        for i, tech in enumerate(dataset.technicians)
    ]


def board_model(
    dataset: Dataset,
    plan: Plan,
    lang: str,
    link_for: Callable[[str], str | None] = lambda technician_id: None,
    changes: Mapping[str, Any] | None = None,
    sheet_for: Callable[[str], str | None] = lambda technician_id: None,
) -> dict:
    """Everything the board shows; ``link_for`` gives each technician's (signed) route URL,
    ``changes`` the diff of the last re-plan, if any, ``sheet_for`` a technician's 派工单 URL (staff only)."""
    return {
        "changes": changes_model(changes, dataset, plan, lang),
        "date": plan.date.isoformat(),
        "weekday": weekday_label(plan.date.weekday(), lang),
        "kpis": kpi_model(dataset, plan, lang),
        "timeline": timeline(dataset, plan, lang, link_for),
        "map": route_map(dataset, plan, lang),
        "unassigned": unassigned_rows(dataset, plan, lang),
        "technicians": technician_links(dataset, plan, link_for, sheet_for),
    }
