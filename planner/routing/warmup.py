"""Compile the search ahead of the first plan that needs it.

The ruin-and-recreate phase is compiled by numba on first use (about 40 s
on a new installation, then loaded from the cache beside the sources in
well under a second). ``solve`` calls ``warm_up`` first and does not
count a compilation against the plan's time limit (loading the cache
counts, as any other start-up work); a server calls it before it
listens, so that no request waits for it and runs into a client's or a
proxy's timeout. It runs once per process.
"""

from __future__ import annotations

from functools import cache


@cache
def warm_up() -> bool:
    """Run the compiled entry points (first routes, the search, the take-back and sooner passes) on a tiny
    generated day; True when that compiled them (no usable cache), False when they were loaded."""
    from planner.demo import generate_day
    from planner.eligibility import eligibility
    from planner.routing.problem import build_problem
    from planner.routing.ruin import construct, improve, search, sooner, take_back

    dataset = generate_day(4, 2, seed=1)
    improve(build_problem(dataset, eligibility(dataset)), iterations=1)
    return any(sum(entry.stats.cache_misses.values()) for entry in (construct, search, sooner, take_back))
