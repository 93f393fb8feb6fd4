"""KPI trend charts: one KPI of one department, group or technician over the periods of a range.

One line per chart, so the chart reads the same in black and white and
on a phone: the shape carries the trend and every dot names its period
and value when pointed at. A period with nothing to count has no dot
(the line joins its neighbours) rather than a made-up zero. Rates are
drawn on a fixed 0-100 % axis, so two charts side by side compare.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.charts import Series, line_chart
from planner.history.kpis import KPI_TITLES, RATES, KpiRow

_PERIOD_WORDS = {"day": ("日期", "day"), "week": ("周", "week"), "month": ("月份", "month")}


def trend_points(rows: Sequence[KpiRow], name: str, key: str) -> tuple[list[str], list[tuple[float, float]]]:
    """The period labels of the rows of ``key`` and the (period index, value) points that have a value."""
    mine = [row for row in rows if row.key == key]
    labels = [row.period.label for row in mine]
    points = [(float(i), float(value)) for i, row in enumerate(mine) if (value := row.figures[name].value) is not None]
    return labels, points


def trend_chart(
    rows: Sequence[KpiRow], name: str, key: str, who: str, period: str, english: bool = False, width: int = 640
) -> str:
    """SVG line chart of KPI ``name`` for ``key`` (shown as ``who``), period by period."""
    language = 1 if english else 0
    labels, points = trend_points(rows, name, key)
    rate = name in RATES
    title = f"{KPI_TITLES[name][language]} · {who}"

    def x_format(value: float) -> str:
        index = round(value)
        if not (0 <= index < len(labels) and value == index):
            return ""
        return labels[index][5:] if period == "day" else labels[index]

    def y_format(value: float) -> str:
        return f"{value * 100:.0f}%" if rate else f"{value:g}"

    return line_chart(
        [Series(who, tuple(points))],
        title=title,
        x_label=_PERIOD_WORDS[period][language],
        y_label=KPI_TITLES[name][language],
        y_format=y_format,
        x_format=x_format,
        width=width,
        y_range=(0.0, 1.0) if rate else None,
    )
