"""Re-plan a day in progress: keep what happened, move as little as possible.

The whole day is planned again with the same engine, after these changes:
- a visit that has started keeps its technician and its start (pinned,
  window fixed to that minute), and ends when it now will (``running_late``);
- a visit not yet started cannot start before now; if its customer has an
  arrival window it keeps it (unless ``allow_moving``), and starting far
  from its planned time or with another technician costs extra, so the
  search changes existing assignments only when it pays;
- a technician who is unavailable from a time has no work after it; one
  who has not left yet leaves no earlier than now; a reported position is
  a zero-length stop at that place and time;
- a lunch break already begun stays where it was; one still owed lies
  between now and the end of the lunch window.

Two datasets come out: the day as it now stands (events applied), which
the new plan is checked against, and the internal one with the pins and
waypoints above, which only the solver sees.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from planner.domain import WAYPOINT_PREFIX, Dataset, Technician, Visit
from planner.io.visit_rows import read_visit_rows
from planner.kpis import plan_kpis
from planner.plan import Plan, Route, Stop
from planner.problems import Problem
from planner.replan.events import Events, started_visits
from planner.routing import ProblemOptions
from planner.timeline import clock
from planner.travel import TravelModel


def minutes(moment) -> int:
    """Clock minutes of an aware datetime in the plan's timezone."""
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class DayState:
    """The day as it stands, the solver's version of it, and the costs of disruption."""

    current: Dataset
    internal: Dataset
    options: ProblemOptions


def add_new_visits(dataset: Dataset, events: Events, events_file: str) -> tuple[Dataset | None, list[Problem]]:
    """Append the new visits, read like any visits row against the day; problems point into the events file."""
    if not events.new_visits:
        return dataset, []
    visits, problems = read_visit_rows(dataset, events.new_visits, events_file, events.new_visit_lines)
    if visits is None:
        return None, problems
    return dataset.model_copy(update={"visits": dataset.visits + visits}), problems


def apply_events(dataset: Dataset, plan: Plan, events: Events, at: int) -> Dataset:
    """The public day: visits called off are gone, moved customers lose their old window,
    late visits last longer, absences shorten shifts."""
    gone = set(events.cancelled) | set(events.not_home)
    started = started_visits(plan, at)
    stops = {s.visit_id: s for r in plan.routes for s in r.stops}
    visits = []
    for visit in dataset.visits:
        if visit.id in gone:
            continue
        if visit.id in events.allow_moving:
            visit = visit.model_copy(update={"window_start": None, "window_end": None})
        if visit.id in events.running_late:
            start = minutes(stops[visit.id].start)
            visit = visit.model_copy(
                update={"duration_min": max(visit.duration_min, events.running_late[visit.id] - start)}
            )
        visits.append(visit)
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    by_id = {v.id: v for v in visits}
    technicians = []
    for technician in dataset.technicians:
        if technician.id in events.unavailable:
            mine = [v for v, t in started.items() if t == technician.id]
            home_by = [
                minutes(stops[v].start)
                + by_id[v].duration_min
                + travel.minutes((by_id[v].lat, by_id[v].lon), (technician.base_lat, technician.base_lon))
                for v in mine
            ]
            end = max([min(technician.shift_end, events.unavailable[technician.id])] + home_by)
            technician = technician.model_copy(update={"shift_end": max(end, technician.shift_start)})
        technicians.append(technician)
    return dataset.model_copy(update={"visits": tuple(visits), "technicians": tuple(technicians)})


def _internal_visit(
    visit: Visit, plan_stops: dict, started: dict[str, str], planned_on: dict[str, str], events: Events, at: int
) -> Visit:
    """The solver's version of one visit: pinned if started, no earlier than now otherwise."""
    if visit.id in started:
        start = minutes(plan_stops[visit.id].start)
        return visit.model_copy(
            update={
                "pinned_technician": started[visit.id],
                "window_start": start,
                "window_end": start,
                "preferred_technician": None,
            }
        )
    update: dict = {"window_start": max(visit.window_start or 0, at)}
    if visit.id in events.allow_moving:
        update["window_end"] = None
    if visit.id in planned_on:
        update["preferred_technician"] = planned_on[visit.id]
    return visit.model_copy(update=update)


def _waypoint(position, technician: Technician, at: int) -> Visit:
    """Where a technician reports to be now: a zero-length stop pinned to them at ``at``."""
    return Visit(
        id=f"{WAYPOINT_PREFIX}{position.technician}",
        lat=position.lat,
        lon=position.lon,
        type="inspection",
        priority=1,
        duration_min=0,
        window_start=at,
        window_end=at,
        pinned_technician=technician.id,
    )


def _break_windows(current: Dataset, plan: Plan, at: int) -> dict[str, tuple[int, int]]:
    """A break that has begun stays; one still owed starts no earlier than now."""
    s = current.settings
    windows = {}
    for technician in current.technicians:
        route = plan.route_of(technician.id)
        if route is not None and route.break_ is not None and minutes(route.break_.start) < at:
            taken = minutes(route.break_.start)
            windows[technician.id] = (taken, taken)
        elif at > s.lunch_start and at <= s.lunch_end - s.lunch_minutes:
            windows[technician.id] = (at, s.lunch_end - s.lunch_minutes)
    return windows


def day_state(current: Dataset, plan: Plan, events: Events, at: int) -> DayState:
    """Build the solver's dataset and the disruption costs for re-planning at ``at``."""
    plan_stops = {s.visit_id: s for r in plan.routes for s in r.stops}
    planned_on = {s.visit_id: r.technician_id for r in plan.routes for s in r.stops}
    started = {v: t for v, t in started_visits(plan, at).items() if v in {x.id for x in current.visits}}
    visits = [_internal_visit(v, plan_stops, started, planned_on, events, at) for v in current.visits]
    busy = set(started.values())
    positioned = {p.technician: p for p in events.positions}
    technicians = []
    for technician in current.technicians:
        update: dict = {}
        if technician.id not in busy and technician.id not in positioned:
            update["shift_start"] = min(max(technician.shift_start, at), technician.shift_end)
        if technician.id in positioned:
            visits.append(_waypoint(positioned[technician.id], technician, at))
            if technician.max_visits is not None:
                update["max_visits"] = technician.max_visits + 1
        technicians.append(technician.model_copy(update=update))
    settings = events.settings
    targets = {
        v.id: (minutes(plan_stops[v.id].start), settings.tolerance_min)
        for v in current.visits
        if v.id in plan_stops and v.id not in started and v.id not in events.allow_moving
    }
    options = ProblemOptions(
        preference_minutes=settings.change_technician_minutes,
        break_windows=_break_windows(current, plan, at),
        target_starts=targets,
        move_cost_per_min=settings.move_cost_per_min * 10,
    )
    internal = current.model_copy(update={"visits": tuple(visits), "technicians": tuple(technicians)})
    return DayState(current, internal, options)


def start_plan(plan: Plan, events: Events, at: int) -> Plan:
    """The old plan as the search's start, without the unstarted stops of people whose day changed.

    Their old routes no longer fit (an absence, a late visit, another
    position), and a start that breaks a rule is thrown away whole; cut
    back, the rest of the day still starts from where it was.
    """
    affected = set(events.unavailable) | {p.technician for p in events.positions}
    affected |= {r.technician_id for r in plan.routes for s in r.stops if s.visit_id in events.running_late}
    gone = set(events.cancelled) | set(events.not_home)
    routes = []
    for route in plan.routes:
        keep = tuple(
            s
            for s in route.stops
            if s.visit_id not in gone and (route.technician_id not in affected or minutes(s.start) < at)
        )
        routes.append(route.model_copy(update={"stops": keep}))
    return plan.model_copy(update={"routes": tuple(routes)})


def without_waypoints(route: Route, dataset: Dataset) -> Route:
    """Drop reported-position stops, re-measuring the legs they split (never longer: triangle inequality)."""
    if not any(s.visit_id.startswith(WAYPOINT_PREFIX) for s in route.stops):
        return route
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    technician = dataset.technician(route.technician_id)
    base = (technician.base_lat, technician.base_lon)
    kept = [s for s in route.stops if not s.visit_id.startswith(WAYPOINT_PREFIX)]
    places = [base] + [(dataset.visit(s.visit_id).lat, dataset.visit(s.visit_id).lon) for s in kept] + [base]
    legs = list(itertools.pairwise(places))
    stops = tuple(
        Stop(
            visit_id=s.visit_id,
            arrival=s.arrival,
            start=s.start,
            end=s.end,
            travel_min=travel.minutes(a, b),
            travel_km=round(travel.km(a, b), 2),
        )
        for s, (a, b) in zip(kept, legs)
    )
    return route.model_copy(
        update={
            "stops": stops,
            "travel_min": sum(travel.minutes(a, b) for a, b in legs),
            "travel_km": round(sum(travel.km(a, b) for a, b in legs), 2),
        }
    )


def public_plan(plan: Plan, current: Dataset, at: int) -> Plan:
    """The solver's plan with waypoints removed, figures recomputed on the day as it stands, and its moment.

    ``as_of`` says the plan was made at minute ``at``: its reasons speak of
    the rest of the day ("does not fit" means from now on), and the checker
    reads them so.
    """
    routes = tuple(r for r in (without_waypoints(r, current) for r in plan.routes) if r.stops)
    unassigned = tuple(u for u in plan.unassigned if not u.visit_id.startswith(WAYPOINT_PREFIX))
    return plan.model_copy(
        update={
            "routes": routes,
            "unassigned": unassigned,
            "as_of": clock(current.settings, at),
            "kpis": plan_kpis(current, routes, unassigned),
        }
    )
