"""What the board's edit panel offers: the day's visits and technicians by name, the actions, the texts its script shows.

The rules of an edit live in ``planner.edits``; this only lists choices
in the page language, so the form works without the timeline (keyboard,
screen reader, tablet) and the timeline's drag ends in the same request.
"""

from __future__ import annotations

import json

from planner.domain import VISIT_TYPES, Dataset
from planner.plan import Plan
from web.i18n import translator, visit_type_label
from web.views.names import region_name

#: Actions of the form: (value, text key). ``lock_time`` is a lock with the time field.
ACTIONS = (
    ("move", "edit_move"),
    ("assign", "edit_assign"),
    ("swap", "edit_swap"),
    ("unassign", "edit_unassign"),
    ("lock", "edit_lock"),
    ("lock_time", "edit_lock_time"),
    ("unlock", "edit_unlock"),
)
#: Texts the script shows, by key.
SCRIPT_TEXTS = (
    "edit_working",
    "edit_saved",
    "edit_refused",
    "edit_worse",
    "edit_failed",
    "reoptimise_none",
    "reoptimise_calls",
    "urgent_none",
    "urgent_book",
    "col_visit",
    "col_was",
    "col_now",
)


def edit_model(dataset: Dataset, plan: Plan, lang: str, api: str, slots: str) -> dict:
    """Choices of the edit form and the urgent-visit form, and the script's settings."""
    t = translator(lang)
    names = {tech.id: tech.name or tech.id for tech in dataset.technicians}
    planned = []
    for route in plan.routes:
        for stop in route.stops:
            locked = dataset.visit(stop.visit_id).pinned_technician
            planned.append(
                {
                    "id": stop.visit_id,
                    "label": f"{stop.visit_id} · {names[route.technician_id]} "
                    f"{stop.start:%H:%M}" + (f" · {t('edit_locked')}" if locked else ""),
                }
            )
    planned.sort(key=lambda v: v["id"])
    waiting = [{"id": u.visit_id, "label": f"{u.visit_id} · {t('edit_waiting')}"} for u in plan.unassigned]
    return {
        "api": api,
        "slots": slots,
        "planned": planned,
        "waiting": waiting,
        "locked": [v.id for v in dataset.visits if v.pinned_technician],
        "technicians": [{"id": tid, "name": name} for tid, name in names.items()],
        "actions": [{"value": value, "label": t(key)} for value, key in ACTIONS],
        "regions": [{"id": r.id, "name": region_name(dataset, r.id, lang)} for r in dataset.regions],
        "types": [{"id": v, "name": visit_type_label(v, lang)} for v in VISIT_TYPES],
        "texts": json.dumps({key: t(key) for key in SCRIPT_TEXTS}, ensure_ascii=False),
    }
