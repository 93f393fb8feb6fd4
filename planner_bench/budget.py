"""What every solver run is given: the same time, threads and seed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """Seconds of search, threads a solver may use (only VROOM can), and a seed."""

    time_limit: float
    threads: int = 1
    seed: int = 0
