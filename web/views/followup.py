"""View models of the follow-up pages: the call list, the escalation list, KPI trends and the monthly report.

Every figure and rule comes from ``planner`` (callbacks, complaints,
history); this module only words them for a page in the chosen language.
The call list carries customers' names and phones: it is for staff
pages only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from planner.callbacks import OUTCOME_NAMES, OUTCOMES
from planner.complaints import GRADE_NAMES, REASON_TEXTS, Escalation
from planner.domain import GRADES
from planner.history.kpis import KPI_NAMES, KPI_TITLES, KpiRow
from planner.history.monthly import MonthlyReport
from planner.history.report import UNASSIGNED, figure_text
from planner.history.trends import trend_chart
from planner.store.callbacks import CallbackEntry
from planner.workdays import WorkCalendar
from web.i18n import translator, visit_type_label

_LANG = {"zh": 0, "en": 1}


def tel_link(phone: str) -> str | None:
    """``tel:`` URL of a phone number as people write it (spaces, dashes, brackets dropped), or None."""
    digits = re.sub(r"[\s\-()（）]", "", phone or "")
    return f"tel:{digits}" if re.fullmatch(r"\+?\d{3,20}", digits) else None


def outcome_buttons(lang: str) -> list[dict[str, str]]:
    """满意 / 一般 / 不满意 / 联系不上, in the contract's order."""
    return [{"outcome": o, "label": OUTCOME_NAMES[o][_LANG[lang]]} for o in OUTCOMES]


def call_cards(
    entries: Sequence[CallbackEntry], today: dt.date, names: Mapping[str, str], calendar: WorkCalendar, lang: str
) -> list[dict]:
    """One card per call to make, in the list's order (overdue first).

    Lateness is counted in working days, like the due date: a callback due
    before National Day is one working day late on the first day back.
    """
    t = translator(lang)
    cards = []
    for entry in entries:
        callback = entry.callback
        tries = len(callback.attempts)
        cards.append(
            {
                "visit_id": callback.visit_id,
                "customer": entry.customer,
                "phone": entry.phone,
                "tel": tel_link(entry.phone),
                "type": visit_type_label(callback.visit_type, lang),
                "description": entry.description,
                "technician": names.get(entry.technician_id, entry.technician_id),
                "done": t("cb_done_on", date=callback.done_at.date().isoformat()),
                "due": t("cb_due", date=callback.due_date.isoformat()),
                "overdue": t("cb_overdue", n=callback.workdays_late(today, calendar))
                if callback.is_overdue(today)
                else "",
                "tries": t("cb_tries", n=tries) if tries else "",
            }
        )
    return cards


def escalation_rows(found: Sequence[Escalation], lang: str) -> list[dict]:
    """The manager's list, worded: grade names, reasons as sentences, deadlines to the minute."""
    side = _LANG[lang]
    return [
        {
            "visit_id": e.visit_id,
            "grade": e.grade,
            "grade_name": GRADE_NAMES[e.grade][side],
            "graded_name": GRADE_NAMES[e.graded][side],
            "reasons": [REASON_TEXTS[r][side] for r in e.reasons],
            "respond_by": e.respond_by.strftime("%Y-%m-%d %H:%M"),
            "resolve_by": e.resolve_by.strftime("%Y-%m-%d %H:%M"),
            "hours_overdue": f"{e.hours_overdue:.1f}",
        }
        for e in found
    ]


def kpi_headers(lang: str) -> list[dict[str, str]]:
    """The KPI columns: contract name and title."""
    return [{"name": name, "title": KPI_TITLES[name][_LANG[lang]]} for name in KPI_NAMES]


def who(key: str, names: Mapping[str, str], lang: str) -> str:
    """The name people read for a row's key (未分配 for none)."""
    return names.get(key) or key or UNASSIGNED[_LANG[lang]]


def kpi_table(rows: Sequence[KpiRow], names: Mapping[str, str], lang: str) -> list[dict]:
    """Table rows: period, who, and each KPI as ``92.0% (46/50)``."""
    return [
        {
            "period": row.period.label,
            "who": who(row.key, names, lang),
            "cells": [figure_text(name, row.figures[name]) for name in KPI_NAMES],
        }
        for row in rows
    ]


def kpi_charts(rows: Sequence[KpiRow], key: str, names: Mapping[str, str], period: str, lang: str) -> list[dict]:
    """One SVG trend chart per KPI for ``key``, each with the id the role chart links to."""
    shown = who(key, names, lang)
    return [
        {
            "name": name,
            "title": KPI_TITLES[name][_LANG[lang]],
            "svg": trend_chart(rows, name, key, shown, period, english=lang == "en"),
        }
        for name in KPI_NAMES
    ]


def _change(name: str, now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "-"
    delta = now - before
    if name in ("on_time_completion", "complaint_timeliness", "satisfaction", "callback_completion", "first_time_fix"):
        return f"{delta * 100:+.1f} pp"
    return f"{delta:+.1f}"


def monthly_model(report: MonthlyReport, names: Mapping[str, Mapping[str, str]], lang: str) -> dict:
    """The monthly report laid out: department this month against last, groups, technicians, complaints."""
    side = _LANG[lang]
    previous = {row.key: row for row in report.previous}
    summary = []
    for row in report.departments:
        before = previous.get(row.key)
        summary.append(
            {
                "who": who(row.key, names["department"], lang),
                "lines": [
                    {
                        "title": KPI_TITLES[name][side],
                        "now": figure_text(name, row.figures[name]),
                        "before": figure_text(name, before.figures[name]) if before else "-",
                        "change": _change(
                            name, row.figures[name].value, before.figures[name].value if before else None
                        ),
                    }
                    for name in KPI_NAMES
                ],
            }
        )
    return {
        "month": report.month,
        "summary": summary,
        "headers": kpi_headers(lang),
        "groups": kpi_table(report.groups, names["group"], lang),
        "technicians": kpi_table(report.technicians, names["technician"], lang),
        "complaints": [{"grade": GRADE_NAMES[g][side], "count": report.complaints_by_grade.get(g, 0)} for g in GRADES],
        "escalated": report.escalated,
    }
