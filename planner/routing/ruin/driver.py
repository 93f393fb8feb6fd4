"""The search from Python: first routes, annealing runs on threads, the final passes, routes back out."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from planner.routing.problem import RoutingProblem
from planner.routing.ruin.anneal import search, seed_generator
from planner.routing.ruin.instance import Instance, instance_of
from planner.routing.ruin.recreate import construct
from planner.routing.ruin.solution import Solution, copy_of, empty_solution
from planner.routing.ruin.sooner import sooner
from planner.routing.ruin.take_back import take_back

#: Start and end temperature of the annealing, in units of the mean cost of an arc of the first routes.
START_TEMPERATURE = 10.0
END_TEMPERATURE = 0.1
#: Iterations per call into compiled code: the caller's clock is read between chunks.
CHUNK = 200
#: Independent annealing runs from the first routes, each with an equal share of the work (or time); the
#: best is kept. One long run sometimes settles in a poor basin (a route too few, a priority 3 visit
#: short) that it cannot leave when cold; three shorter runs halved the mean Solomon gap of twelve hard
#: instances at 10 s and serve the sample's priority 3 visits more often (docs/benchmarks.md).
RUNS = 3


def improve(
    problem: RoutingProblem, iterations: int | None, seed: int = 0, deadline: float | None = None
) -> tuple[list[list[int]], bool]:
    """Routes (visit positions per vehicle) after ruin and recreate, and whether the work was all done.

    ``iterations`` bounds the work, so the same problem and seed give the
    same routes; ``deadline`` (a ``time.perf_counter`` value) cuts it short
    between chunks. With ``iterations`` None the search runs until the
    deadline and cools so that it is cold when the deadline comes (the
    benchmarks' mode: the clock decides). The work or time is shared by
    ``RUNS`` annealing runs from the same first routes; the best is kept.
    With two cores or more the runs go at once, one thread each (the
    compiled search releases the GIL): on two cores the system shares them
    among the three, where two threads left a core idle while the third
    run waited; on one core they go one after another. Each is seeded from
    ``seed`` and its number, so a work-bounded plan is the same on one
    core or several.
    """
    m = problem.vehicles
    instance = instance_of(problem)
    first = empty_solution(instance)
    seed_generator(seed)
    construct(instance, first)
    temperature = START_TEMPERATURE * _mean_arc(instance.arc_cost, first.routes, first.lengths)
    workers = RUNS if cores() > 1 else 1
    began = time.perf_counter()
    waves = -(-RUNS // workers)

    def run(index: int) -> tuple[Solution, bool]:
        """One annealing run on its own thread, with its own seed and its share of the work or time."""
        seed_generator(seed * RUNS + index + 1)
        share = None if iterations is None else iterations // RUNS + (index < iterations % RUNS)
        until = None if deadline is None else began + (deadline - began) * (index // workers + 1) / waves
        return _anneal(instance, first, share, until, temperature)

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(run, range(RUNS)))
    best, finished = first, all(done for _, done in results)
    for found, _ in results:
        if found.objective[0] < best.objective[0]:
            best = found
    take_back(instance, best)
    sooner(instance, best)
    plan = [[int(node) - m for node in best.routes[v, : best.lengths[v]]] for v in range(m)]
    return plan, iterations is not None and finished


def take_back_routes(problem: RoutingProblem, routes: Sequence[Sequence[int]]) -> list[list[int]] | None:
    """Run the take-back pass on routes found another way (visit positions per vehicle); None if nothing changed.

    Plans that start from an earlier plan (scenarios, re-plans) are searched
    by OR-Tools alone, which may stop with a visit left out that a free
    person could do, or that a less important visit stands in the way of.
    """
    m = problem.vehicles
    instance = instance_of(problem)
    solution = empty_solution(instance)
    if any(len(route) > solution.routes.shape[1] for route in routes):
        return None
    for v, route in enumerate(routes):
        for k, position in enumerate(route):
            node = m + position
            solution.routes[v, k] = node
            solution.route_of[node] = v
            solution.route_load[v] += instance.load[node]
            for p in range(instance.parts_from[position], instance.parts_from[position + 1]):
                solution.parts_used[instance.part[p]] += instance.part_quantity[p]
        solution.lengths[v] = len(route)
    before = [list(route) for route in routes] + [[] for _ in range(m - len(routes))]
    take_back(instance, solution)
    after = [[int(node) - m for node in solution.routes[v, : solution.lengths[v]]] for v in range(m)]
    return None if after == before else after


def cores() -> int:
    """Cores this process may run on (what the annealing runs share)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _anneal(
    instance: Instance, first: Solution, iterations: int | None, deadline: float | None, temperature: float
) -> tuple[Solution, bool]:
    """One annealing run from the first routes: the best solution it saw, and whether it did all its work."""
    state = copy_of(first)
    best = copy_of(first)
    final = temperature * END_TEMPERATURE / START_TEMPERATURE
    began = time.perf_counter()
    done = 0
    while (iterations is None or done < iterations) and (deadline is None or time.perf_counter() < deadline):
        if iterations is not None:
            left: int | None = iterations - done
        else:
            assert deadline is not None, "a run without an iteration count has a deadline"
            left = _iterations_left(done, began, deadline)
        # By the clock the first chunk runs at the start temperature: until its pace is known, cooling
        # to the end temperature within that chunk left the rest of the run cold, a plain descent.
        cooling = 1.0 if left is None else (final / temperature) ** (1.0 / max(1, left))
        chunk = CHUNK if left is None else min(CHUNK, left)
        temperature = search(instance, state, best, chunk, temperature, cooling)
        done += chunk
    return best, iterations is not None and done >= iterations


def _mean_arc(cost: np.ndarray, routes: np.ndarray, lengths: np.ndarray) -> float:
    """Mean cost of an arc of the given routes: the scale of the annealing temperature."""
    total, arcs = 0, 0
    for v, length in enumerate(lengths):
        if length:
            path = np.r_[v, routes[v, :length], v]
            total += int(cost[path[:-1], path[1:]].sum())
            arcs += int(length) + 1
    return max(1.0, total / max(1, arcs))


def _iterations_left(done: int, began: float, deadline: float) -> int | None:
    """How many more iterations fit before the deadline at the pace so far; None before any pace is known."""
    spent = time.perf_counter() - began
    if done == 0 or spent <= 0:
        return None
    return max(1, int(done * (deadline - time.perf_counter()) / spent))
