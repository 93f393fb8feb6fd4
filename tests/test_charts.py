"""SVG charts are well-formed, have one bar per value and one dot per point, and carry the words given."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

from planner.charts import Bar, Series, bar_chart, line_chart, nice_ticks

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def number(element: ET.Element, name: str) -> float:
    """A numeric attribute the element must have."""
    value = element.get(name)
    assert value is not None, f"<{element.tag}> has no {name}"
    return float(value)


def with_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if cls in e.get("class", "").split()]


def test_bar_chart_has_one_bar_per_value_and_highlights_the_base():
    """Three values: three bars, the base marked; labels and values are the texts passed in."""
    bars = [Bar("今日 base", 85.7, "85.7%", True), Bar("+1 维修技师", 88.6, "88.6%"), Bar("-1 <tech>", 80.0, "80.0%")]
    root = parse(bar_chart(bars, title="优先级加权服务水平", axis_label="%"))
    rects = with_class(root, "rect", "chart-bar")
    assert len(rects) == 3
    assert len(with_class(root, "rect", "chart-bar-base")) == 1
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert {"今日 base", "+1 维修技师", "-1 <tech>", "88.6%", "优先级加权服务水平", "%"} <= set(texts)
    widths = [number(r, "width") for r in rects]
    assert widths[1] > widths[0] > widths[2]


def test_bar_chart_handles_negative_values():
    """A negative value is drawn to the left of the zero line."""
    root = parse(bar_chart([Bar("gain", 2.0, "+2"), Bar("loss", -3.0, "-3")], title="delta", axis_label="points"))
    axis = with_class(root, "line", "chart-axis")[0]
    zero = number(axis, "x1")
    gain, loss = with_class(root, "rect", "chart-bar")
    assert number(gain, "x") == zero
    assert number(loss, "x") + number(loss, "width") == zero


def test_line_chart_has_a_dot_per_point_and_axis_labels():
    """Two series of five steps: two lines, ten dots, the axis labels given, headcount ticks 12-16."""
    service = Series("service", ((12, 85.7), (13, 88.6), (14, 90.0), (15, 90.0), (16, 90.0)))
    due = Series("due", ((12, 96.7), (13, 96.7), (14, 96.7), (15, 96.7), (16, 96.7)))
    root = parse(line_chart([service, due], title="by headcount", x_label="技师人数", y_label="%"))
    assert len(with_class(root, "polyline", "chart-line")) == 2
    assert len(with_class(root, "circle", "chart-point")) == 10
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "技师人数" in texts and "%" in texts
    assert [t.text for t in with_class(root, "text", "chart-tick")][-5:] == ["12", "13", "14", "15", "16"]
    ys = [number(c, "cy") for c in with_class(root, "circle", "series-0")]
    assert ys[0] > ys[1] > ys[2]  # higher service is drawn higher up


def test_charts_use_no_inline_style():
    """No style attribute anywhere, so a strict Content-Security-Policy accepts the markup."""
    for svg in (
        bar_chart([Bar("a", 1, "1")], title="t", axis_label="x"),
        line_chart([Series("s", ((1, 1), (2, 3)))], title="t", x_label="x", y_label="y"),
    ):
        assert all("style" not in element.attrib for element in parse(svg).iter())


def test_nice_ticks_cover_the_range_with_round_steps():
    """Ticks start at or below the low end, end at or above the high end, in steps of 1, 2 or 5 x 10^k."""
    for low, high in ((0, 85.7), (84, 91), (0, 428.8), (-3, 2)):
        ticks = nice_ticks(low, high)
        assert ticks[0] <= low and ticks[-1] >= high
        steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
        assert len(steps) == 1
        step = steps.pop()
        assert round(step / 10 ** math.floor(math.log10(step)), 9) in (1, 2, 5)
