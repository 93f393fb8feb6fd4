"""The figures a plan reports, recomputed: per-route travel and the plan's totals.

Dispatch leads and managers read ``travel_km``, ``travel_min`` and the
``kpis`` block, never the legs behind them. A plan written by hand, by
another tool or damaged on the way can keep every hard rule and still
report NaN kilometres, 1e308 minutes or a served count that does not match
its routes; the pages and comparisons would then show nonsense as fact.
So ``planner check`` recomputes what can be recomputed from the routes and
the contract's travel model (passed in by ``planner.check``, which owns it)
and names every figure that does not match, allowing for rounding.

Only figures that are present are checked: a hand-written plan without
``kpis`` or a stop without ``travel_km`` is not wrong for that.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from planner.domain import Dataset

#: How far a reported figure may lie from its recomputed value (rounding to 2 decimals,
#: then adding rounded figures up, never drifts this far on a real day).
KM_TOLERANCE = 0.1
MIN_TOLERANCE = 1

Point = tuple[float, float]


@dataclass(frozen=True)
class Figure:
    """One reported figure that is not what it should be."""

    message: str
    technician_id: str | None = None
    visit_id: str | None = None


def _number(value: object) -> float | None:
    """A JSON number as float, or None when it is not one (bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _listed(mapping: Mapping, key: str) -> list | tuple:
    """The list under ``key``; empty when it is missing or not a list."""
    value = mapping.get(key)
    return value if isinstance(value, (list, tuple)) else []


def _show(value: float) -> str:
    """A figure as a person reads it: 61.2, 141, nan, inf, 1e+308."""
    if not math.isfinite(value) or abs(value) >= 1e9:
        return repr(value)
    return f"{value:.2f}".rstrip("0").rstrip(".")


class FigureChecker:
    """Compares the figures of a raw ``plan.json`` with the ones its routes imply."""

    def __init__(self, dataset: Dataset, travel: Callable[[Point, Point], tuple[float, int]]) -> None:
        self.dataset = dataset
        self.travel = travel
        self.technicians = {t.id: t for t in dataset.technicians}
        self.visits = {v.id: v for v in dataset.visits}

    def problems(self, plan: Mapping) -> Iterator[Figure]:
        """Every figure of the plan that is not finite or does not match its recomputed value."""
        routes = (
            [r for r in plan.get("routes") or () if isinstance(r, Mapping)]
            if isinstance(plan.get("routes"), (list, tuple))
            else []
        )
        for route in routes:
            yield from self.route(route)
        kpis = plan.get("kpis")
        if isinstance(kpis, Mapping):
            yield from self.totals(plan, routes, kpis)

    def legs(self, route: Mapping) -> list[tuple[float, int]] | None:
        """Base -> stops -> base under the travel model; None when a place is unknown."""
        technician_id = route.get("technician_id")
        technician = self.technicians.get(technician_id) if isinstance(technician_id, str) else None
        stops = route.get("stops")
        if technician is None or not isinstance(stops, (list, tuple)):
            return None
        places: list[Point] = [(technician.base_lat, technician.base_lon)]
        for stop in stops:
            visit_id = stop.get("visit_id") if isinstance(stop, Mapping) else None
            visit = self.visits.get(visit_id) if isinstance(visit_id, str) else None
            if visit is None:
                return None
            places.append((visit.lat, visit.lon))
        places.append(places[0])
        return [self.travel(a, b) for a, b in itertools.pairwise(places)]

    def route(self, route: Mapping) -> Iterator[Figure]:
        """A route's travel_km against the sum of its legs, and each stop's against its leg.

        The route's travel_min is the ``travel_total`` rule's (exact, whole
        minutes), so it is not reported twice.
        """
        technician_id = route.get("technician_id")
        who = technician_id if isinstance(technician_id, str) else "?"
        legs = self.legs(route)
        stops = _listed(route, "stops")
        if "travel_km" in route:
            value = _number(route["travel_km"])
            if value is None or not math.isfinite(value):
                yield Figure(
                    f"The route of {who} reports travel_km {route['travel_km']!r}, which is not a finite number.",
                    technician_id,
                )
            elif legs is not None and abs(value - sum(km for km, _ in legs)) > KM_TOLERANCE + 1e-9:
                yield Figure(
                    f"The route of {who} reports travel_km {_show(value)} but its {len(legs)} legs "
                    f"add up to {_show(sum(km for km, _ in legs))} km under the travel model.",
                    technician_id,
                )
        for n, stop in enumerate(stops):
            if not isinstance(stop, Mapping) or "travel_km" not in stop:
                continue
            visit_id = stop.get("visit_id")
            value = _number(stop["travel_km"])
            if value is None or not math.isfinite(value):
                yield Figure(
                    f"The stop of {who} at visit {visit_id} reports travel_km {stop['travel_km']!r}, "
                    "which is not a finite number.",
                    technician_id,
                    visit_id,
                )
            elif legs is not None and abs(value - legs[n][0]) > KM_TOLERANCE + 1e-9:
                yield Figure(
                    f"The stop of {who} at visit {visit_id} reports travel_km {_show(value)} but the "
                    f"leg to it is {_show(legs[n][0])} km under the travel model.",
                    technician_id,
                    visit_id,
                )

    def totals(self, plan: Mapping, routes: list[Mapping], kpis: Mapping) -> Iterator[Figure]:
        """The kpis that follow from the routes and the unassigned list alone."""
        served = sum(len(r["stops"]) for r in routes if isinstance(r.get("stops"), (list, tuple)))
        unassigned = plan.get("unassigned")
        expected: dict[str, tuple[float, float, str]] = {
            "visits_total": (len(self.dataset.visits), 0, "the dataset's visits"),
            "visits_served": (served, 0, "the stops on the routes"),
        }
        if isinstance(unassigned, (list, tuple)):
            expected["visits_unassigned"] = (len(unassigned), 0, "the entries in unassigned")
        for key, tolerance in (("travel_km", KM_TOLERANCE), ("travel_min", MIN_TOLERANCE)):
            figures = [_number(r.get(key)) for r in routes]
            finite = [f for f in figures if f is not None and math.isfinite(f)]
            if len(finite) == len(figures):
                expected[key] = (sum(finite), tolerance, f"the routes' {key} added up")
        for key, (value, tolerance, what) in expected.items():
            if key not in kpis:
                continue
            reported = _number(kpis[key])
            if reported is None or not math.isfinite(reported):
                yield Figure(f"The plan's kpis report {key} {kpis[key]!r}, which is not a finite number.")
            elif abs(reported - value) > tolerance + 1e-9:
                yield Figure(f"The plan's kpis report {key} {_show(reported)} but {what} come to {_show(value)}.")
        yield from self.counts(plan, routes, kpis)
        yield from self.rows(routes, kpis)

    def counts(self, plan: Mapping, routes: list[Mapping], kpis: Mapping) -> Iterator[Figure]:
        """Routes used, reasons counted and visits served by priority, as the routes and unassigned list say."""
        if "technicians_used" in kpis and kpis["technicians_used"] != len(routes):
            yield Figure(
                f"The plan's kpis report technicians_used {kpis['technicians_used']!r} but the plan "
                f"has {len(routes)} routes."
            )
        unassigned = plan.get("unassigned")
        if "unassigned_by_reason" in kpis and isinstance(unassigned, (list, tuple)):
            reasons = Counter(str(item.get("reason_code")) for item in unassigned if isinstance(item, Mapping))
            if kpis["unassigned_by_reason"] != dict(reasons):
                yield Figure(
                    f"The plan's kpis report unassigned_by_reason {kpis['unassigned_by_reason']!r} but "
                    f"the unassigned list counts {dict(sorted(reasons.items()))}."
                )
        if "served_by_priority" in kpis:
            routed = {
                stop.get("visit_id") for r in routes for stop in r.get("stops") or () if isinstance(stop, Mapping)
            }
            served = Counter(str(v.priority) for v in self.dataset.visits if v.id in routed)
            total = Counter(str(v.priority) for v in self.dataset.visits)
            expected = {p: {"served": served[p], "total": total[p]} for p in sorted(total)}
            if kpis["served_by_priority"] != expected:
                yield Figure(
                    f"The plan's kpis report served_by_priority {kpis['served_by_priority']!r} but the "
                    f"routes serve {expected}."
                )

    def rows(self, routes: list[Mapping], kpis: Mapping) -> Iterator[Figure]:
        """Each technician's row of the kpis: visits and travel as their route reports them (0 without one)."""
        rows = kpis.get("technicians")
        if not isinstance(rows, (list, tuple)):
            return
        by_id = {r.get("technician_id"): r for r in routes}
        for row in rows:
            if not isinstance(row, Mapping):
                continue
            technician_id = row.get("technician_id")
            route = by_id.get(technician_id, {})
            stops = _listed(route, "stops")
            expected = {
                "visits": (len(stops), 0),
                "travel_km": (_number(route.get("travel_km", 0.0)), KM_TOLERANCE),
                "travel_min": (_number(route.get("travel_min", 0)), MIN_TOLERANCE),
            }
            for key, (value, tolerance) in expected.items():
                if key not in row or value is None or not math.isfinite(value):
                    continue
                reported = _number(row[key])
                if reported is None or not math.isfinite(reported) or abs(reported - value) > tolerance + 1e-9:
                    yield Figure(
                        f"The kpis row of {technician_id} reports {key} {row[key]!r} but the route "
                        f"comes to {_show(value)}.",
                        technician_id if isinstance(technician_id, str) else None,
                    )
