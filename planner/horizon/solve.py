"""Plan several days at once: one routing problem whose vehicles are people on dates.

dataset -> vehicles (person x date, that date's shift) -> eligibility per
day -> crews settled first (``planner.horizon.crews``) -> one routing
problem (day costs send urgent and due work to the early days) -> routes
per day on each day's clock -> reasons that speak of the horizon.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from planner.domain import PRIORITY_WEIGHTS, Dataset, Visit
from planner.eligibility import Eligibility
from planner.horizon.crews import CrewStop, copy_id, crew_copies, original_id, place_crews
from planner.horizon.output import DayRoutes, HorizonPlan
from planner.horizon.previous import Moved, with_proposals
from planner.horizon.reasons import HorizonExplainer
from planner.horizon.vehicles import Vehicle, day_costs, day_dataset, day_vehicles, horizon_eligibility
from planner.kpis import plan_kpis
from planner.plan import Plan, Route, Stop, Unassigned
from planner.routing import ProblemOptions, RoutingProblem, SearchParams, build_problem, solve
from planner.routing.solve import RoutingResult, VehicleRoute
from planner.timeline import build_route
from planner.warm_start import start_routes

#: A second search, when crews had to be taken out, gets this share of the time limit (at least the minimum)...
REPAIR_SHARE = 0.2
REPAIR_MIN_SECONDS = 1.0
#: ...on problems up to this size: beyond it OR-Tools cannot even check the routes it would start from
#: within that time (a 1,600-visit week), and the week keeps its routes with the crews taken out.
REPAIR_MAX_VISITS = 400


@dataclass(frozen=True)
class PlannedHorizon:
    """A horizon's plan and how the search went (kept out of ``plan.json``, as for a day)."""

    plan: HorizonPlan
    seconds: float
    stopped_by: str
    objective: int
    moved: tuple[Moved, ...] = ()

    def contract_plan(self) -> HorizonPlan | Plan:
        """What ``plan.json`` holds: the multi-day form, or the one-day form for a single day."""
        if self.plan.horizon_days > 1:
            return self.plan
        return self.plan.day_plan(0)


def plan_horizon(
    dataset: Dataset, params: SearchParams = SearchParams(), promised: Mapping[str, dt.date] | None = None
) -> PlannedHorizon:
    """Solve the horizon and return the full, explained plan.

    ``promised``: dates an earlier run proposed (``planner.horizon.previous``);
    moving one costs ``MOVE_MINUTES`` of travel, and the moves are reported.
    """
    promised = promised or {}
    dates = dataset.settings.days()
    vehicles = day_vehicles(dataset)
    found = horizon_eligibility(dataset, dataset.visits)
    allowed = found.allowed.allowed
    crews, shortfalls = place_crews(
        dataset, vehicles, (v for v in dataset.visits if v.crew_size > 1 and v.id in allowed), promised
    )
    crewed = {v.id for v in dataset.visits if v.crew_size > 1}
    solo = tuple(v for v in dataset.visits if v.id in allowed and v.id not in crewed)
    options = ProblemOptions(
        vehicle_days={v.id: v.day for v in vehicles},
        vehicle_people={v.id: v.person for v in vehicles},
        day_costs={v.id: day_costs(v, dataset, promised.get(v.id)) for v in solo},
    )
    problem, result = _search(dataset, vehicles, solo, crews, allowed, params, options)
    broken = _broken(problem, result.routes, crews)
    if broken and len(problem.visit_ids) <= REPAIR_MAX_VISITS:
        # The search let go of one member's stop: without those crews, search again from what it found,
        # so the hours they held are used and every reason is read from the final routes.
        whole = tuple(c for c in crews if c.visit.id not in broken)
        kept = {
            problem.visit_ids[p]
            for r in result.routes
            for p in r.visits
            if original_id(problem.visit_ids[p]) not in broken
        }
        start = {
            vehicles[r.vehicle].id: [problem.visit_ids[p] for p in r.visits if problem.visit_ids[p] in kept]
            for r in result.routes
        }
        again = replace(params, time_limit=max(REPAIR_MIN_SECONDS, params.time_limit * REPAIR_SHARE))
        second, repaired = _search(dataset, vehicles, solo, whole, allowed, again, options, start)
        if repaired.found and sum(len(r.visits) for r in repaired.routes) >= len(kept):
            problem, result, crews = second, repaired, whole
    broken = {**broken, **_broken(problem, result.routes, crews)}
    routes_by_day = _routes(problem, result.routes, vehicles, crews, dataset)
    days = tuple(
        DayRoutes(date=date, routes=tuple(sorted(routes_by_day.get(d, []), key=lambda r: r.technician_id)))
        for d, date in enumerate(dates)
    )
    explainer = HorizonExplainer(dataset, days, found, shortfalls, broken)
    served = {s.visit_id for day in days for r in day.routes for s in r.stops}
    # Routes with nothing on them after the clock ran out mean no plan was found, not that nobody had room.
    no_plan = not result.found or (not served and bool(problem.visit_ids) and result.stopped_by == "time_limit")
    unassigned = explainer.unassigned(served, params.time_limit if no_plan else None)
    plan = HorizonPlan(
        date=dates[0],
        timezone=dataset.settings.timezone,
        horizon_days=len(dates),
        days=days,
        unassigned=unassigned,
        kpis=horizon_kpis(dataset, days, unassigned),
    )
    if len(dates) == 1:
        first = day_dataset(dataset, 0)
        plan = plan.model_copy(update={"kpis": plan_kpis(first, days[0].routes, unassigned)})
    plan, moved = with_proposals(plan, promised)
    return PlannedHorizon(plan, result.seconds, result.stopped_by, result.objective, moved)


def _search(
    dataset: Dataset,
    vehicles: tuple[Vehicle, ...],
    solo: tuple[Visit, ...],
    crews: tuple[CrewStop, ...],
    allowed: Mapping[str, tuple[str, ...]],
    params: SearchParams,
    options: ProblemOptions,
    start: Mapping[str, list[str]] | None = None,
) -> tuple[RoutingProblem, RoutingResult]:
    """Build the problem (crew stops firm where the penalties allow it) and search it, from ``start`` if given."""
    options = replace(options, crews=tuple(tuple(copy_id(c.visit.id, i) for i in range(len(c.members))) for c in crews))
    try:
        problem = _problem(dataset, vehicles, solo, crew_copies(crews, dataset.settings.date), allowed, params, options)
    except ValueError:  # pinning the crews would take a very large week's penalties beyond 64 bits
        problem = _problem(
            dataset, vehicles, solo, crew_copies(crews, dataset.settings.date, firm_tier=-1), allowed, params, options
        )
    return problem, solve(problem, params, start_routes(problem, start) if start is not None else None)


def _broken(
    problem: RoutingProblem, routes: tuple[VehicleRoute, ...], crews: tuple[CrewStop, ...]
) -> dict[str, CrewStop]:
    """The crews not every member of which kept their stop."""
    on_route = Counter(
        original_id(problem.visit_ids[p])
        for r in routes
        for p in r.visits
        if original_id(problem.visit_ids[p]) != problem.visit_ids[p]
    )
    return {c.visit.id: c for c in crews if on_route[c.visit.id] != len(c.members)}


def _problem(
    dataset: Dataset,
    vehicles: tuple[Vehicle, ...],
    solo: tuple[Visit, ...],
    copies: tuple[tuple[Visit, str], ...],
    allowed: Mapping[str, tuple[str, ...]],
    params: SearchParams,
    options: ProblemOptions,
) -> RoutingProblem:
    """One routing problem: the vehicles, the visits done alone, and each crew member's fixed stop."""
    problem_allowed = {v.id: allowed[v.id] for v in solo}
    problem_allowed.update({copy.id: (vehicle,) for copy, vehicle in copies})
    expanded = dataset.model_copy(
        update={
            "technicians": tuple(v.technician for v in vehicles),
            "visits": solo + tuple(copy for copy, _ in copies),
            "availability": (),
        }
    )
    return build_problem(expanded, Eligibility(problem_allowed, {}), params.seed, options)


def _routes(
    problem: RoutingProblem,
    routes: tuple[VehicleRoute, ...],
    vehicles: tuple[Vehicle, ...],
    crews: tuple[CrewStop, ...],
    dataset: Dataset,
) -> dict[int, list[Route]]:
    """Routes per day index on each day's clock, in people's ids; a crew visit the search could not keep
    whole is taken out (its other members' hours stay free)."""
    crew_of = {c.visit.id: c for c in crews}
    broken = _broken(problem, routes, crews)
    by_day: dict[int, list[Route]] = {}
    for route in routes:
        keep = [i for i, p in enumerate(route.visits) if original_id(problem.visit_ids[p]) not in broken]
        if not keep:
            continue
        route = VehicleRoute(
            route.vehicle,
            tuple(route.visits[i] for i in keep),
            tuple(route.starts[i] for i in keep),
            route.start_cumul,
            route.end_cumul,
            route.break_start,
        )
        vehicle = vehicles[route.vehicle]
        settings = dataset.settings.model_copy(update={"date": vehicle.date, "horizon_days": 1})
        built = build_route(problem, route, settings)
        stops = tuple(_named(stop, crew_of) for stop in built.stops)
        by_day.setdefault(vehicle.day, []).append(
            built.model_copy(update={"technician_id": vehicle.person, "stops": stops})
        )
    return by_day


def _named(stop: Stop, crew_of: dict[str, CrewStop]) -> Stop:
    """A stop under the visit's own id; a crew visit's stop names its crew, the lead first."""
    visit_id = original_id(stop.visit_id)
    if visit_id == stop.visit_id:
        return stop
    return stop.model_copy(update={"visit_id": visit_id, "crew": crew_of[visit_id].members})


def due_on_time(
    visits: Iterable[Visit], served_on: Mapping[str, dt.date], first: dt.date, last: dt.date
) -> tuple[int, int]:
    """(served by their due date, due within the horizon); work already overdue counts on time on the first day."""
    due = [(v.id, v.due_date) for v in visits if v.due_date is not None and v.due_date <= last]
    on_time = sum(visit_id in served_on and served_on[visit_id] <= max(due_date, first) for visit_id, due_date in due)
    return on_time, len(due)


def horizon_kpis(dataset: Dataset, days: tuple[DayRoutes, ...], unassigned: tuple[Unassigned, ...]) -> dict[str, Any]:
    """Served by priority, weighted service, due work done by its due date, travel, and figures per day.

    A crew visit counts once for service, however many people it takes.
    """
    served_on: dict[str, dt.date] = {s.visit_id: day.date for day in days for r in day.routes for s in r.stops}
    total = Counter(v.priority for v in dataset.visits)
    served = Counter(v.priority for v in dataset.visits if v.id in served_on)
    weight_all = sum(PRIORITY_WEIGHTS[v.priority] for v in dataset.visits) or 1
    weight_served = sum(PRIORITY_WEIGHTS[v.priority] for v in dataset.visits if v.id in served_on)
    on_time, due = due_on_time(dataset.visits, served_on, days[0].date, days[-1].date)
    return {
        "visits_total": len(dataset.visits),
        "visits_served": len(served_on),
        "visits_unassigned": len(unassigned),
        "served_by_priority": {str(p): {"served": served[p], "total": total[p]} for p in sorted(total)},
        "priority_weighted_service": round(weight_served / weight_all, 4),
        "due_served": {"served": on_time, "total": due},
        "crew_visits": {
            "served": sum(v.crew_size > 1 and v.id in served_on for v in dataset.visits),
            "total": sum(v.crew_size > 1 for v in dataset.visits),
        },
        "unassigned_by_reason": dict(sorted(Counter(u.reason_code for u in unassigned).items())),
        "travel_km": round(sum(r.travel_km for day in days for r in day.routes), 2),
        "travel_min": sum(r.travel_min for day in days for r in day.routes),
        "days": [
            {
                "date": day.date.isoformat(),
                "visits_served": len({s.visit_id for r in day.routes for s in r.stops}),
                "technicians_used": len(day.routes),
                "travel_km": round(sum(r.travel_km for r in day.routes), 2),
            }
            for day in days
        ],
    }
