"""Route maps: the board's overview and a technician's sketch, as SVG and for the tile map.

Bases are squares (shared bases drawn once), stops numbered per route in
each technician's colour, unassigned visits hollow grey dots, and each
region labelled at the middle of its visits. The SVG needs nothing from
outside and is what prints and what shows when tiles cannot load;
``live_map`` gives the same routes to the page's Leaflet map.
"""

from __future__ import annotations

from statistics import fmean

from planner.domain import Dataset
from planner.plan import Plan
from web.i18n import reason_label, visit_type_label
from web.views.clock import plan_clock
from web.views.geo import Projection, fit, scale_bar
from web.views.names import region_name
from web.views.palette import technician_colour
from web.views.tiles import TileSource

OVERVIEW_WIDTH, OVERVIEW_MAX_HEIGHT = 640, 460
SKETCH_WIDTH, SKETCH_MAX_HEIGHT = 360, 280
PAD = 22


def _stop(n: int, stop, dataset: Dataset, plan: Plan, projection: Projection, lang: str) -> dict:
    visit = dataset.visit(stop.visit_id)
    x, y = projection.point(visit.lat, visit.lon)
    return {
        "n": n,
        "x": x,
        "y": y,
        "visit_id": visit.id,
        "type_label": visit_type_label(visit.type, lang),
        "start": plan_clock(plan, stop.start),
        "customer": visit.customer,
        "district": region_name(dataset, visit.region, lang),
    }


def _region_labels(dataset: Dataset, projection: Projection, lang: str) -> list[dict]:
    by_region: dict[str, list[tuple[float, float]]] = {}
    for visit in dataset.visits:
        if visit.region:
            by_region.setdefault(visit.region, []).append((visit.lat, visit.lon))
    labels = []
    for region, places in sorted(by_region.items()):
        x, y = projection.point(fmean(p[0] for p in places), fmean(p[1] for p in places))
        labels.append({"x": x, "y": y, "label": region_name(dataset, region, lang)})
    return labels


def route_map(
    dataset: Dataset, plan: Plan, lang: str, technician_ids: list[str] | None = None, sketch: bool = False
) -> dict:
    """Map of the routes of ``technician_ids`` (all when None); the overview adds unassigned visits and regions."""
    chosen = [(i, t) for i, t in enumerate(dataset.technicians) if technician_ids is None or t.id in technician_ids]
    routes = [(i, t, plan.route_of(t.id)) for i, t in chosen]
    unassigned = [] if sketch else [(u, dataset.visit(u.visit_id)) for u in plan.unassigned]
    places = [(t.base_lat, t.base_lon) for _, t, _ in routes]
    places += [
        (dataset.visit(s.visit_id).lat, dataset.visit(s.visit_id).lon) for _, _, r in routes if r for s in r.stops
    ]
    places += [(v.lat, v.lon) for _, v in unassigned]
    width, max_height = (SKETCH_WIDTH, SKETCH_MAX_HEIGHT) if sketch else (OVERVIEW_WIDTH, OVERVIEW_MAX_HEIGHT)
    projection = fit(places, width, max_height, PAD)
    drawn: list[dict] = []
    bases: dict[tuple[float, float], list[str]] = {}
    for index, tech, route in routes:
        base = projection.point(tech.base_lat, tech.base_lon)
        bases.setdefault(base, []).append(tech.name or tech.id)
        if route is None:
            continue
        stops = [_stop(n, s, dataset, plan, projection, lang) for n, s in enumerate(route.stops, start=1)]
        line = [base] + [(s["x"], s["y"]) for s in stops] + [base]
        drawn.append(
            {
                "technician_id": tech.id,
                "name": tech.name or tech.id,
                "colour": technician_colour(index),
                "points": " ".join(f"{x},{y}" for x, y in line),
                "stops": stops,
            }
        )
    return {
        "width": projection.width,
        "height": projection.height,
        "routes": drawn,
        "bases": [
            {"x": x, "y": y, "names": "、".join(names) if lang == "zh" else ", ".join(names)}
            for (x, y), names in bases.items()
        ],
        "unassigned": [
            {
                "x": p[0],
                "y": p[1],
                "visit_id": v.id,
                "reason_label": reason_label(u.reason_code, lang),
                "customer": v.customer,
                "district": region_name(dataset, v.region, lang),
            }
            for u, v in unassigned
            for p in [projection.point(v.lat, v.lon)]
        ],
        "regions": [] if sketch else _region_labels(dataset, projection, lang),
        "scale": scale_bar(projection, PAD),
    }


def live_map(
    dataset: Dataset,
    plan: Plan,
    lang: str,
    tiles: TileSource,
    technician_ids: list[str] | None = None,
    sketch: bool = False,
) -> dict:
    """The same routes for the tile map (``web/static/js/map.js``), placed in the tiles' coordinates.

    Stops carry their order, time, visit id, type and district, never the
    customer, so the data the page hands to its script holds no personal data.
    """
    chosen = [(i, t) for i, t in enumerate(dataset.technicians) if technician_ids is None or t.id in technician_ids]
    routes: list[dict] = []
    bases: dict[tuple[float, float], list[str]] = {}
    for index, tech in chosen:
        base = tiles.place(tech.base_lat, tech.base_lon)
        bases.setdefault(base, []).append(tech.name or tech.id)
        route = plan.route_of(tech.id)
        if route is None:
            continue
        stops = []
        for n, stop in enumerate(route.stops, start=1):
            visit = dataset.visit(stop.visit_id)
            stops.append(
                {
                    "n": n,
                    "at": tiles.place(visit.lat, visit.lon),
                    "label": f"{tech.name or tech.id} {n}. {plan_clock(plan, stop.start)} {visit.id} "
                    f"{visit_type_label(visit.type, lang)} · {region_name(dataset, visit.region, lang)}",
                }
            )
        routes.append(
            {
                "name": tech.name or tech.id,
                "colour": technician_colour(index),
                "stops": stops,
                "line": [base, *(s["at"] for s in stops), base],
            }
        )
    joiner = "、" if lang == "zh" else ", "
    unassigned = [] if sketch else [dataset.visit(u.visit_id) for u in plan.unassigned]
    return {
        "tiles": tiles.leaflet(),
        "routes": routes,
        "bases": [{"at": at, "label": joiner.join(names)} for at, names in bases.items()],
        "unassigned": [
            {
                "at": tiles.place(v.lat, v.lon),
                "label": f"{v.id} · {reason_label(u.reason_code, lang)} · {region_name(dataset, v.region, lang)}",
            }
            for u, v in zip(plan.unassigned, unassigned)
        ],
    }
