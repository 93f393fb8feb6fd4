"""During the day: re-plan around what happened (see ``day`` for the rules)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from planner.domain import Dataset
from planner.plan import Plan
from planner.planning import plan_day
from planner.problems import InvalidInput, errors
from planner.replan.day import add_new_visits, apply_events, day_state, public_plan, start_plan
from planner.replan.diff import PlanDiff, diff_plans
from planner.replan.events import Events, check_events, read_events
from planner.routing import SearchParams

__all__ = ["Events", "PlanDiff", "Replanned", "check_events", "read_events", "replan", "replan_params"]


#: Work budget of a re-plan: a day in progress must answer in seconds. Each
#: solution costs more than in a morning plan (customers' promised times are
#: soft bounds), and on the sample the plan stops changing after about 20.
REPLAN_VISITS_PER_SOLUTION = 4
REPLAN_MIN_SOLUTIONS = 20


def replan_params(dataset: Dataset, time_limit: float, seed: int = 0) -> SearchParams:
    """A smaller search than a morning plan: it starts from that plan and should change little."""
    budget = max(REPLAN_MIN_SOLUTIONS, len(dataset.visits) // REPLAN_VISITS_PER_SOLUTION)
    return SearchParams(time_limit=time_limit, seed=seed, solution_limit=budget)


@dataclass(frozen=True)
class Replanned:
    """The day as it now stands, its new plan, and what changed."""

    dataset: Dataset
    plan: Plan
    diff: PlanDiff
    seconds: float


def replan(
    dataset: Dataset, plan: Plan, events: Events, at: int, params: SearchParams, events_file: str = "events.yaml"
) -> Replanned:
    """Apply the events at minute ``at`` and plan the rest of the day with the least disruption.

    Raises InvalidInput when a new visit is malformed (every problem, located in the events file).
    """
    started = time.perf_counter()
    extended, problems = add_new_visits(dataset, events, events_file)
    if extended is None or errors(problems):
        raise InvalidInput(problems)
    current = apply_events(extended, plan, events, at)
    state = day_state(current, plan, events, at)
    planned = plan_day(state.internal, params, start_from=start_plan(plan, events, at), options=state.options).plan
    new_plan = public_plan(planned, current, at)
    diff = diff_plans(plan, new_plan, events.settings.call_threshold_min, events.cancelled, events.not_home)
    return Replanned(current, new_plan, diff, time.perf_counter() - started)
