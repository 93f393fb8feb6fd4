"""Running a scenario file: the base first, then every variant and advice candidate from it.

The base is solved alone; then every variant and every advice candidate
starts its search from the base plan (``plan_day(..., start_from=
base_plan)``). Where the base plan is still feasible in the variant (more
people, more skills, longer shifts) the search can only improve on it, so
a comparison shows what the change does, not where two independent
searches happened to stop. Where it is not (a person removed, shorter
shifts) what remains of it is tried and the search otherwise starts
afresh; ``warm_started`` records which happened. The steps of a headcount
sweep start from the step before (one person fewer), so along a sweep the
plans only get better (by the solver's objective, priorities first) as
people are added. A variant whose day is
exactly that of the base or of an earlier variant (step 0 of a sweep, a
sweep step equal to a named variant) reuses that plan instead of
searching again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.check import Violation
from planner.domain import Dataset
from planner.routing import SearchParams
from planner.scenarios.advise import Advice, Candidate, candidate_params, candidates, evaluate
from planner.scenarios.pool import Job, Progress, Solved, Solver
from planner.scenarios.spec import ScenarioFile, Variant
from planner.scenarios.variants import apply_changes

if TYPE_CHECKING:
    from distributed import Client

ADVICE_PREFIX = "advice:"


@dataclass(frozen=True)
class Outcome:
    """A variant, the day it describes, and how that day was solved."""

    variant: Variant
    dataset: Dataset
    solved: Solved
    same_as: str | None = None
    """The variant (or base) whose plan this one reuses because its day is the same."""
    start: str | None = None
    """The variant (or base) whose plan the search started from (see ``solved.warm_started``)."""


@dataclass(frozen=True)
class ScenarioRun:
    """Everything a comparison is made from."""

    scenario: ScenarioFile
    params: SearchParams
    base: Outcome
    variants: tuple[Outcome, ...]
    advice: tuple[Advice, ...] | None
    """Every candidate tried, best first; None when no advice was asked for."""
    advice_violations: tuple[tuple[str, Violation], ...] = ()

    def violations(self) -> list[tuple[str, Violation]]:
        """Every broken rule in any plan, with the variant or candidate it is in."""
        found = [(o.variant.name, v) for o in (self.base, *self.variants) for v in o.solved.violations]
        return found + list(self.advice_violations)


def run_scenarios(
    dataset: Dataset,
    scenario: ScenarioFile,
    params: SearchParams = SearchParams(),
    workers: int | None = None,
    progress: Progress | None = None,
    advice: bool = True,
    client: Client | None = None,
) -> ScenarioRun:
    """Solve the base, then the variants and the advice candidates in parallel, each plan checked.

    In parallel on ``workers`` processes of this machine, or as tasks on the cluster of ``client``.
    """
    base_name, base_day = scenario.base.name, scenario.base_dataset(dataset)
    days = {v.name: apply_changes(base_day, v.changes) for v in scenario.variants}
    same_as = _same_days(base_name, base_day, days)
    to_solve = [v for v in scenario.variants if v.name not in same_as]
    with Solver(workers, progress, client) as solver:
        solver.expect(1 + len(to_solve))
        base = solver.solve([Job(base_name, base_day, params)])[base_name]
        found: list[Candidate] = candidates(base_day, base.plan) if advice else []
        solver.expect(len(found))
        starts = _starts(scenario, same_as)
        jobs = [Job(v.name, days[v.name], params, starts[v.name]) for v in to_solve]
        jobs += [
            Job(ADVICE_PREFIX + c.key, c.change.apply(base_day), candidate_params(params), base_name) for c in found
        ]
        solver.solve(jobs)
        results = solver.results
    outcomes = tuple(
        Outcome(v, days[v.name], results[same_as.get(v.name, v.name)], same_as.get(v.name), starts[v.name])
        for v in scenario.variants
    )
    tried = [(c, results[ADVICE_PREFIX + c.key]) for c in found]
    return ScenarioRun(
        scenario,
        params,
        Outcome(scenario.base, base_day, base),
        outcomes,
        tuple(evaluate(base_day, base.plan, [(c, s.plan) for c, s in tried])) if advice else None,
        tuple((ADVICE_PREFIX + c.key, v) for c, s in tried for v in s.violations),
    )


def _same_days(base_name: str, base_day: Dataset, days: dict[str, Dataset]) -> dict[str, str]:
    """Variant -> the earlier variant (or the base) with exactly the same day, solved only once."""
    seen: list[tuple[str, Dataset]] = [(base_name, base_day)]
    same: dict[str, str] = {}
    for name, day in days.items():
        match = next((earlier for earlier, other in seen if other == day), None)
        if match is None:
            seen.append((name, day))
        else:
            same[name] = match
    return same


def _starts(scenario: ScenarioFile, same_as: dict[str, str]) -> dict[str, str]:
    """The plan each variant starts from: the previous step of its sweep, otherwise the base."""
    steps = {(v.step.sweep, v.step.extra): v.name for v in scenario.variants if v.step}
    starts = {}
    for v in scenario.variants:
        previous = steps.get((v.step.sweep, v.step.extra - 1)) if v.step else None
        start = previous or scenario.base.name
        starts[v.name] = same_as.get(start, start)
    return starts
