"""The day as the compiled search reads it: one bundle of flat integer arrays, built once per problem.

Nodes are numbered as in the OR-Tools model: the technicians' bases
first (node v is vehicle v's base), then the visits, so that visit node
``node`` is visit ``node - vehicles`` of the problem. Lists of varying
length per visit (allowed technicians, parts) are stored compressed: the
entries of visit ``a`` are ``allowed_vehicle[allowed_from[a] : allowed_from[a + 1]]``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from planner.routing.problem import TRAVEL_COST_PER_MIN, RoutingProblem, vehicle_surcharge

#: Nearest visits a ruin may reach from its seed visit.
NEIGHBOURS = 100


class Instance(NamedTuple):
    """What the search never changes: costs, minutes, windows, rules and limits, per node or per vehicle."""

    #: Technicians (vehicles), so also the node number of the first visit.
    vehicles: int
    #: Cost of the arc between two nodes (travel minutes times the travel cost per minute).
    arc_cost: np.ndarray
    #: The same costs by arrival: row ``node`` holds the cost of the arc from every node to ``node`` (the
    #: transpose, or ``arc_cost`` itself when travel is the same both ways). Insertion reads the costs of
    #: reaching one visit from the places of many routes: along a row, not down a column of a table too
    #: large for the cache.
    arc_cost_in: np.ndarray
    #: Per vehicle and node, the surcharge of serving that node on that vehicle's route (preference, day).
    surcharge: np.ndarray
    #: Per pair of nodes, service minutes at the first plus travel minutes to the second.
    leg_min: np.ndarray
    #: Service minutes per node (0 at the bases).
    service_min: np.ndarray
    #: Earliest and latest service start per node (a base's latest is the shift end).
    window_open: np.ndarray
    window_close: np.ndarray
    #: Shift start per vehicle.
    shift_start: np.ndarray
    #: Per vehicle: owes a lunch break, the break's earliest and latest start, and its minutes.
    has_lunch: np.ndarray
    lunch_earliest: np.ndarray
    lunch_latest: np.ndarray
    lunch_min: np.ndarray
    #: Load per node and capacity per vehicle; visits per route at most.
    load: np.ndarray
    capacity: np.ndarray
    max_visits: np.ndarray
    #: Per vehicle, minutes of service and travel above which each minute costs a unit (balance of the day).
    fair_work: np.ndarray
    #: Per visit, the vehicles allowed to serve it (compressed, see the module doc).
    allowed_from: np.ndarray
    allowed_vehicle: np.ndarray
    #: Per visit, the cost of leaving it out.
    drop_penalty: np.ndarray
    #: Per visit, the parts it takes from stock and how many (compressed); stock per part.
    parts_from: np.ndarray
    part: np.ndarray
    part_quantity: np.ndarray
    stock: np.ndarray
    #: Per visit, the nearest other visits (node numbers), nearest first.
    nearest: np.ndarray
    #: Per visit, the arc cost from the nearest base (how far out it lies).
    from_base: np.ndarray
    #: Per vehicle, the first vehicle interchangeable with it (see ``kinds``).
    kind: np.ndarray
    #: Per node, the cost per minute its service starts after its window opens (urgent work early).
    start_cost: np.ndarray


def instance_of(problem: RoutingProblem) -> Instance:
    """The problem as flat integer arrays in the layout the compiled search reads."""
    m, n = problem.vehicles, len(problem.visit_ids)
    travel = np.asarray(problem.travel_min, dtype=np.int64)
    service = np.array(problem.service_min, dtype=np.int64)
    shifts = np.array(problem.shifts, dtype=np.int64).reshape(m, 2)
    opening = np.zeros(m + n, dtype=np.int64)
    closing = np.zeros(m + n, dtype=np.int64)
    closing[:m] = shifts[:, 1]
    windows = np.array(problem.windows, dtype=np.int64).reshape(n, 2)
    opening[m:], closing[m:] = windows[:, 0], windows[:, 1]
    rules = problem.breaks
    big = np.iinfo(np.int64).max // 4
    allowed = [tuple(vehicles) for vehicles in problem.allowed]
    parts: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for index, (_, users) in enumerate(problem.parts):
        for node, qty in users:
            parts[node - m].append((index, qty))
    cost = travel * TRAVEL_COST_PER_MIN
    surcharge = np.ascontiguousarray(vehicle_surcharge(problem), dtype=np.int64)
    return Instance(
        vehicles=m,
        arc_cost=cost,
        arc_cost_in=cost if np.array_equal(cost, cost.T) else np.ascontiguousarray(cost.T),
        surcharge=surcharge,
        leg_min=travel + service[:, None],
        service_min=service,
        window_open=opening,
        window_close=closing,
        shift_start=np.ascontiguousarray(shifts[:, 0]),
        has_lunch=np.array([rule is not None for rule in rules], dtype=np.bool_),
        lunch_earliest=np.array([rule.earliest if rule else 0 for rule in rules], dtype=np.int64),
        lunch_latest=np.array([rule.latest if rule else 0 for rule in rules], dtype=np.int64),
        lunch_min=np.array([rule.minutes if rule else 0 for rule in rules], dtype=np.int64),
        load=np.array(problem.loads if problem.loads else [0] * (m + n), dtype=np.int64),
        capacity=np.array(problem.capacities if problem.capacities else [big] * m, dtype=np.int64),
        max_visits=np.minimum(np.array(problem.max_visits, dtype=np.int64), n),
        fair_work=np.array(
            [
                target if target < end - start else big
                for target, (start, end) in zip(problem.balance_targets, problem.shifts)
            ],
            dtype=np.int64,
        ),
        allowed_from=np.cumsum([0] + [len(a) for a in allowed]).astype(np.int64),
        allowed_vehicle=np.array([v for a in allowed for v in a], dtype=np.int64),
        drop_penalty=np.array(problem.penalties, dtype=np.int64),
        parts_from=np.cumsum([0] + [len(p) for p in parts]).astype(np.int64),
        part=np.array([i for p in parts for i, _ in p], dtype=np.int64),
        part_quantity=np.array([q for p in parts for _, q in p], dtype=np.int64),
        stock=np.array([stock for stock, _ in problem.parts], dtype=np.int64),
        nearest=_nearest(cost, m, n),
        from_base=cost[:m, m:].min(axis=0) if m else np.zeros(n, dtype=np.int64),
        kind=kinds(problem, travel, surcharge, m),
        start_cost=np.array([0] * m + list(problem.start_costs or [0] * n), dtype=np.int64),
    )


def kinds(problem: RoutingProblem, travel: np.ndarray, surcharge: np.ndarray, m: int) -> np.ndarray:
    """Per person, the first person interchangeable with them (same base, day, break, limits and costs).

    An empty route of one of them is as good as an empty route of any
    other, so recreate tries one per kind (a classical fleet is all one kind).
    """
    allowed = np.zeros((m, len(problem.allowed)), dtype=np.bool_)
    for a, vehicles in enumerate(problem.allowed):
        allowed[list(vehicles), a] = True
    first_of_kind: dict[tuple, int] = {}
    kind = np.arange(m, dtype=np.int64)
    for v in range(m):
        key = (
            travel[v, m:].tobytes(),
            travel[m:, v].tobytes(),
            surcharge[v, m:].tobytes(),
            int(surcharge[v, v]),
            tuple(problem.shifts[v]),
            repr(problem.breaks[v]),
            problem.max_visits[v],
            problem.capacities[v] if problem.capacities else None,
            problem.balance_targets[v],
            allowed[v].tobytes(),
        )
        kind[v] = first_of_kind.setdefault(key, v)
    return kind


def _nearest(cost: np.ndarray, m: int, n: int) -> np.ndarray:
    """Per visit, the nearest other visits (node numbers), nearest first."""
    k = min(NEIGHBOURS, n - 1)
    between = cost[m:, m:] + cost[m:, m:].T
    np.fill_diagonal(between, np.iinfo(np.int64).max)
    nearest = np.argsort(between, axis=1, kind="stable")[:, :k]
    return (nearest + m).astype(np.int64)
