"""The weekly roster page (排班表), open to everyone like the role chart: names and shifts only.

The kind of leave (年假, 病假) is shown to staff only; everyone else sees leave as leave, as on the
static site, since sick leave is nobody else's business."""

from __future__ import annotations

from flask import current_app

from planner.roster.folder import find_roster_folder, roster_of_folder, without_leave_kinds
from web.auth import is_staff
from web.lang import request_lang
from web.pages.blueprint import bp
from web.pages.context import render_page
from web.views.roster import roster_model


def _roster():
    """The configured roster folder's roster, made once per app (None when there is none)."""
    cache = current_app.extensions.setdefault("planner.roster", {})
    if "roster" not in cache:
        folder = find_roster_folder(
            current_app.config.get("PLANNER_ROSTER") or current_app.config.get("PLANNER_SOURCE")
        )
        cache["roster"] = roster_of_folder(folder)[0] if folder is not None else None
    return cache["roster"]


@bp.get("/roster")
def roster() -> str:
    """Technician x day grid with coverage per skill and day; prints on one A4 landscape sheet."""
    lang = request_lang()
    roster = _roster()
    if roster is not None and not is_staff():
        roster = without_leave_kinds(roster)
    return render_page("roster.html", lang, model=roster_model(roster, lang))
