"""A technician's own day, in order, as their phone shows it in the van.

Departure, every stop (window, planned arrival, the job, the customer
with a tap-to-call number and links to navigate there in Amap, Baidu or
Tencent Maps), the lunch break, the way home, the parts to collect
before leaving and a sketch of the route.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from planner.domain import Dataset
from planner.plan import Plan, Route, Stop
from web.i18n import priority_label, translator, visit_type_label, weekday_label
from web.views.clock import clock_text, km_text, overdue_text, plan_clock, plan_minute, window_text
from web.views.maps import route_map
from web.views.names import region_name, role_title, skill_name
from web.views.navigation import navigation_links


def tel_url(phone: str) -> str:
    """``tel:`` link with the digits (and a leading +) only, so any dialler takes it."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


def _parts(dataset: Dataset, parts: dict[str, int]) -> list[dict]:
    names = {p.id: p.name for p in dataset.parts or ()}
    return [{"part_id": pid, "name": names.get(pid) or pid, "qty": qty} for pid, qty in sorted(parts.items())]


def crew_partners(stop: Stop, technician_id: str, dataset: Dataset) -> list[dict]:
    """The other members of a crew visit, by name with their work phone, so they can find each other on site."""
    partners = []
    for i, member in enumerate(stop.crew or ()):
        if member == technician_id:
            continue
        known = {t.id: t for t in dataset.technicians}.get(member)
        phone = known.phone if known else ""
        partners.append(
            {"name": (known.name if known else "") or member, "lead": i == 0, "phone": phone, "tel": tel_url(phone)}
        )
    return partners


def _stop_item(
    n: int, stop: Stop, dataset: Dataset, plan: Plan, lang: str, origin: tuple[float, float], technician_id: str = ""
) -> dict:
    t = translator(lang)
    visit = dataset.visit(stop.visit_id)
    return {
        "kind": "stop",
        "n": n,
        "sort": plan_minute(plan, stop.start),
        "visit_id": visit.id,
        "heading": t("stop_no", n=n),
        "window": window_text(visit.window_start, visit.window_end, t("window_any")),
        "arrival": plan_clock(plan, stop.arrival),
        "start": plan_clock(plan, stop.start),
        "end": plan_clock(plan, stop.end),
        "drive": t("drive", minutes=stop.travel_min, km=km_text(stop.travel_km)),
        "type_label": visit_type_label(visit.type, lang),
        "priority": visit.priority,
        "priority_label": priority_label(visit.priority, lang),
        "description": visit.description,
        "skills": [f"{skill_name(dataset, s, lang)} ≥{level}" for s, level in sorted(visit.required_skills.items())],
        "due": visit.due_date.isoformat() if visit.due_date else "",
        "overdue": overdue_text(visit, plan.date, lang),
        "customer": visit.customer,
        "phone": visit.phone,
        "tel": tel_url(visit.phone),
        "address": visit.address,
        "district": region_name(dataset, visit.region, lang),
        "nav_links": navigation_links(visit, origin, lang),
        "parts": _parts(dataset, dict(visit.parts)),
        "crew": crew_partners(stop, technician_id, dataset),
    }


def _steps(route: Route, dataset: Dataset, plan: Plan, lang: str) -> list[dict]:
    """Departure, stops and lunch in clock order, then the way home."""
    t = translator(lang)
    steps: list[dict[str, Any]] = [
        {"kind": "depart", "sort": plan_minute(plan, route.depart), "time": plan_clock(plan, route.depart)}
    ]
    tech = dataset.technician(route.technician_id)
    places = [(tech.base_lat, tech.base_lon)] + [
        (dataset.visit(s.visit_id).lat, dataset.visit(s.visit_id).lon) for s in route.stops
    ]
    steps += [
        _stop_item(n, s, dataset, plan, lang, places[n - 1], route.technician_id)
        for n, s in enumerate(route.stops, start=1)
    ]
    if route.break_ is not None:
        start, end = plan_minute(plan, route.break_.start), plan_minute(plan, route.break_.end)
        steps.append(
            {
                "kind": "break",
                "sort": start,
                "start": clock_text(start),
                "end": clock_text(end),
                "length": t("lunch_minutes", minutes=end - start),
            }
        )
    steps.sort(key=lambda step: step["sort"])
    home_min = route.travel_min - sum(s.travel_min for s in route.stops)
    home_km = route.travel_km - sum(s.travel_km for s in route.stops)
    steps.append(
        {
            "kind": "return",
            "sort": plan_minute(plan, route.return_),
            "time": plan_clock(plan, route.return_),
            "drive": t("drive", minutes=home_min, km=km_text(max(0.0, home_km))),
        }
    )
    return steps


def route_page_model(dataset: Dataset, plan: Plan, technician_id: str, lang: str, ics_url: str | None = None) -> dict:
    """The technician's page; raises KeyError for an unknown technician."""
    t = translator(lang)
    tech = dataset.technician(technician_id)
    route = plan.route_of(technician_id)
    totals: Counter[str] = Counter()
    for stop in route.stops if route else ():
        totals.update(dict(dataset.visit(stop.visit_id).parts))
    return {
        "date": plan.date.isoformat(),
        "weekday": weekday_label(plan.date.weekday(), lang),
        "technician": {
            "id": tech.id,
            "name": tech.name or tech.id,
            "role": role_title(dataset, tech.role, lang),
            "shift": f"{clock_text(tech.shift_start)}–{clock_text(tech.shift_end)}",
        },
        "has_route": route is not None,
        "summary": t(
            "route_summary",
            visits=len(route.stops),
            km=km_text(route.travel_km),
            depart=plan_clock(plan, route.depart),
            back=plan_clock(plan, route.return_),
        )
        if route
        else "",
        "parts_total": _parts(dataset, dict(totals)),
        "steps": _steps(route, dataset, plan, lang) if route else [],
        "sketch": route_map(dataset, plan, lang, [technician_id], sketch=True) if route else None,
        "ics_url": ics_url,
    }
