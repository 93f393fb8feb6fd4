"""The contract's default travel model, as numbers the solver can use.

distance_km = haversine (R = 6371.0088 km) x road_factor;
travel_min = ceil(distance_km / speed_kmh x 60).

Matrices are computed with numpy for speed on large days; entries whose
minutes fall within a hair of a whole number are recomputed with the
scalar formula, so that rounding never differs from what an independent
checker gets with ``math``.

They grow with the square of the places: a 100,000-visit day on one model
would need hundreds of GB and end in numpy's "Unable to allocate". The
memory is estimated first and a day beyond the limit (``PLANNER_MATRIX_MEMORY_MB``,
by default half the machine's memory) is refused as input the planner
cannot take, naming the limit.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from planner.problems import InvalidInput, Problem

EARTH_RADIUS_KM = 6371.0088
#: The operator's limit on the memory one day's matrices may take, in MB.
MATRIX_MEMORY_ENV = "PLANNER_MATRIX_MEMORY_MB"
#: Bytes per pair of places while the matrices are built: the two results (km, minutes) and the
#: formula's float temporaries peak at 48 (measured with tracemalloc); 64 leaves room for what the
#: routing problem derives from them.
BYTES_PER_PAIR = 64


def matrix_bytes(places: int) -> int:
    """About the peak memory of building the matrices between ``places`` places."""
    return places * places * BYTES_PER_PAIR


def matrix_memory_limit() -> int:
    """Bytes the matrices may take: ``PLANNER_MATRIX_MEMORY_MB``, else half the machine's (or container's) memory."""
    given = os.environ.get(MATRIX_MEMORY_ENV, "").strip()
    if given:
        try:
            megabytes = float(given)
        except ValueError:
            megabytes = math.nan
        if not math.isfinite(megabytes) or megabytes <= 0:
            raise InvalidInput(
                [
                    Problem(
                        MATRIX_MEMORY_ENV,
                        None,
                        None,
                        f"{MATRIX_MEMORY_ENV}={given} is not a number of megabytes above 0, such as 4096",
                    )
                ]
            )
        return int(megabytes * 2**20)
    return _machine_memory() // 2


def _machine_memory() -> int:
    """The memory this process may use: the container's limit (cgroup v2) when lower than the machine's."""
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        physical = 16 * 2**30
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text(encoding="ascii").strip()
    except OSError:
        return physical
    return min(physical, int(limit)) if limit.isdigit() else physical


def _check_memory(places: int) -> None:
    """Refuse, as input the planner cannot take, matrices larger than the limit."""
    needed, limit = matrix_bytes(places), matrix_memory_limit()
    if needed > limit:
        message = (
            f"the day's travel matrices between {places} places (technicians' bases and visits "
            f"planned together) would need about {needed / 2**20:,.0f} MB, above the limit of "
            f"{limit / 2**20:,.0f} MB ({MATRIX_MEMORY_ENV}, by default half the machine's memory); "
            "plan fewer visits at once, or raise the limit on a machine with more memory"
        )
        raise InvalidInput([Problem("visits", None, None, message)])


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
        """Distance (km, float) and travel time (minutes, int64) between all points.

        Raises ``InvalidInput`` when they would take more memory than the limit.
        """
        _check_memory(len(points))
        coords = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2))
        lat = coords[:, 0][:, None]
        lon = coords[:, 1][:, None]
        a = np.sin((lat.T - lat) / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin((lon.T - lon) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a))) * self.road_factor
        raw = km / self.speed_kmh * 60
        minutes = np.ceil(raw).astype(np.int64)
        for i, j in zip(*np.nonzero(np.abs(raw - np.rint(raw)) < 1e-6)):
            exact = self.km(points[i], points[j])
            km[i, j] = exact
            minutes[i, j] = self.minutes_for_km(exact)
        return km, minutes
