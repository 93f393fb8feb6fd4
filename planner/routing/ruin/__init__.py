"""Ruin and recreate: the compiled search that finds a fresh plan's routes.

OR-Tools' local search checks every move against the whole constraint
model and explores about a hundred thousand moves a second; on a day of
200 visits and 30 technicians its first descent alone uses ten seconds.
This package searches the same problem (windows, shifts, lunch breaks,
skills and regions as allowed technicians, visit caps, loads, shared
parts stock, drop penalties, the preferred-technician surcharge and the
balance of the day) with slack-string removal and greedy reinsertion
(into the routes near each visit first: on 1,000 customers, trying every
route was most of an iteration's time) under simulated annealing
(Christiaens and Vanden Berghe's SISR),
compiled with numba so that it runs tens of thousands of iterations a
second on a typical day.
OR-Tools then checks its routes against the full model and puts them on
the clock (``planner.routing.solve``).

One module per job: ``instance`` (the day as arrays), ``solution`` (routes
and their bookkeeping), ``schedule`` (when stops may start: feasibility),
``cost`` (the objective), ``remove`` (the ruins), ``recreate`` (insertion,
and the first routes), ``tails`` (two routes exchanging their ends, the
move beside the ruins), ``anneal`` (the compiled loop), ``take_back`` and
``sooner`` (the final passes), ``driver`` (Python: runs, threads, seeds).

The day and a solution travel as named tuples of arrays (``Instance``,
``Solution``): a kernel reads ``instance.lunch_latest[vehicle]`` instead
of the 24th of 34 positional arguments, and ``solution.objective``
instead of ``state[5]``. That has a price, measured in CPU seconds on one
core (best of five runs of 100,000 iterations, the code before and after
in turns, the same hour): the sample 85,000-87,000 iterations a second
with positional arrays and 74,000-79,000 with the bundles, Solomon R101
43,500-48,600 and 42,800-44,600, up to a tenth. numba hands a bundle to
a compiled function as all of its arrays and counts references to each
(the compiled insertion step releases 146 references where it released 84).
Two remedies did not pay: reading every field out of the bundles once
per function instead of in the loops (no change), and small bundles of
their own for the timing and parts kernels (slower: 69,000 on the
sample). Plans are bounded by iterations, so the bundles change no plan
and cost a tenth of the search phase's seconds (0.03 s of the sample's
21,000 iterations; 0.1 s of a large day's 60,000); under the benchmarks'
clock they cost a tenth of the iterations. The bundles are kept because
the search is now read and changed by name.
The innermost step (``schedule.advance``) still takes plain numbers, not
arrays: there the references cost ten times the work itself.

Deterministic: numba's generator is seeded once and the work is counted
in iterations; the caller's clock only decides how many chunks run.

numba caches each compiled function beside the sources, but notices a
change only in the function's own file, not in the kernels it calls from
the other modules of this package; so on import, when any source here
changed, the package's cached code is dropped and compiled afresh.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from planner.routing.ruin.anneal import search, seed_generator
from planner.routing.ruin.driver import cores, improve, take_back_routes
from planner.routing.ruin.recreate import construct
from planner.routing.ruin.sooner import sooner
from planner.routing.ruin.take_back import take_back


def drop_stale_cache(package: Path) -> bool:
    """Delete numba's cached code in the package's ``__pycache__`` when any of its sources changed since
    it was cached; True when it did."""
    digest = hashlib.sha256()
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    fingerprint = digest.hexdigest()
    cache = package / "__pycache__"
    stamp = cache / "kernels.sha256"
    try:
        if stamp.read_text() == fingerprint:
            return False
    except OSError:
        pass
    try:
        cache.mkdir(exist_ok=True)
        for cached in [*cache.glob("*.nbi"), *cache.glob("*.nbc")]:
            cached.unlink(missing_ok=True)
        fresh = cache / f"kernels.{os.getpid()}.tmp"
        fresh.write_text(fingerprint)
        os.replace(fresh, stamp)
    except OSError:  # a read-only installation: numba keeps its cache elsewhere
        return False
    return True


# Before the first call into compiled code, which is when numba reads its cache.
drop_stale_cache(Path(__file__).resolve().parent)

__all__ = [
    "construct",
    "cores",
    "drop_stale_cache",
    "improve",
    "search",
    "seed_generator",
    "sooner",
    "take_back",
    "take_back_routes",
]
