"""Peer solvers, each in its own module, imported only inside the run that uses it.

A peer module offers ``version()``, and ``solve_day(dataset, budget) ->
Plan`` and/or ``solve_classic(instance, budget) -> routes`` for the kinds
of suite it can express. ``available`` tells, without importing a peer,
whether its package is installed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Peer:
    """A peer: its module here and the package it needs."""

    name: str
    module: str
    package: str

    def available(self) -> bool:
        """True when the peer's package can be imported."""
        return importlib.util.find_spec(self.package) is not None


PEERS: dict[str, Peer] = {
    "vroom": Peer("vroom", "planner_bench.peers.vroom", "vroom"),
    "ortools": Peer("ortools", "planner_bench.peers.ortools_plain", "ortools"),
    "pyvrp": Peer("pyvrp", "planner_bench.peers.pyvrp", "pyvrp"),
}
