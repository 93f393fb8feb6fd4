"""Which charts a comparison gets, drawn from ``comparison.json`` with the words given.

The report saves them as SVG files with English words; a web page reads
the same ``comparison.json`` and calls ``comparison_charts`` with its own
(e.g. Chinese) words, so both show exactly the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.charts import Bar, Series, bar_chart, line_chart

LABELS_EN: Mapping[str, str] = {
    "priority_weighted_service": "Priority-weighted service level (%)",
    "due_done": "Due and overdue work done today (%)",
    "travel_km": "Travel (km)",
    "utilisation": "Utilisation of shift time (%)",
    "headcount": "Technicians on the day",
    "percent": "%",
    "km": "km",
    "by_variant": "{measure} by variant",
    "sweep": "Service level by headcount: {label}",
}

#: The measures shown as bars: key, whether it is a share shown in percent.
BAR_MEASURES: tuple[tuple[str, bool], ...] = (
    ("priority_weighted_service", True),
    ("due_done", True),
    ("travel_km", False),
    ("utilisation", True),
)


def _value_text(value: float, percent: bool) -> str:
    return f"{value:.1f}%" if percent else f"{value:,.1f}"


def measure_bars(document: Mapping[str, Any], key: str, percent: bool) -> list[Bar]:
    """One bar per variant that is not a sweep step (the sweeps have their own chart), base first."""
    bars = []
    for variant in document["variants"]:
        value = variant["measures"][key]
        if variant["kind"] == "sweep" or value is None:
            continue
        value = value * 100 if percent else value
        bars.append(Bar(variant["label"], value, _value_text(value, percent), variant["kind"] == "base"))
    return bars


def sweep_series(sweep: Mapping[str, Any], labels: Mapping[str, str]) -> list[Series]:
    """Weighted service and due work done against headcount, in percent."""
    return [
        Series(labels[key], tuple((float(x), y * 100) for x, y in zip(sweep["headcount"], sweep[key]) if y is not None))
        for key in ("priority_weighted_service", "due_done")
    ]


def comparison_charts(document: Mapping[str, Any], labels: Mapping[str, str] = LABELS_EN) -> dict[str, str]:
    """Chart file name (relative to the report folder) -> SVG text."""
    charts: dict[str, str] = {}
    for key, percent in BAR_MEASURES:
        charts[f"charts/{key}.svg"] = bar_chart(
            measure_bars(document, key, percent),
            title=labels["by_variant"].format(measure=labels[key]),
            axis_label=labels["percent"] if percent else labels["km"],
        )
    for sweep in document["sweeps"]:
        charts[f"charts/sweep-{sweep['name']}.svg"] = line_chart(
            sweep_series(sweep, labels),
            title=labels["sweep"].format(label=sweep["label"]),
            x_label=labels["headcount"],
            y_label=labels["percent"],
        )
    return charts
