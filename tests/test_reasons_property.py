"""Over many generated hard days, no reason lies and no single swap would serve more important work.

Days with scarce shared parts, crowded arrival windows and few skilled
people are where the search may leave an urgent visit out while a routine
one keeps the part or the hour it needs. Two properties must hold on every
one of them:

- ``planner check`` finds nothing wrong, reasons included (each claim of
  each reason is true of the plan);
- no single swap, taking one less important planned visit out and putting
  a more important left-out visit in (anywhere it may go when the removed
  visit held a part it needs, else in the removed visit's route), gives
  routes that OR-Tools' full model accepts. OR-Tools is the judge here, not
  the compiled search that made the plan.
"""

from __future__ import annotations

import pytest

from planner.check import check
from planner.demo import generate_day
from planner.domain import Dataset
from planner.eligibility import eligibility
from planner.planning import plan_day
from planner.routing import build_problem
from planner.routing.model import build_model
from planner.routing.solve import SearchParams, search_parameters


def hard_day(seed: int) -> Dataset:
    """A generated day with a third of the parts stock, and every third visit crowded into 09:00-10:30."""
    day = generate_day(48, 7, seed)
    parts = tuple(p.model_copy(update={"stock": p.stock // 3}) for p in day.parts or ())
    visits = tuple(
        v.model_copy(update={"window_start": 540, "window_end": 630}) if i % 3 == 0 else v
        for i, v in enumerate(day.visits)
    )
    return day.model_copy(update={"parts": parts, "visits": visits})


def better_swaps(dataset: Dataset, plan) -> list[tuple[str, str]]:
    """(left-out visit, planned visit) pairs where one swap gives routes OR-Tools accepts."""
    problem = build_problem(dataset, eligibility(dataset))
    m = problem.vehicles
    model = build_model(problem)
    model.routing.CloseModelWithParameters(search_parameters(problem, SearchParams()))
    node = {vid: i for i, vid in enumerate(problem.visit_ids)}
    routes: list[list[int]] = [[] for _ in range(m)]
    for route in plan.routes:
        routes[problem.technician_ids.index(route.technician_id)] = [node[s.visit_id] for s in route.stops]

    def accepted(candidate: list[list[int]]) -> bool:
        indices = [[model.manager.NodeToIndex(m + p) for p in r] for r in candidate]
        return model.routing.ReadAssignmentFromRoutes(indices, True) is not None

    assert accepted(routes), "the plan's own routes must be accepted"
    date = dataset.settings.date
    visits = {v.id: v for v in dataset.visits}
    on = {p: v for v, r in enumerate(routes) for p in r}
    found = []
    for item in plan.unassigned:
        if item.visit_id not in node:
            continue
        wanted = visits[item.visit_id]
        for held, vehicle in on.items():
            other = visits[problem.visit_ids[held]]
            if other.importance(date)[0] <= wanted.importance(date)[0]:
                continue  # only strictly lower tiers: the search weighs travel against due dates within one
            targets = range(m) if set(other.parts) & set(wanted.parts) else [vehicle]
            base = [list(r) for r in routes]
            base[vehicle].remove(held)
            if any(
                accepted([r if i != v else r[:k] + [node[item.visit_id]] + r[k:] for i, r in enumerate(base)])
                for v in targets
                for k in range(len(base[v]) + 1)
            ):
                found.append((item.visit_id, other.id))
    return found


@pytest.mark.parametrize("seed", range(8))
def test_reasons_are_true_and_no_swap_serves_more_important_work(seed: int):
    dataset = hard_day(seed)
    plan = plan_day(dataset, SearchParams(seed=seed)).plan
    assert check(dataset, plan) == []
    assert better_swaps(dataset, plan) == []
