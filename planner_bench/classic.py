"""Classical benchmark instances (Solomon, Pillac TRSP) in one plain shape.

Both sets are points in the plane with Euclidean travel, time windows on
the start of service and a fleet; they differ in where vehicles live, in
capacity and in skills. One shape lets every solver adapter and the
checker handle both, and the integer form every solver needs is made in
one place (``ticks``) so that all of them see the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Integer ticks per unit of distance and time handed to solvers (x1000).
SCALE = 1000


@dataclass(frozen=True)
class Customer:
    """A request: place, load, service-start window, service time, required skill (None = any)."""

    id: str
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float
    skill: int | None = None


@dataclass(frozen=True)
class Vehicle:
    """A vehicle or technician: home (start and end), working window, capacity, skills (None = all)."""

    id: str
    x: float
    y: float
    start: float
    end: float
    capacity: int | None = None
    skills: frozenset[int] | None = None

    def can_do(self, customer: Customer) -> bool:
        """A customer asking for a skill may only go to a vehicle that has it."""
        return customer.skill is None or self.skills is None or customer.skill in self.skills


@dataclass(frozen=True)
class ClassicInstance:
    """One instance; ``best_known`` is on the objective named by ``objective``."""

    name: str
    customers: tuple[Customer, ...]
    vehicles: tuple[Vehicle, ...]
    best_known: float | None = None
    objective: str = "distance"
    best_known_note: str = ""

    @property
    def points(self) -> list[tuple[float, float]]:
        """Node layout shared by every adapter: vehicle homes first, then customers."""
        return [(v.x, v.y) for v in self.vehicles] + [(c.x, c.y) for c in self.customers]

    @property
    def horizon(self) -> float:
        """Latest moment of the instance: the last vehicle's end of day."""
        return max(v.end for v in self.vehicles)

    def allowed(self, customer: Customer) -> list[int]:
        """Indices of the vehicles that may serve ``customer``."""
        return [k for k, v in enumerate(self.vehicles) if v.can_do(customer)]


def distances(points: list[tuple[float, float]]) -> np.ndarray:
    """Euclidean distances in double precision (the convention of both sets)."""
    xy = np.asarray(points, dtype=np.float64)
    return np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))


def ticks(value: float) -> int:
    """A time or distance as whole ticks, rounded up.

    Rounding travel up makes every schedule a solver finds with ticks
    feasible in double precision too (starts can only be later than the
    true ones, and windows are whole numbers), so no solver can win by
    rounding. The ``round`` first keeps 5.0 x 1000 from becoming 5001.
    """
    return math.ceil(round(value * SCALE, 6))


def tick_matrix(points: list[tuple[float, float]]) -> np.ndarray:
    """The distance matrix in ticks (int64), see ``ticks``."""
    return np.ceil(np.round(distances(points) * SCALE, 6)).astype(np.int64)
