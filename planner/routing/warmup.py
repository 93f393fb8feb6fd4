"""Compile the search ahead of the first plan that needs it.

The ruin-and-recreate phase is compiled by numba on first use (about 40 s
on a new installation, then loaded from the cache beside the sources in
well under a second). ``solve`` calls ``warm_up`` first and does not
count a compilation against the plan's time limit (loading the cache
counts, as any other start-up work); a server calls it before it
listens, so that no request waits for it and runs into a client's or a
proxy's timeout. It runs once per process.

The warm-up problem is written here, as plain numbers: the solver
package compiles without reading or generating a dataset. It has what
makes the search take every path a day takes (a lunch break, a preferred
technician, a part short in stock, urgent work with a start cost, a
visit only one person may do); the compiled functions see the same array
types whatever the problem, so compiling on it serves every later plan.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from planner.routing.problem import (
    PREFERENCE_MINUTES,
    START_COST_PER_MIN,
    TRAVEL_COST_PER_MIN,
    BreakRule,
    RoutingProblem,
)

#: Minutes between the two bases (nodes 0, 1) and four visits (nodes 2-5), symmetric.
_TRAVEL = np.array(
    [
        [0, 20, 15, 25, 30, 20],
        [20, 0, 25, 15, 20, 30],
        [15, 25, 0, 10, 20, 15],
        [25, 15, 10, 0, 15, 20],
        [30, 20, 20, 15, 0, 10],
        [20, 30, 15, 20, 10, 0],
    ],
    dtype=np.int64,
)


def warm_up_problem() -> RoutingProblem:
    """Two technicians (08:00-17:00, lunch 12:00-13:00) and four visits, in minutes of the day."""
    lunch = BreakRule(earliest=12 * 60, latest=13 * 60, minutes=30)
    return RoutingProblem(
        technician_ids=("T1", "T2"),
        visit_ids=("V1", "V2", "V3", "V4"),
        travel_min=_TRAVEL,
        travel_km=_TRAVEL.astype(float) / 2,
        service_min=(0, 0, 60, 45, 90, 30),
        windows=((8 * 60, 10 * 60), (9 * 60, 12 * 60), (13 * 60, 16 * 60), (8 * 60, 17 * 60)),
        shifts=((8 * 60, 17 * 60), (8 * 60, 17 * 60)),
        max_visits=(4, 4),
        allowed=((0, 1), (0, 1), (1,), (0, 1)),
        penalties=(4_000_000, 2_000_000, 1_000_000, 500_000),
        preferred=(-1, 0, -1, -1),
        parts=((1, ((2, 1), (5, 1))),),
        breaks=(lunch, lunch),
        balance_targets=(240, 240),
        preference_cost=PREFERENCE_MINUTES * TRAVEL_COST_PER_MIN,
        target_starts=(None, None, None, None),
        start_costs=(START_COST_PER_MIN[1], START_COST_PER_MIN[2], 0, 0),
    )


@cache
def warm_up() -> bool:
    """Run the compiled entry points (first routes, the search, the take-back and sooner passes) on a tiny
    problem; True when that compiled them (no usable cache), False when they were loaded."""
    from planner.routing.ruin import construct, improve, search, sooner, take_back

    improve(warm_up_problem(), iterations=1)
    return any(sum(entry.stats.cache_misses.values()) for entry in (construct, search, sooner, take_back))
