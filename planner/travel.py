"""The contract's default travel model, as numbers the solver can use.

distance_km = haversine (R = 6371.0088 km) x road_factor;
travel_min = ceil(distance_km / speed_kmh x 60).

Matrices are computed with numpy for speed on large days; entries whose
minutes fall within a hair of a whole number are recomputed with the
scalar formula, so that rounding never differs from what an independent
checker gets with ``math``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class TravelModel:
    """Speed and road factor of the day (from ``settings.yaml``)."""

    speed_kmh: float = 30.0
    road_factor: float = 1.3

    def km(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Road distance between two (lat, lon) points."""
        return haversine_km(a[0], a[1], b[0], b[1]) * self.road_factor

    def minutes_for_km(self, km: float) -> int:
        """Whole minutes needed to drive ``km``, rounded up."""
        return math.ceil(km / self.speed_kmh * 60)

    def minutes(self, a: tuple[float, float], b: tuple[float, float]) -> int:
        """Whole travel minutes between two (lat, lon) points."""
        return self.minutes_for_km(self.km(a, b))

    def matrices(self, points: Sequence[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Distance (km, float) and travel time (minutes, int64) between all points."""
        coords = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2))
        lat = coords[:, 0][:, None]
        lon = coords[:, 1][:, None]
        a = (
            np.sin((lat.T - lat) / 2) ** 2
            + np.cos(lat) * np.cos(lat.T) * np.sin((lon.T - lon) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a))) * self.road_factor
        raw = km / self.speed_kmh * 60
        minutes = np.ceil(raw).astype(np.int64)
        for i, j in zip(*np.nonzero(np.abs(raw - np.rint(raw)) < 1e-6)):
            exact = self.km(points[i], points[j])
            km[i, j] = exact
            minutes[i, j] = self.minutes_for_km(exact)
        return km, minutes
