"""Printed paperwork of a day: each technician's 派工单 and the parts desk's 配件领料单.

The work order sheet goes with the technician: every visit of the day in
order with the customer, address, the work, the parts and a line for the
customer's signature, one A4 sheet per technician. The pick list goes to
the parts desk before the vans leave: per technician in order of
departure, the parts to hand over, and the totals per part to take off
the shelves. The pick list names no customer and no address, so it may be
published with the public site; the work order sheets are staff only.
"""

from __future__ import annotations

from collections import Counter

from planner.domain import Dataset
from planner.plan import Plan, Route
from web.i18n import priority_label, translator, visit_type_label, weekday_label
from web.views.clock import clock_text, overdue_text, plan_clock, window_text
from web.views.names import region_name, role_title


def _part_lines(dataset: Dataset, parts: dict[str, int]) -> list[dict]:
    """Parts by their desk name, with the id the shelves are labelled with."""
    return [{"part_id": pid, "name": dataset.part_name(pid), "qty": qty} for pid, qty in sorted(parts.items())]


def _route_parts(dataset: Dataset, route: Route) -> Counter[str]:
    totals: Counter[str] = Counter()
    for stop in route.stops:
        totals.update(dict(dataset.visit(stop.visit_id).parts))
    return totals


def work_order_sheet(dataset: Dataset, plan: Plan, technician_id: str, lang: str) -> dict:
    """One technician's 派工单; raises KeyError for an unknown technician."""
    t = translator(lang)
    tech = dataset.technician(technician_id)
    route = plan.route_of(technician_id)
    visits = []
    for n, stop in enumerate(route.stops if route else (), start=1):
        visit = dataset.visit(stop.visit_id)
        visits.append(
            {
                "n": n,
                "visit_id": visit.id,
                "type_label": visit_type_label(visit.type, lang),
                "priority": visit.priority,
                "priority_label": priority_label(visit.priority, lang),
                "window": window_text(visit.window_start, visit.window_end, t("window_any")),
                "arrival": plan_clock(plan, stop.arrival),
                "start": plan_clock(plan, stop.start),
                "end": plan_clock(plan, stop.end),
                "customer": visit.customer,
                "phone": visit.phone,
                "address": visit.address,
                "district": region_name(dataset, visit.region, lang),
                "description": visit.description,
                "parts": _part_lines(dataset, dict(visit.parts)),
                "overdue": overdue_text(visit, plan.date, lang),
            }
        )
    return {
        "date": plan.date.isoformat(),
        "weekday": weekday_label(plan.date.weekday(), lang),
        "technician": {
            "id": tech.id,
            "name": tech.name or tech.id,
            "role": role_title(dataset, tech.role, lang),
            "shift": f"{clock_text(tech.shift_start)}–{clock_text(tech.shift_end)}",
        },
        "depart": plan_clock(plan, route.depart) if route else "",
        "back": plan_clock(plan, route.return_) if route else "",
        "visits": visits,
        "parts_total": _part_lines(dataset, dict(_route_parts(dataset, route))) if route else [],
    }


def work_order_sheets(dataset: Dataset, plan: Plan, lang: str) -> list[dict]:
    """Every technician with visits today, in departure order, one sheet each."""
    routes = sorted((r for r in plan.routes if r.stops), key=lambda r: (r.depart, r.technician_id))
    return [work_order_sheet(dataset, plan, r.technician_id, lang) for r in routes]


def pick_list(dataset: Dataset, plan: Plan, lang: str) -> dict:
    """The parts desk's list: who collects what, in order of departure, and the totals per part.

    Only technicians who need parts are listed; ``stock`` is the desk's
    count (None when parts are not constrained), so the desk sees what is
    left on the shelf once the vans are loaded.
    """
    routes = sorted((r for r in plan.routes if r.stops), key=lambda r: (r.depart, r.technician_id))
    people, totals = [], Counter[str]()
    for route in routes:
        parts = _route_parts(dataset, route)
        if not parts:
            continue
        totals.update(parts)
        tech = dataset.technician(route.technician_id)
        visits = [
            {"visit_id": s.visit_id, "parts": _part_lines(dataset, dict(dataset.visit(s.visit_id).parts))}
            for s in route.stops
            if dataset.visit(s.visit_id).parts
        ]
        people.append(
            {
                "technician_id": tech.id,
                "name": tech.name or tech.id,
                "depart": plan_clock(plan, route.depart),
                "parts": _part_lines(dataset, dict(parts)),
                "visits": visits,
            }
        )
    stock = dataset.stock()
    return {
        "date": plan.date.isoformat(),
        "weekday": weekday_label(plan.date.weekday(), lang),
        "technicians": people,
        "totals": [
            {
                **line,
                "stock": None if stock is None else stock.get(line["part_id"], 0),
                "left": None if stock is None else stock.get(line["part_id"], 0) - line["qty"],
            }
            for line in _part_lines(dataset, dict(totals))
        ],
    }
