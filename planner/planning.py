"""Plan a day: the one function the CLI, the API and scenarios call.

dataset -> eligibility -> routing problem -> search -> routes on the
clock -> reasons for what was left out -> KPIs. Infeasibility is a
result (visits in ``unassigned`` with reasons), never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from planner.defaults import PLANNING_DEFAULTS
from planner.domain import Dataset
from planner.eligibility import Eligibility, eligibility
from planner.explain import DropExplainer, explain_exclusion, explain_no_plan
from planner.horizon.solve import plan_horizon
from planner.horizon.vehicles import with_days
from planner.kpis import plan_kpis
from planner.plan import Plan, Route
from planner.routing import ProblemOptions, SearchParams, build_problem, solve
from planner.sectors import LARGE_DAY, SPILL_MAX_VISITS, split_day, stock_left, sub_day
from planner.timeline import build_route
from planner.warm_start import sequences, start_routes

#: Share of the time limit the sectors of a large day may use; the pass across them gets the rest.
SECTOR_SHARE = 0.8
#: The pass across sectors gets at least this many seconds, even when the sectors used up the limit.
SPILL_MIN_SECONDS = 1.0
#: What ``--time-limit`` means, for every command that plans a day.
TIME_LIMIT_HELP = (
    f"search time cap in seconds (default {PLANNING_DEFAULTS.day_time_limit:g}; on larger days "
    f"{PLANNING_DEFAULTS.seconds_per_hundred_visits:g} per 100 visits, "
    f"at most {PLANNING_DEFAULTS.longest_day_time_limit:g})"
)


def default_time_limit(dataset: Dataset, given: float | None = None) -> float:
    """The search time cap for a day: ``given`` when the caller names one, else the size-based default."""
    return PLANNING_DEFAULTS.time_limit(len(dataset.visits), given)


@dataclass(frozen=True)
class PlannedDay:
    """A plan and how the search went; the search figures stay out of ``plan.json``
    because they vary from run to run while the plan itself does not."""

    plan: Plan
    seconds: float
    stopped_by: str
    objective: int
    warm_started: bool


@dataclass(frozen=True)
class Routed:
    """Routes on the clock, and how the searches that made them went."""

    routes: tuple[Route, ...]
    unplanned: frozenset[str]
    seconds: float
    stopped_by: str
    objective: int
    warm_started: bool


def route_visits(
    dataset: Dataset,
    allowed: Eligibility,
    params: SearchParams,
    start_from: Mapping[str, Sequence[str]] | None = None,
    options: ProblemOptions = ProblemOptions(),
) -> Routed:
    """One routing model over these people and visits; ``unplanned`` holds every visit when no plan was found."""
    problem = build_problem(dataset, allowed, params.seed, options)
    start = start_routes(problem, start_from) if start_from is not None else None
    result = solve(problem, params, start)
    routes = tuple(build_route(problem, r, dataset.settings) for r in result.routes)
    unplanned = frozenset() if result.found else frozenset(allowed.allowed)
    return Routed(routes, unplanned, result.seconds, result.stopped_by, result.objective, result.warm_started)


def route_in_sectors(dataset: Dataset, allowed: Eligibility, params: SearchParams, options: ProblemOptions) -> Routed:
    """A large day sector by sector, then one pass for what the sectors left over.

    Each sector's time cap is its share of most of the limit; the pass gets
    what remains and starts from the routes it may change, so it can only
    place more (see ``planner.sectors``).
    """
    sectors = split_day(dataset, allowed)
    total = sum(len(s.visits) for s in sectors) or 1
    parts: list[Routed] = []
    for sector in sectors:
        share = params.time_limit * SECTOR_SHARE * len(sector.visits) / total
        day, may = sub_day(
            dataset,
            allowed,
            sector.technicians,
            sector.visits,
            stock_left(dataset, [r for p in parts for r in p.routes]),
        )
        parts.append(route_visits(day, may, replace(params, time_limit=share), options=options))
    routes = {r.technician_id: r for p in parts for r in p.routes}
    unplanned = frozenset().union(*(p.unplanned for p in parts))
    left = params.time_limit - sum(p.seconds for p in parts)
    spill = spill_over(
        dataset, allowed, routes, unplanned, replace(params, time_limit=max(left, SPILL_MIN_SECONDS)), options
    )
    if spill is not None:
        parts.append(spill)
        routes.update({r.technician_id: r for r in spill.routes})
    return Routed(
        routes=tuple(routes.values()),
        unplanned=unplanned,
        seconds=sum(p.seconds for p in parts),
        stopped_by="time_limit" if any(p.stopped_by == "time_limit" for p in parts) else "work_limit",
        objective=sum(p.objective for p in parts),
        warm_started=False,
    )


def spill_over(
    dataset: Dataset,
    allowed: Eligibility,
    routes: Mapping[str, Route],
    unplanned: frozenset[str],
    params: SearchParams,
    options: ProblemOptions,
) -> Routed | None:
    """Offer the visits no sector placed to everyone allowed to do them, most spare time first.

    The model holds those people's routes as they are (its start) and the
    left-over visits; it stays below ``SPILL_MAX_VISITS`` visits by taking fewer
    people. None when nothing is left over or the routes could not be
    taken as a start (then the sectors' routes stand).
    """
    served = {s.visit_id for r in routes.values() for s in r.stops}
    left = [v for v in allowed.allowed if v not in served and v not in unplanned]
    if not left:
        return None
    spare = {t.id: (t.shift_end - t.shift_start) - _working(routes.get(t.id)) for t in dataset.technicians}
    wanted = sorted({t for v in left for t in allowed.allowed[v]}, key=lambda t: (-spare[t], t))
    chosen: list[str] = []
    size = len(left)
    for technician in wanted:
        size += len(routes[technician].stops) if technician in routes else 0
        if size > SPILL_MAX_VISITS:
            break
        chosen.append(technician)
    kept = [r for t, r in routes.items() if t not in chosen]
    mine = {t: [s.visit_id for s in routes[t].stops] for t in chosen if t in routes}
    day, may = sub_day(
        dataset, allowed, chosen, left + [v for vs in mine.values() for v in vs], stock_left(dataset, kept)
    )
    if not may.allowed:
        return None
    result = route_visits(day, may, params, start_from=mine, options=options)
    return result if result.warm_started or not mine else None


def _first_day(dataset: Dataset, params: SearchParams) -> PlannedDay:
    """The firm first day of a dataset that needs the horizon planner, as a one-day plan."""
    planned = plan_horizon(with_days(dataset, 1), params)
    return PlannedDay(planned.plan.day_plan(0), planned.seconds, planned.stopped_by, planned.objective, False)


def _working(route: Route | None) -> int:
    return 0 if route is None else int((route.return_ - route.depart).total_seconds() // 60)


def plan_day(
    dataset: Dataset,
    params: SearchParams = SearchParams(),
    start_from: Plan | Mapping[str, Sequence[str]] | None = None,
    options: ProblemOptions = ProblemOptions(),
) -> PlannedDay:
    """Solve one day and return the full, explained plan.

    ``start_from`` (a plan of the same or a similar day, or just its
    technician -> visit order) seeds the search, so that a variant with more
    capacity is never planned worse than it. A large day without a start is
    planned in sectors (``planner.sectors``). A dataset with crews, release
    dates or shifts by date is planned by ``planner.horizon`` (its first,
    firm day), so that every page and answer keeps those rules too.
    """
    if dataset.spans_days and start_from is None and options == ProblemOptions():
        return _first_day(dataset, params)
    allowed = eligibility(dataset)
    if isinstance(start_from, Plan):
        start_from = sequences(start_from)
    if start_from is None and len(allowed.allowed) > LARGE_DAY:
        routed = route_in_sectors(dataset, allowed, params, options)
    else:
        routed = route_visits(dataset, allowed, params, start_from, options)
    routes = sorted(routed.routes, key=lambda r: r.technician_id)
    served = {s.visit_id for r in routes for s in r.stops}
    unassigned = [explain_exclusion(e, dataset) for e in allowed.excluded.values()]
    dropped = DropExplainer(dataset, routes)
    for v in dataset.visits:
        if v.id in allowed.allowed and v.id not in served:
            unassigned.append(
                explain_no_plan(v, params.time_limit)
                if v.id in routed.unplanned
                else dropped.explain(v, allowed.allowed[v.id])
            )
    order = {v.id: i for i, v in enumerate(dataset.visits)}
    unassigned.sort(key=lambda u: order[u.visit_id])
    plan = Plan(
        date=dataset.settings.date,
        timezone=dataset.settings.timezone,
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        kpis=plan_kpis(dataset, routes, unassigned),
    )
    return PlannedDay(plan, routed.seconds, routed.stopped_by, routed.objective, routed.warm_started)
