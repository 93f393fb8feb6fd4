"""Statuses on the pages: the route page's buttons and the board's status column.

The buttons a technician sees are the statuses the contract allows next
(``planner.workorders.NEXT``) among the six the field reports; the page
script gets the same table, so after a tap (also offline) it offers
exactly what the store will accept.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from planner.domain import Dataset
from planner.plan import Plan
from planner.store import OrderState
from planner.workorders import LABELS, NEXT, STATUSES
from web.i18n import priority_label, translator, visit_type_label

#: What the field reports, in the order the buttons appear, with the label key of each button.
BUTTON_LABELS: Mapping[str, str] = {
    "en_route": "btn_en_route",
    "on_site": "btn_on_site",
    "done": "btn_done",
    "not_home": "btn_not_home",
    "needs_part": "btn_needs_part",
    "rescheduled": "btn_rescheduled",
}
#: Statuses whose button first asks for details (the part, a note).
WITH_DETAILS: frozenset[str] = frozenset({"needs_part", "rescheduled"})


def status_label(status: str, lang: str) -> str:
    """已完成 / Done."""
    zh, en = LABELS[status]
    return en if lang == "en" else zh


def labels_json(lang: str) -> str:
    """status -> label, for the page scripts."""
    return json.dumps({status: status_label(status, lang) for status in STATUSES}, ensure_ascii=False)


def next_json() -> str:
    """status -> statuses allowed next, for the route page script."""
    return json.dumps({status: sorted(NEXT[status]) for status in STATUSES})


def route_status_model(
    dataset: Dataset, states: Mapping[str, OrderState], api_url: str, queue_key: str, lang: str
) -> dict:
    """The route page's status panel: each stop's status, the buttons, the parts to name, the script's data."""
    t = translator(lang)
    parts = [{"id": part.id, "name": part.name or part.id} for part in dataset.parts or ()]
    return {
        "api": api_url,
        "queue_key": queue_key,
        "next": next_json(),
        "labels": labels_json(lang),
        "buttons": [{"status": status, "label": t(key)} for status, key in BUTTON_LABELS.items()],
        "with_details": WITH_DETAILS,
        "allowed": {status: NEXT[status] for status in STATUSES},
        "states": {
            visit_id: {"status": state.status, "label": status_label(state.status, lang), "version": state.version}
            for visit_id, state in states.items()
        },
        "parts": parts,
    }


#: Statuses in which a stop is still to be done today (a late one is flagged on the board).
ACTIVE: frozenset[str] = frozenset({"planned", "en_route", "on_site"})


def age_days(state: OrderState, date: dt.date) -> int:
    """Days the order has waited by ``date`` (0 on the day it came in)."""
    return max(0, (date - state.created_date).days)


def board_status_rows(dataset: Dataset, plan: Plan, states: Mapping[str, OrderState], lang: str) -> list[dict]:
    """One row per planned stop, in route order: technician, visit, customer, planned times, age, status."""
    names = {technician.id: technician.name or technician.id for technician in dataset.technicians}
    rows = []
    for route in plan.routes:
        for stop in route.stops:
            state = states.get(stop.visit_id)
            status = state.status if state is not None else "planned"
            visit = dataset.visit(stop.visit_id)
            rows.append(
                {
                    "technician": names.get(route.technician_id, route.technician_id),
                    "visit_id": stop.visit_id,
                    "customer": visit.customer,
                    "start": stop.start.strftime("%H:%M"),
                    "end": stop.end.strftime("%H:%M"),
                    "end_iso": stop.end.isoformat(),
                    "status": status,
                    "label": status_label(status, lang),
                    "age": age_days(state, plan.date) if state is not None else 0,
                    "overdue": visit.due_date is not None and visit.due_date < plan.date,
                }
            )
    return rows


def backlog_rows(waiting: list[OrderState], plan: Plan, lang: str) -> list[dict]:
    """Orders waiting that today's routes do not hold, oldest first: what carries over to tomorrow."""
    routed = {stop.visit_id for route in plan.routes for stop in route.stops}
    rows = [
        {
            "visit_id": state.visit_id,
            "customer": state.visit.customer,
            "type_label": visit_type_label(state.visit.type, lang),
            "priority_label": priority_label(state.visit.priority, lang),
            "priority": state.visit.priority,
            "status": state.status,
            "label": status_label(state.status, lang),
            "age": age_days(state, plan.date),
            "created": state.created_date.isoformat(),
            "overdue": state.visit.due_date is not None and state.visit.due_date < plan.date,
        }
        for state in waiting
        if state.visit_id not in routed and state.created_date <= plan.date
    ]
    return sorted(rows, key=lambda row: (-row["age"], row["priority"], row["visit_id"]))
