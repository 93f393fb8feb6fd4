"""Equirectangular projection of a day's coordinates onto an SVG canvas.

A dispatch day spans a city, a few tens of kilometres, where a plain
equirectangular projection (longitude scaled by the cosine of the middle
latitude) is accurate to well under a percent; no map tiles are needed
and nothing is fetched from outside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from planner.travel import EARTH_RADIUS_KM

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
#: Smallest span drawn, in degrees, so one place (or two very close) still gets a sensible scale.
MIN_SPAN_DEG = 0.01


@dataclass(frozen=True)
class Projection:
    """Maps (lat, lon) to (x, y) in SVG units, north up, same scale on both axes."""

    west: float
    north: float
    kx: float
    scale: float
    left: float
    top: float
    width: float
    height: float

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        """SVG coordinates of a place, rounded to 0.1 unit."""
        x = self.left + (lon - self.west) * self.kx * self.scale
        y = self.top + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)

    def units_per_km(self) -> float:
        """SVG units per kilometre on the ground."""
        return self.scale / KM_PER_DEGREE


def fit(points: Sequence[tuple[float, float]], width: float, max_height: float, pad: float) -> Projection:
    """The largest projection of ``points`` that fits ``width`` x ``max_height`` inside ``pad``.

    The height shrinks to the points' shape, so a wide city gives a wide,
    low map; the width is fixed and the points are centred in it.
    """
    lats = [p[0] for p in points] or [0.0]
    lons = [p[1] for p in points] or [0.0]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    kx = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * kx, MIN_SPAN_DEG)
    span_y = max(north - south, MIN_SPAN_DEG)
    scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y)
    height = round(span_y * scale + 2 * pad, 1)
    left = pad + ((width - 2 * pad) - (east - west) * kx * scale) / 2
    top = pad + ((height - 2 * pad) - (north - south) * scale) / 2
    return Projection(west=west, north=north, kx=kx, scale=scale, left=left, top=top, width=width, height=height)


def scale_bar(projection: Projection, pad: float) -> dict:
    """A round-number kilometre bar about a fifth of the map wide, in the lower left corner."""
    per_km = projection.units_per_km()
    target = projection.width / 5 / per_km
    km = max((n for n in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500) if n <= target), default=0.5)
    return {"x": pad, "y": round(projection.height - pad / 2, 1), "w": round(km * per_km, 1), "label": f"{km:g} km"}
