"""Charts as SVG text, for report files and web pages alike.

No plotting library and no web framework: a chart is a string a page can
embed as it is or a report can save as a ``.svg`` file. Looks come from
presentation attributes (``fill``, ``stroke``, ``font-size``) plus class
names a page's stylesheet may override; there is no inline ``style``, so
a strict Content-Security-Policy accepts the markup. Every word on a
chart (title, axis labels, bar and series names, formatted values) is
passed in by the caller, so a page can show the same chart in Chinese.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

PALETTE: tuple[str, ...] = ("#2f6db5", "#d9822b", "#3a9d5d", "#b5462f", "#7a5bb5")
HIGHLIGHT = "#8c96a3"
INK = "#222"
GRID = "#dde2e8"
FONT = "sans-serif"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the value as it should read, and whether it is the reference."""

    label: str
    value: float
    shown: str
    highlight: bool = False


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name and its (x, y) points in x order."""

    label: str
    points: tuple[tuple[float, float], ...]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks, value = [], first
    while value < high + step * 0.5 - 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def text_width(text: str, size: int = 12) -> float:
    """About how wide a label renders: CJK characters are square, Latin ones about half that."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.58 for ch in text)


def _n(value: float) -> str:
    """A coordinate, short and exact enough."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(
    x: float,
    y: float,
    text: str,
    cls: str,
    anchor: str = "start",
    size: int = 12,
    baseline: str = "middle",
    fill: str = INK,
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" class="{cls}" text-anchor="{anchor}" '
        f'dominant-baseline="{baseline}" font-family="{FONT}" font-size="{size}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def _svg(width: int, height: int, cls: str, title: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart {cls}" role="img" aria-label={quoteattr(title)}>'
    )
    return (
        "\n".join(
            [
                head,
                f"<title>{escape(title)}</title>",
                _text(width / 2, 18, title, "chart-title", "middle", 15),
                *body,
                "</svg>",
            ]
        )
        + "\n"
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    axis_label: str,
    tick_format: Callable[[float], str] = "{:g}".format,
    width: int = 640,
) -> str:
    """Horizontal bars, one per label, from zero; the highlighted bar (the base) is grey.

    The label column is as wide as the longest label, up to half the chart.
    """
    longest = max((text_width(b.label) for b in bars), default=0)
    left, right, top, row = int(min(width / 2, max(80, longest + 16))), 80, 40, 28
    plot_width = width - left - right
    height = top + row * max(1, len(bars)) + 46
    values = [b.value for b in bars] or [0.0]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * plot_width

    body: list[str] = []
    bottom = top + row * max(1, len(bars))
    for tick in ticks:
        body.append(
            f'<line x1="{_n(x(tick))}" y1="{top}" x2="{_n(x(tick))}" y2="{bottom}" '
            f'class="chart-grid" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(x(tick), bottom + 14, tick_format(tick), "chart-tick", "middle", 11))
    body.append(
        f'<line x1="{_n(x(0))}" y1="{top}" x2="{_n(x(0))}" y2="{bottom}" '
        f'class="chart-axis" stroke="{INK}" stroke-width="1"/>'
    )
    for i, bar in enumerate(bars):
        middle = top + row * i + row / 2
        start, end = sorted((x(0), x(bar.value)))
        cls = "chart-bar chart-bar-base" if bar.highlight else "chart-bar"
        body.append(
            f'<rect x="{_n(start)}" y="{_n(middle - 9)}" width="{_n(max(end - start, 0.5))}" height="18" '
            f'class="{cls}" fill="{HIGHLIGHT if bar.highlight else PALETTE[0]}">'
            f"<title>{escape(f'{bar.label}: {bar.shown}')}</title></rect>"
        )
        body.append(_text(left - 8, middle, bar.label, "chart-label", "end"))
        body.append(_text(end + 6, middle, bar.shown, "chart-value"))
    body.append(_text(left + plot_width / 2, height - 10, axis_label, "chart-axis-label", "middle"))
    return _svg(width, height, "chart-bars", title, body)


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    y_format: Callable[[float], str] = "{:g}".format,
    x_format: Callable[[float], str] = "{:g}".format,
    width: int = 640,
    height: int = 360,
    y_range: tuple[float, float] | None = None,
) -> str:
    """Lines with a dot at every point, axes with round ticks, and a legend when there are several lines.

    ``y_range`` fixes the value axis (0..1 for a rate, so 100 % is always the top).
    """
    left, right, top, bottom_margin = 64, 24, 58, 52
    plot_w, plot_h = width - left - right, height - top - bottom_margin
    xs = [p[0] for s in series for p in s.points] or [0.0]
    ys = [p[1] for s in series for p in s.points] or [0.0]
    whole = all(float(v).is_integer() for v in xs) and max(xs) - min(xs) <= 20
    x_ticks = [float(v) for v in range(int(min(xs)), int(max(xs)) + 1)] if whole else nice_ticks(min(xs), max(xs))
    if len(x_ticks) == 1:
        x_ticks = [x_ticks[0] - 1, x_ticks[0], x_ticks[0] + 1]
    spread = max(ys) - min(ys)
    y_ticks = (
        nice_ticks(*y_range)
        if y_range
        else nice_ticks(min(ys) - spread * 0.1, max(ys) + spread * 0.1 if spread else max(ys) + 1)
    )

    def px(value: float) -> float:
        return left + (value - x_ticks[0]) / (x_ticks[-1] - x_ticks[0]) * plot_w

    def py(value: float) -> float:
        return top + plot_h - (value - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * plot_h

    body: list[str] = []
    for tick in y_ticks:
        body.append(
            f'<line x1="{left}" y1="{_n(py(tick))}" x2="{left + plot_w}" y2="{_n(py(tick))}" '
            f'class="chart-grid" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, py(tick), y_format(tick), "chart-tick", "end", 11))
    for tick in x_ticks:
        body.append(_text(px(tick), top + plot_h + 14, x_format(tick), "chart-tick", "middle", 11))
    body.append(
        f'<polyline points="{left},{top} {left},{top + plot_h} {left + plot_w},{top + plot_h}" '
        f'class="chart-axis" fill="none" stroke="{INK}" stroke-width="1"/>'
    )
    for i, line in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        points = " ".join(f"{_n(px(a))},{_n(py(b))}" for a, b in line.points)
        body.append(
            f'<polyline points="{points}" class="chart-line series-{i}" fill="none" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        for a, b in line.points:
            body.append(
                f'<circle cx="{_n(px(a))}" cy="{_n(py(b))}" r="4" class="chart-point series-{i}" '
                f'fill="{colour}"><title>{escape(f"{line.label}: {x_format(a)}, {y_format(b)}")}</title></circle>'
            )
        legend_y = 36
        legend_x = left + i * (plot_w / max(1, len(series)))
        body.append(
            f'<line x1="{_n(legend_x)}" y1="{legend_y}" x2="{_n(legend_x + 18)}" y2="{legend_y}" '
            f'class="chart-legend series-{i}" stroke="{colour}" stroke-width="3"/>'
        )
        body.append(_text(legend_x + 24, legend_y, line.label, "chart-legend-label", size=11))
    body.append(_text(left + plot_w / 2, height - 12, x_label, "chart-axis-label", "middle"))
    body.append(
        f'<text x="14" y="{_n(top + plot_h / 2)}" class="chart-axis-label" text-anchor="middle" '
        f'dominant-baseline="middle" font-family="{FONT}" font-size="12" fill="{INK}" '
        f'transform="rotate(-90 14 {_n(top + plot_h / 2)})">{escape(y_label)}</text>'
    )
    return _svg(width, height, "chart-lines", title, body)
