"""The week view's model: technician x day, visits and load per cell, each cell a link to its day.

A multi-day plan is served as one day per date (``planner.horizon.days``);
this grid puts those days side by side so the dispatch lead sees the
week's load at a glance: who is off, who is full, which day has room.
Only names and counts appear, no customer data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from planner.kpis import technician_rows
from web.i18n import translator, weekday_label
from web.store import Day
from web.views.board import kpis_of
from web.views.clock import percent

#: A cell whose share of the shift is at least this is drawn as full.
FULL = 0.85


def week_model(days: Sequence[Day], lang: str, board_url: Callable[[str], str]) -> dict:
    """Rows of technicians (by name, in technicians.csv order of the first day they work), one cell per day."""
    t = translator(lang)
    people: dict[str, str] = {}
    loads: list[dict[str, dict]] = []
    for day in days:
        for technician in day.dataset.technicians:
            people.setdefault(technician.id, technician.name or technician.id)
        loads.append({row["technician_id"]: row for row in technician_rows(day.dataset, day.plan.routes)})
    columns = []
    for day in days:
        date = day.plan.date.isoformat()
        kpis = kpis_of(day.dataset, day.plan)
        columns.append(
            {
                "date": date,
                "weekday": weekday_label(day.plan.date.weekday(), lang),
                "url": board_url(date),
                "visits": kpis["visits_served"],
                "technicians": kpis["technicians_used"],
                "firm": day is days[0],
            }
        )
    rows = []
    for person, name in people.items():
        cells = []
        for column, load in zip(columns, loads):
            row = load.get(person)
            if row is None:
                cells.append({"kind": "off", "text": t("week_off"), "url": column["url"]})
                continue
            kind = "idle" if not row["visits"] else "full" if row["utilisation"] >= FULL else "busy"
            cells.append(
                {
                    "kind": kind,
                    "visits": row["visits"],
                    "load": percent(row["utilisation"]),
                    "text": t("week_cell", visits=row["visits"], load=percent(row["utilisation"])),
                    "url": column["url"],
                }
            )
        rows.append(
            {"technician_id": person, "name": name, "cells": cells, "visits": sum(c.get("visits", 0) for c in cells)}
        )
    return {
        "first": columns[0]["date"] if columns else "",
        "last": columns[-1]["date"] if columns else "",
        "days": columns,
        "rows": rows,
    }
