"""Index-only routing problems for the bench: classical instances, and a day with every visit.

Our solver and the plain OR-Tools peer both read a ``RoutingProblem``, so
building it once here means the two differ only in model and search,
which is exactly what the comparison is meant to show.
"""

from __future__ import annotations

from planner.domain import Dataset
from planner.eligibility import Eligibility
from planner.routing import RoutingProblem, build_problem
from planner.routing.problem import TRAVEL_COST_PER_MIN
from planner_bench.classic import ClassicInstance, distances, tick_matrix, ticks


def classic_problem(instance: ClassicInstance) -> RoutingProblem:
    """A classical instance in ticks: no lunch, no parts, no balance, loads when there is a capacity.

    Every customer is optional at a penalty above any possible travel, so
    leaving one out never pays but an instance that cannot be served in
    full still yields a plan that says so.
    """
    m, n = len(instance.vehicles), len(instance.customers)
    travel = tick_matrix(instance.points)
    penalty = TRAVEL_COST_PER_MIN * int(travel.max()) * (n + m) + 1
    shifts = tuple((ticks(v.start), ticks(v.end)) for v in instance.vehicles)
    capacities = tuple(v.capacity for v in instance.vehicles if v.capacity is not None)
    return RoutingProblem(
        technician_ids=tuple(v.id for v in instance.vehicles),
        visit_ids=tuple(c.id for c in instance.customers),
        travel_min=travel,
        travel_km=distances(instance.points),
        service_min=tuple([0] * m + [ticks(c.service) for c in instance.customers]),
        windows=tuple((ticks(c.ready), ticks(c.due)) for c in instance.customers),
        shifts=shifts,
        max_visits=(n,) * m,
        allowed=tuple(tuple(instance.allowed(c)) for c in instance.customers),
        penalties=(penalty,) * n,
        preferred=(-1,) * n,
        parts=(),
        breaks=(None,) * m,
        balance_targets=tuple(end - start for start, end in shifts),
        horizon=ticks(instance.horizon),
        loads=tuple([0] * m + [c.demand for c in instance.customers]) if len(capacities) == m else (),
        capacities=capacities if len(capacities) == m else (),
    )


def day_problem(dataset: Dataset) -> RoutingProblem:
    """The day with every visit allowed to everyone, in dataset order.

    Peers get all visits and decide themselves what they can serve; this
    problem gives them (and the conversion of their answers to a plan) the
    contract's travel matrix in the node layout the timeline expects:
    technicians' bases first, then the visits.
    """
    everyone = tuple(t.id for t in dataset.technicians)
    allowed = Eligibility(allowed={v.id: everyone for v in dataset.visits}, excluded={})
    return build_problem(dataset, allowed)
