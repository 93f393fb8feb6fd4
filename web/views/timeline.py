"""The board's timeline: every technician's day as bars on one clock.

Each route is cut into segments (travel, service, lunch break, waiting)
from the plan's own times, then placed in SVG user units: a label column
on the left and a plot area whose x is proportional to the clock. The
template only draws the rectangles it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from planner.domain import Dataset, Technician
from planner.kpis import technician_rows
from planner.plan import Plan, Route
from web.i18n import priority_label, translator, visit_type_label
from web.views.clock import clock_text, overdue_text, percent, plan_minute
from web.views.names import region_name
from web.views.palette import technician_colour

LABEL_WIDTH = 170
PLOT_WIDTH = 900
ROW_HEIGHT = 30
BAR_HEIGHT = 18
AXIS_HEIGHT = 22
#: Room right of the plot for the last hour's label.
RIGHT_MARGIN = 24

#: A piece of a day: (kind, start minute, end minute, visit id or None).
Piece = tuple[str, int, int, str | None]


def text_width(text: str, size: float = 11) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about half as wide."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.58 for ch in text)


def _carve(pieces: Iterable[Piece], start: int, end: int) -> list[Piece]:
    """Cut [start, end) out of the travel and waiting pieces it falls into."""
    out: list[Piece] = []
    for kind, a, b, visit in pieces:
        if kind in ("travel", "idle") and a < end and start < b:
            out += [(kind, a, max(a, start), visit), (kind, min(b, end), b, visit)]
        else:
            out.append((kind, a, b, visit))
    return out


def route_pieces(route: Route, plan: Plan) -> list[Piece]:
    """The route as consecutive pieces: drive to each stop, wait, serve; lunch; drive home."""
    pieces: list[Piece] = []
    previous = plan_minute(plan, route.depart)
    for stop in route.stops:
        arrival, start, end = (plan_minute(plan, value) for value in (stop.arrival, stop.start, stop.end))
        pieces += [
            ("travel", previous, arrival, stop.visit_id),
            ("idle", arrival, start, stop.visit_id),
            ("service", start, end, stop.visit_id),
        ]
        previous = end
    pieces.append(("travel", previous, plan_minute(plan, route.return_), None))
    if route.break_ is not None:
        lunch = (plan_minute(plan, route.break_.start), plan_minute(plan, route.break_.end))
        pieces = _carve(pieces, *lunch) + [("break", lunch[0], lunch[1], None)]
    return sorted((p for p in pieces if p[2] > p[1]), key=lambda p: (p[1], p[2]))


def clock_span(dataset: Dataset, plan: Plan) -> tuple[int, int]:
    """Whole hours from the earliest shift start or departure to the latest shift end or return."""
    times = [t.shift_start for t in dataset.technicians] + [t.shift_end for t in dataset.technicians]
    for route in plan.routes:
        times += [plan_minute(plan, route.depart), plan_minute(plan, route.return_)]
    first, last = (min(times), max(times)) if times else (8 * 60, 18 * 60)
    start, end = first // 60 * 60, -(-last // 60) * 60
    return start, max(end, start + 60)


class Scale:
    """Minutes on the clock to x in SVG units."""

    def __init__(self, start: int, end: int):
        self.start, self.end = start, end

    def x(self, minute: int) -> float:
        """Position of a clock minute."""
        return round(LABEL_WIDTH + (minute - self.start) / (self.end - self.start) * PLOT_WIDTH, 1)

    def w(self, a: int, b: int) -> float:
        """Width of the span from minute ``a`` to ``b``."""
        return round((b - a) / (self.end - self.start) * PLOT_WIDTH, 1)


def _segment(piece: Piece, dataset: Dataset, scale: Scale, y: float, lang: str) -> dict:
    kind, a, b, visit_id = piece
    segment: dict[str, Any] = {
        "kind": kind,
        "css": f"seg-{kind}",
        "x": scale.x(a),
        "w": scale.w(a, b),
        "y": y,
        "h": BAR_HEIGHT,
        "start": clock_text(a),
        "end": clock_text(b),
        "visit_id": visit_id,
        "label": "",
    }
    if kind == "service" and visit_id is not None:
        visit = dataset.visit(visit_id)
        type_label = visit_type_label(visit.type, lang)
        overdue = overdue_text(visit, dataset.settings.date, lang)
        segment.update(
            css=f"seg-service seg-p{visit.priority}" + (" seg-overdue" if overdue else ""),
            overdue=overdue,
            type_label=type_label,
            priority=visit.priority,
            priority_label=priority_label(visit.priority, lang),
            customer=visit.customer,
            district=region_name(dataset, visit.region, lang),
        )
        for label in (type_label, visit.id):
            if text_width(label, 10) + 6 <= segment["w"]:
                segment["label"] = label
                break
    return segment


def _row(
    index: int,
    technician: Technician,
    route: Route | None,
    load: dict,
    dataset: Dataset,
    plan: Plan,
    scale: Scale,
    lang: str,
    link: str | None,
) -> dict:
    t = translator(lang)
    top = AXIS_HEIGHT + index * ROW_HEIGHT
    bar_y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
    pieces = route_pieces(route, plan) if route else []
    return {
        "technician_id": technician.id,
        "name": technician.name or technician.id,
        "colour": technician_colour(index),
        "link": link,
        "y": top,
        "text_y": top + 13,
        "summary_y": top + 25,
        "summary": t("load", visits=load["visits"], utilisation=percent(load["utilisation"])),
        "shift": {
            "x": scale.x(technician.shift_start),
            "w": scale.w(technician.shift_start, technician.shift_end),
            "y": bar_y - 3,
            "h": BAR_HEIGHT + 6,
            "start": clock_text(technician.shift_start),
            "end": clock_text(technician.shift_end),
        },
        "segments": [_segment(p, dataset, scale, bar_y, lang) for p in pieces],
    }


def timeline(dataset: Dataset, plan: Plan, lang: str, link_for: Callable[[str], str | None]) -> dict:
    """Rows, hour ticks and the lunch window, all in SVG units of one ``width`` x ``height`` canvas."""
    start, end = clock_span(dataset, plan)
    scale = Scale(start, end)
    loads = {row["technician_id"]: row for row in technician_rows(dataset, plan.routes)}
    rows = [
        _row(i, tech, plan.route_of(tech.id), loads[tech.id], dataset, plan, scale, lang, link_for(tech.id))
        for i, tech in enumerate(dataset.technicians)
    ]
    height = AXIS_HEIGHT + len(rows) * ROW_HEIGHT + 4
    settings = dataset.settings
    links = crew_links(rows, plan, dataset, lang)
    return {
        "width": LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN,
        "height": height,
        "plot_x": LABEL_WIDTH,
        "plot_width": PLOT_WIDTH,
        "row_height": ROW_HEIGHT,
        "start": start,
        "end": end,
        "ticks": [{"x": scale.x(m), "label": clock_text(m)} for m in range(start, end + 1, 60)],
        "lunch": {
            "x": scale.x(settings.lunch_start),
            "w": scale.w(settings.lunch_start, settings.lunch_end),
            "y": AXIS_HEIGHT,
            "h": height - AXIS_HEIGHT,
        },
        "rows": rows,
        "crew_links": links,
    }


def crew_links(rows: list[dict], plan: Plan, dataset: Dataset, lang: str) -> list[dict]:
    """Mark each crew visit's bars (on every member's row) with the crew's names, and join them with a line.

    A crew visit is one job done by two or three people at once; the board
    shows it on each member's row, and the line tells the dispatch lead the
    bars are the same visit, so moving one means moving the others.
    """
    t = translator(lang)
    names = {tech.id: tech.name or tech.id for tech in dataset.technicians}
    crews = {stop.visit_id: stop.crew for route in plan.routes for stop in route.stops if stop.crew}
    bars: dict[str, list[dict]] = {}
    for row in rows:
        for segment in row["segments"]:
            crew = crews.get(segment["visit_id"]) if segment["kind"] == "service" else None
            if crew:
                members = [names.get(m, m) + (t("crew_lead") if i == 0 else "") for i, m in enumerate(crew)]
                segment["css"] += " seg-crew"
                segment["crew"] = t("crew_board", names="、".join(members) if lang == "zh" else ", ".join(members))
                bars.setdefault(segment["visit_id"], []).append(segment)
    return [
        {
            "visit_id": visit_id,
            "x": round(found[0]["x"] + 3, 1),
            "y1": min(s["y"] for s in found) + BAR_HEIGHT,
            "y2": max(s["y"] for s in found),
        }
        for visit_id, found in sorted(bars.items())
        if len(found) > 1
    ]
