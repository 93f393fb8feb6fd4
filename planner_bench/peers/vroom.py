"""VROOM (through pyvroom) on our days and on the classical sets.

Days: skills with levels become integer skill ids, one per (skill, level)
held, so a technician with level 3 holds the ids of levels 1, 2 and 3 and
a visit asks for the id of its minimum level; regions and pins are ids
too. Windows, service, shifts (vehicle time windows), the lunch break (a
VROOM break), ``max_visits`` (``max_tasks``) and priorities (0-100,
priority 1 highest) are VROOM's own. The travel matrix is the contract's
travel model in whole minutes. VROOM has no shared parts stock: its plans
are checked like all others and any stock overrun is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from planner.domain import Dataset, Technician, Visit
from planner.kpis import PRIORITY_WEIGHTS
from planner.plan import Plan
from planner.routing.problem import break_rule
from planner_bench.budget import Budget
from planner_bench.classic import ClassicInstance, tick_matrix, ticks
from planner_bench.convert import PeerRoute, plan_from_routes
from planner_bench.problems import day_problem

#: VROOM's search effort (1-5); the budget's time limit stops it earlier when needed.
EXPLORATION_LEVEL = 5
#: VROOM priority of a priority-1 visit; lower priorities scale down with their KPI weight.
TOP_PRIORITY = 100


@dataclass(frozen=True)
class SkillIds:
    """Integer skill ids of every technician and visit of a day."""

    technicians: tuple[frozenset[int], ...]
    visits: tuple[frozenset[int], ...]


def encode_skills(technicians: Sequence[Technician], visits: Sequence[Visit]) -> SkillIds:
    """Skill levels, regions and pins as VROOM skill ids (a vehicle must hold all a job asks for).

    Levels are cumulative: holding ``sofa_repair:3`` means holding the ids
    of ``sofa_repair`` at levels 1, 2 and 3, so a visit asking for level 2
    is satisfied. A technician who works anywhere holds every region id.
    """
    ids: dict[tuple[str, object], int] = {}

    def code(kind: str, key: object) -> int:
        return ids.setdefault((kind, key), len(ids) + 1)

    regions = sorted({v.region for v in visits if v.region})
    people = []
    for t in technicians:
        held = {code("skill", (s, level)) for s, top in t.skills.items() for level in range(1, top + 1)}
        held |= {code("region", r) for r in regions if t.covers(r)}
        held.add(code("pin", t.id))
        people.append(frozenset(held))
    asked = []
    for v in visits:
        need = {code("skill", (s, level)) for s, level in v.required_skills.items()}
        if v.region:
            need.add(code("region", v.region))
        if v.pinned_technician:
            need.add(code("pin", v.pinned_technician))
        asked.append(frozenset(need))
    return SkillIds(tuple(people), tuple(asked))


def vroom_priority(priority: int) -> int:
    """Priority 1-4 as VROOM's 0-100 (100 = most important), proportional to the KPI weights."""
    return round(TOP_PRIORITY * PRIORITY_WEIGHTS[priority] / PRIORITY_WEIGHTS[1])


def version() -> str:
    """The pyvroom release."""
    from importlib.metadata import version as installed

    return f"pyvroom {installed('pyvroom')}"


def _solve(build: Callable[[Any, Any], None], budget: Budget) -> dict[str, Any]:
    """Run VROOM on an input filled by ``build(vroom_module, vroom_input)``; its JSON answer."""
    import vroom

    problem = vroom.Input()
    build(vroom, problem)
    solution = problem.solve(
        exploration_level=EXPLORATION_LEVEL,
        nb_threads=max(1, budget.threads),
        timeout=timedelta(seconds=budget.time_limit),
    )
    return solution.to_dict()


def _start(step: dict) -> int:
    return int(step["arrival"]) + int(step.get("waiting_time", 0))


def solve_day(dataset: Dataset, budget: Budget) -> Plan:
    """VROOM's plan of a day, put on the clock and explained like ours."""
    problem = day_problem(dataset)
    m = problem.vehicles
    skills = encode_skills(dataset.technicians, dataset.visits)

    def build(vroom: Any, data: Any) -> None:
        data.set_durations_matrix(profile="car", matrix_input=problem.travel_min.tolist())
        for k, t in enumerate(dataset.technicians):
            rule = break_rule(t, dataset, {})
            lunch = (
                [vroom.Break(1, time_windows=[vroom.TimeWindow(rule.earliest, rule.latest)], service=rule.minutes)]
                if rule
                else []
            )
            extra = {} if t.max_visits is None else {"max_tasks": t.max_visits}
            data.add_vehicle(
                vroom.Vehicle(
                    k + 1,
                    start=k,
                    end=k,
                    skills=set(skills.technicians[k]),
                    time_window=vroom.TimeWindow(t.shift_start, t.shift_end),
                    breaks=lunch,
                    **extra,
                )
            )
        data.add_job(
            [
                vroom.Job(
                    p + 1,
                    location=m + p,
                    default_service=v.duration_min,
                    skills=set(skills.visits[p]),
                    priority=vroom_priority(v.priority),
                    time_windows=[vroom.TimeWindow(*problem.windows[p])],
                )
                for p, v in enumerate(dataset.visits)
            ]
        )

    answer = _solve(build, budget)
    routes = []
    for route in answer.get("routes", []):
        steps = route["steps"]
        jobs = [s for s in steps if s["type"] == "job"]
        pauses = [_start(s) for s in steps if s["type"] == "break"]
        routes.append(
            PeerRoute(
                vehicle=int(route["vehicle"]) - 1,
                visits=tuple(int(s["id"]) - 1 for s in jobs),
                starts=tuple(_start(s) for s in jobs),
                break_start=pauses[0] if pauses else None,
                leave=int(steps[0]["arrival"]),
                back=int(steps[-1]["arrival"]),
            )
        )
    return plan_from_routes(dataset, problem, routes)


def solve_classic(instance: ClassicInstance, budget: Budget) -> list[list[int]]:
    """Routes per vehicle for a classical instance, in the same ticks as every solver."""
    m = len(instance.vehicles)

    def build(vroom: Any, data: Any) -> None:
        data.set_durations_matrix(profile="car", matrix_input=tick_matrix(instance.points).tolist())
        for k, v in enumerate(instance.vehicles):
            extra: dict[str, Any] = {} if v.capacity is None else {"capacity": [v.capacity]}
            if v.skills is not None:
                extra["skills"] = set(v.skills)
            data.add_vehicle(
                vroom.Vehicle(
                    k + 1, start=k, end=k, time_window=vroom.TimeWindow(ticks(v.start), ticks(v.end)), **extra
                )
            )
        with_capacity = any(v.capacity is not None for v in instance.vehicles)
        data.add_job(
            [
                vroom.Job(
                    p + 1,
                    location=m + p,
                    default_service=ticks(c.service),
                    time_windows=[vroom.TimeWindow(ticks(c.ready), ticks(c.due))],
                    **({"delivery": vroom.Amount([c.demand])} if with_capacity else {}),
                    **({"skills": {c.skill}} if c.skill is not None else {}),
                )
                for p, c in enumerate(instance.customers)
            ]
        )

    routes: list[list[int]] = [[] for _ in instance.vehicles]
    for route in _solve(build, budget).get("routes", []):
        routes[int(route["vehicle"]) - 1] = [int(s["id"]) - 1 for s in route["steps"] if s["type"] == "job"]
    return routes
