"""The comparison as a markdown page and a CSV table, made from ``comparison.json`` data.

Both are for people: the markdown to read or paste into a report, the
CSV to open in Excel. Numbers a measure does not apply to (overtime when
no shift is lengthened, due work on a day without any) read ``n/a``.
Shares are shown in percent, their deltas in percentage points.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from planner.domain import PRIORITY_LEVELS
from planner.io.spreadsheet import excel_text
from planner.plan import REASON_ORDER
from planner.scenarios.compare import NUMBERS

PRIORITIES: tuple[str, ...] = tuple(str(level) for level in PRIORITY_LEVELS)
NA = "n/a"
#: Measures that are shares (0-1): shown as percent, deltas as points.
SHARES = {"due_done", "priority_weighted_service", "utilisation", "utilisation_sd", "utilisation_range"}


def _number(value: Any, key: str) -> str:
    if value is None:
        return NA
    if key in SHARES:
        return f"{value * 100:.1f}%"
    return f"{value:g}" if isinstance(value, int) else f"{value:.1f}"


def _change(value: Any, key: str) -> str:
    if value is None:
        return ""
    if key in SHARES:
        return f" ({value * 100:+.1f})"
    return f" ({value:+d})" if isinstance(value, int) else f" ({value:+.1f})"


def _cell(variant: Mapping[str, Any], key: str, with_delta: bool) -> str:
    text = _number(variant["measures"][key], key)
    return text + (_change(variant["delta"][key], key) if with_delta and text != NA else "")


def _served(variant: Mapping[str, Any], priority: str, with_delta: bool) -> str:
    counts = variant["measures"]["served_by_priority"].get(priority)
    if counts is None:
        return NA
    text = f"{counts['served']}/{counts['total']}"
    return text + (f" ({variant['delta']['served_by_priority'].get(priority, 0):+d})" if with_delta else "")


def _reasons(variant: Mapping[str, Any], with_delta: bool) -> str:
    counts, changes = variant["measures"]["unassigned_by_reason"], variant["delta"]["unassigned_by_reason"]
    parts = []
    for code in REASON_ORDER:
        if counts.get(code) or changes.get(code):
            change = f" ({changes.get(code, 0):+d})" if with_delta else ""
            parts.append(f"{code} {counts.get(code, 0)}{change}")
    return ", ".join(parts) or "none"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


def comparison_markdown(document: Mapping[str, Any]) -> str:
    """A readable page: the table with deltas, the sweeps, the advice, the search figures."""
    lines = [
        f"# Staffing scenarios: {document['dataset']}, {document['date']}"
        + (f" and the {document['horizon_days'] - 1} days after it" if document.get("horizon_days", 1) > 1 else ""),
        "",
        f"Scenario file `{document['scenario_file']}`; each variant searched for at most "
        f"{document['search']['time_limit']:g} s, starting from the base plan where it still fits. "
        "Figures in brackets are the change against the base (percentage points for shares).",
        "",
        "## Comparison",
        "",
        _row(
            [
                "variant",
                "changes",
                "people",
                "served P1",
                "P2",
                "P3",
                "P4",
                "due work done",
                "priority-weighted service",
                "travel km",
                "travel h",
                "utilisation",
                "utilisation sd",
                "utilisation max-min",
                "extra shift min",
                "overtime min",
                "roster rows short",
                "roster people short",
                "unassigned by reason",
            ]
        ),
        _row(["---"] * 19),
    ]
    for v in document["variants"]:
        delta = v["kind"] != "base"
        lines.append(
            _row(
                [
                    v["label"] if v["label"] == v["name"] else f"{v['label']} ({v['name']})",
                    "; ".join(v["changes"]) or ("as is" if not delta else "same as base"),
                    _cell(v, "headcount", delta),
                    *(_served(v, p, delta) for p in PRIORITIES),
                    *(_cell(v, key, delta) for key in NUMBERS[NUMBERS.index("due_done") :]),
                    _reasons(v, delta),
                ]
            )
        )
    lines += _sweeps(document) + _advice(document) + _search(document)
    return "\n".join(lines) + "\n"


def _sweeps(document: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for sweep in document["sweeps"]:
        lines += [
            "",
            f"## Headcount sweep: {sweep['label']} (more people like {sweep['like']})",
            "",
            _row(["step", "people", "priority-weighted service", "due work done"]),
            _row(["---"] * 4),
        ]
        for name, people, service, due in zip(
            sweep["steps"], sweep["headcount"], sweep["priority_weighted_service"], sweep["due_done"]
        ):
            lines.append(
                _row([name, str(people), _number(service, "priority_weighted_service"), _number(due, "due_done")])
            )
        lines += ["", f"![{sweep['label']}](charts/sweep-{sweep['name']}.svg)"]
    return lines


def _advice(document: Mapping[str, Any]) -> list[str]:
    if document["advice"] is None:
        return []
    tried = {a["key"]: a for a in document["advice"]["tried"]}
    lines = ["", "## What would help most", ""]
    if not tried:
        return lines + ["Nothing left out today points at staffing or skills; no change was tried."]
    best = [tried[key] for key in document["advice"]["top"]]
    if not best:
        lines.append("None of the single changes tried would raise today's service level.")
    for i, advice in enumerate(best, start=1):
        lines += [f"{i}. {advice['text_en']}", f"   {advice['text_zh']}"]
    for visit, key in document["advice"]["for_visits"].items():
        lines += ["", f"Visit {visit}, which nobody on the roster is qualified for:"]
        lines += (
            [f"   {tried[key]['text_en']}", f"   {tried[key]['text_zh']}"]
            if key
            else ["   none of the trainings tried gets it served today.", "   所试培训方案均无法在今日安排此工单。"]
        )
    lines += [
        "",
        "Every single change tried (each started from the base plan, short search):",
        "",
        _row(["change", "for visits", "service gain (points)", "visits won", "visits lost"]),
        _row(["---"] * 5),
    ]
    for advice in document["advice"]["tried"]:
        lines.append(
            _row(
                [
                    advice["change"],
                    ", ".join(advice["targets"]),
                    f"{advice['gain'] * 100:+.1f}",
                    ", ".join(advice["newly_served"]) or "-",
                    ", ".join(advice["newly_left_out"]) or "-",
                ]
            )
        )
    return lines


def _search(document: Mapping[str, Any]) -> list[str]:
    lines = ["", "## Search", "", _row(["variant", "seconds", "stopped by", "started from", "plan"]), _row(["---"] * 5)]
    for v in document["variants"]:
        if v["same_as"]:
            lines.append(_row([v["name"], "-", f"same day as {v['same_as']}", "-", v["plan"]]))
            continue
        search = v["search"]
        start = f"plan of {search['started_from']}" if search["warm_started"] else "a fresh search"
        lines.append(
            _row([v["name"], f"{search['seconds']:.1f}", search["stopped_by"].replace("_", " "), start, v["plan"]])
        )
    if document["violations"]:
        lines += ["", "## Broken rules (the checker disagrees with the solver)", ""]
        lines += [f"- {violation}" for violation in document["violations"]]
    return lines


def csv_columns() -> list[str]:
    """Columns of ``comparison.csv``: identity, measures, search figures, then every delta."""
    served = [f"{kind}_p{p}" for p in PRIORITIES for kind in ("served", "total")]
    reasons = [f"unassigned_{code}" for code in REASON_ORDER]
    deltas = (
        [f"delta_{key}" for key in NUMBERS]
        + [f"delta_served_p{p}" for p in PRIORITIES]
        + [f"delta_{r}" for r in reasons]
    )
    return [
        "name",
        "label",
        "kind",
        "changes",
        "same_as",
        *NUMBERS,
        *served,
        *reasons,
        "seconds",
        "stopped_by",
        "warm_started",
        *deltas,
    ]


def _csv_value(value: Any) -> Any:
    return NA if value is None else value


def comparison_csv(document: Mapping[str, Any]) -> str:
    """One row per variant, base first; ``n/a`` where a measure does not apply.

    Labels and changes come from the scenario file, so no cell may run as
    a formula when the comparison is opened in Excel.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, csv_columns(), lineterminator="\n")
    writer.writeheader()
    for v in document["variants"]:
        m, d = v["measures"], v["delta"]
        row: dict[str, Any] = {
            "name": v["name"],
            "label": v["label"],
            "kind": v["kind"],
            "changes": "; ".join(v["changes"]),
            "same_as": v["same_as"] or "",
            "seconds": v["search"]["seconds"],
            "stopped_by": v["search"]["stopped_by"],
            "warm_started": v["search"]["warm_started"],
        }
        for key in NUMBERS:
            row[key], row[f"delta_{key}"] = _csv_value(m[key]), _csv_value(d[key])
        for p in PRIORITIES:
            counts = m["served_by_priority"].get(p, {"served": 0, "total": 0})
            row[f"served_p{p}"], row[f"total_p{p}"] = counts["served"], counts["total"]
            row[f"delta_served_p{p}"] = d["served_by_priority"].get(p, 0)
        for code in REASON_ORDER:
            row[f"unassigned_{code}"] = m["unassigned_by_reason"].get(code, 0)
            row[f"delta_unassigned_{code}"] = d["unassigned_by_reason"].get(code, 0)
        writer.writerow({key: excel_text(value) for key, value in row.items()})
    return out.getvalue()


def summary_lines(document: Mapping[str, Any]) -> list[str]:
    """A narrow table for the terminal: the headline measures with deltas, then the best advice."""
    keys: tuple[str, ...] = ("headcount", "priority_weighted_service", "due_done", "travel_km", "utilisation")
    heads: tuple[str, ...] = ("variant", "people", "weighted service", "due done", "travel km", "utilisation")
    if any(v["measures"]["roster_short_staff"] is not None for v in document["variants"]):
        keys, heads = (*keys, "roster_short_staff"), (*heads, "roster short")
    rows = [list(heads)]
    for v in document["variants"]:
        rows.append([v["name"], *(_cell(v, key, v["kind"] != "base") for key in keys)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(heads))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    if document["advice"] and document["advice"]["top"]:
        tried = {a["key"]: a for a in document["advice"]["tried"]}
        lines += ["", "What would help most:"]
        lines += [f"  {i}. {tried[key]['text_en']}" for i, key in enumerate(document["advice"]["top"], start=1)]
    return lines
