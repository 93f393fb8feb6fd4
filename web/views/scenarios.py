"""The staffing scenario pages' models: the list of reports, and one comparison in the page's language.

Both are made from comparison documents alone (``comparison.json``, or a
finished API job's result): figures, ids, changes and advice, never
customer data. The charts are the report's own (``comparison_charts``),
drawn again with this page's words. Every change against the base
carries a tone for the page to colour: ``better`` or ``worse`` for the
department (more service is better; more travel, more uneven load or
more work left out is worse), ``neutral`` when neither (headcount, and
utilisation: busier is not better), ``flat`` when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from planner.plan import REASON_ORDER
from planner.scenarios.figures import BAR_MEASURES, comparison_charts
from planner.violation_words import say_line
from web.i18n import Translator, priority_label, reason_label, translator
from web.scenario_reports import Report
from web.views.clock import percent

Document = Mapping[str, Any]

#: Which way a measure is better: 1 higher, -1 lower, 0 neither.
BETTER: Mapping[str, int] = {
    "headcount": 0,
    "due_done": 1,
    "priority_weighted_service": 1,
    "travel_km": -1,
    "travel_hours": -1,
    "utilisation": 0,
    "utilisation_sd": -1,
    "utilisation_range": -1,
    "roster_shortfall_rows": -1,
    "roster_short_staff": -1,
}
#: The roster's coverage, shown when some variant follows a roster: rows left short, people missing.
COVERAGE: tuple[str, ...] = ("roster_shortfall_rows", "roster_short_staff")
#: Measures that are shares (0-1): shown in percent, their changes in percentage points.
SHARES = frozenset({"due_done", "priority_weighted_service", "utilisation", "utilisation_sd", "utilisation_range"})
#: The table's single-number columns after the served counts, in order.
COLUMNS: tuple[str, ...] = (
    "due_done",
    "priority_weighted_service",
    "travel_km",
    "travel_hours",
    "utilisation",
    "utilisation_sd",
    "utilisation_range",
)


def chart_labels(lang: str) -> dict[str, str]:
    """The words of ``planner.scenarios.figures`` in the page's language (``LABELS_EN``'s keys)."""
    t = translator(lang)
    return {
        "priority_weighted_service": t("chart_weighted"),
        "due_done": t("chart_due_done"),
        "travel_km": t("chart_travel_km"),
        "utilisation": t("chart_utilisation"),
        "headcount": t("chart_headcount"),
        "percent": t("chart_percent"),
        "km": t("chart_km"),
        "by_variant": t("chart_by_variant"),
        "sweep": t("chart_sweep"),
    }


def _value(value: Any, key: str, na: str) -> str:
    if value is None:
        return na
    if key in SHARES:
        return percent(value)
    return str(value) if isinstance(value, int) else f"{value:.1f}"


def delta(change: Any, key: str, better: int) -> dict[str, str] | None:
    """A change against the base as text (points for shares), its direction and its tone; None for n/a."""
    if change is None:
        return None
    shown = change * 100 if key in SHARES else change
    text = f"{shown:+d}" if isinstance(shown, int) else f"{shown:+.1f}"
    if text.lstrip("+-") in ("0", "0.0"):
        return {"text": "±0", "direction": "flat", "tone": "flat"}
    direction = 1 if shown > 0 else -1
    tone = "neutral" if not better else "better" if direction == better else "worse"
    return {"text": text, "direction": "up" if direction > 0 else "down", "tone": tone}


def _cell(variant: Document, key: str, with_delta: bool, na: str) -> dict[str, Any]:
    return {
        "value": _value(variant["measures"].get(key), key, na),
        "delta": delta(variant["delta"].get(key), key, BETTER[key]) if with_delta else None,
    }


def _priorities(document: Document) -> list[str]:
    return sorted({p for v in document["variants"] for p in v["measures"]["served_by_priority"]}, key=int)


def _served(variant: Document, priority: str, with_delta: bool, na: str) -> dict[str, Any]:
    counts = variant["measures"]["served_by_priority"].get(priority)
    if counts is None:
        return {"value": na, "delta": None}
    change = variant["delta"]["served_by_priority"].get(priority, 0)
    return {
        "value": f"{counts['served']}/{counts['total']}",
        "delta": delta(change, "served", 1) if with_delta else None,
    }


def _reasons(variant: Document, with_delta: bool, lang: str) -> list[dict[str, Any]]:
    """Work left out by reason, in the plan's order of reasons, each with its change (more is worse)."""
    counts, changes = variant["measures"]["unassigned_by_reason"], variant["delta"]["unassigned_by_reason"]
    codes = [*REASON_ORDER, *sorted(set(counts) - set(REASON_ORDER))]
    return [
        {
            "code": code,
            "label": reason_label(code, lang),
            "count": counts.get(code, 0),
            "delta": delta(changes.get(code, 0), "unassigned", -1) if with_delta else None,
        }
        for code in codes
        if counts.get(code) or (with_delta and changes.get(code))
    ]


def _overtime(variant: Document, t: Translator) -> str:
    offered, used = variant["measures"].get("extra_shift_min"), variant["measures"].get("overtime_min")
    if offered is None:
        return t("not_applicable")
    return t("overtime_value", offered=offered, used=used if used is not None else 0)


def _row(variant: Document, priorities: list[str], lang: str) -> dict[str, Any]:
    """One variant's line of the comparison table."""
    t = translator(lang)
    na, with_delta = t("not_applicable"), variant["kind"] != "base"
    return {
        "name": variant["name"],
        "label": variant["label"],
        "kind": variant["kind"],
        "is_base": not with_delta,
        "changes": list(variant["changes"]),
        "same_as": t("same_day_as", name=variant["same_as"]) if variant["same_as"] else None,
        "people": _cell(variant, "headcount", with_delta, na),
        "served": [_served(variant, p, with_delta, na) for p in priorities],
        "figures": [_cell(variant, key, with_delta, na) for key in COLUMNS],
        "overtime": _overtime(variant, t),
        "coverage": [_cell(variant, key, with_delta, na) for key in COVERAGE],
        "unassigned": _reasons(variant, with_delta, lang),
    }


def _sweeps(document: Document, charts: Mapping[str, str], t: Translator) -> list[dict[str, Any]]:
    na = t("not_applicable")
    return [
        {
            "name": sweep["name"],
            "label": sweep["label"],
            "caption": t("sweep_caption", like=sweep["like"]),
            "chart": charts.get(f"charts/sweep-{sweep['name']}.svg"),
            "steps": [
                {
                    "name": name,
                    "headcount": people,
                    "weighted": _value(service, "priority_weighted_service", na),
                    "due": _value(due, "due_done", na),
                }
                for name, people, service, due in zip(
                    sweep["steps"], sweep["headcount"], sweep["priority_weighted_service"], sweep["due_done"]
                )
            ],
        }
        for sweep in document["sweeps"]
    ]


def _advice(document: Document, lang: str) -> dict[str, Any]:
    """The best changes in the page's language, what gets each unqualified visit served, all that was tried."""
    advice = document["advice"]
    if advice is None:
        return {"state": "not_asked", "top": [], "for_visits": [], "tried": []}
    text = "text_zh" if lang == "zh" else "text_en"
    tried = {a["key"]: a for a in advice["tried"]}
    top = [
        {"text": tried[key][text], "gain": f"{tried[key]['gain'] * 100:+.1f}"} for key in advice["top"] if key in tried
    ]
    state = "nothing_tried" if not tried else "helps" if top else "none_helps"
    return {
        "state": state,
        "top": top,
        "for_visits": [
            {"visit": visit, "text": tried[key][text] if key in tried else None}
            for visit, key in advice["for_visits"].items()
        ],
        "tried": [
            {
                "change": a["change"],
                "targets": ", ".join(a["targets"]),
                "gain": f"{a['gain'] * 100:+.1f}",
                "won": ", ".join(a["newly_served"]) or "–",
                "lost": ", ".join(a["newly_left_out"]) or "–",
            }
            for a in advice["tried"]
        ],
    }


def _search(document: Document, t: Translator) -> list[dict[str, str]]:
    """How each plan was searched: seconds, what stopped it, where it started (or whose day it shares)."""
    stopped = {"time_limit": t("stopped_time_limit"), "work_limit": t("stopped_work_limit")}
    rows = []
    for v in document["variants"]:
        search = v["search"]
        if v["same_as"]:
            rows.append(
                {"label": v["label"], "seconds": "–", "stopped_by": t("same_day_as", name=v["same_as"]), "started": "–"}
            )
            continue
        started = t("started_from_plan", name=search["started_from"]) if search["warm_started"] else t("started_fresh")
        rows.append(
            {
                "label": v["label"],
                "seconds": f"{search['seconds']:.1f}",
                "stopped_by": stopped.get(search["stopped_by"], search["stopped_by"]),
                "started": started,
            }
        )
    return rows


def made_text(report: Report, dated: bool) -> str | None:
    """When the report was made, or None when ``dated`` is False: a comparison records no time of its own,
    so this is its file's or job's time, which a static site leaves out (``web.site.scenarios``)."""
    return report.made.strftime("%Y-%m-%d %H:%M") if dated else None


def report_model(report: Report, lang: str, list_url: str, dated: bool = True) -> dict[str, Any]:
    """Everything one report page shows (when it was made only if ``dated``)."""
    t = translator(lang)
    document = report.document
    charts = comparison_charts(document, chart_labels(lang))
    priorities = _priorities(document)
    return {
        "name": report.name,
        "made": made_text(report, dated),
        "list_url": list_url,
        "dataset": document["dataset"],
        "date": document["date"],
        "scenario_file": document["scenario_file"],
        "time_limit": f"{document['search']['time_limit']:g}",
        "priorities": [{"key": p, "label": priority_label(int(p), lang)} for p in priorities],
        "rows": [_row(v, priorities, lang) for v in document["variants"]],
        "roster": any(v["measures"].get("roster_short_staff") is not None for v in document["variants"]),
        "bar_charts": [charts[f"charts/{key}.svg"] for key, _ in BAR_MEASURES],
        "sweeps": _sweeps(document, charts, t),
        "advice": _advice(document, lang),
        "search": _search(document, t),
        "violations": [say_line(line, lang) for line in document["violations"]],
    }


def report_list_model(
    reports: Iterable[Report], lang: str, report_url: Callable[[str], str], dated: bool = True
) -> dict[str, Any]:
    """One line per report in the order given: name, where from, the day, how many variants, and when made
    if ``dated``."""
    t = translator(lang)
    sources = {"api": t("source_api"), "folder": t("source_folder")}
    return {
        "dated": dated,
        "reports": [
            {
                "name": r.name,
                "source": sources[r.source],
                "dataset": r.document["dataset"],
                "date": r.document["date"],
                "variants": len(r.document["variants"]) - 1,
                "made": made_text(r, dated),
                "url": report_url(r.name),
            }
            for r in reports
        ],
    }
