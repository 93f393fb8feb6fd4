"""The day as a routing problem: plain integers indexed by node and vehicle.

Node layout: nodes ``0 .. m-1`` are the technicians' bases (vehicle k
starts and ends at node k), nodes ``m .. m+n-1`` are the plannable visits.
Keeping this step free of OR-Tools makes the model builder a direct
translation and lets tests inspect penalties and matrices by hand.

The objective is lexicographic (see ``drop_penalties``): serving pinned
and due urgent work beats everything; then priority 1 beats any number of
priority 2s, and so on; then, among equals, nearer due dates; then travel;
then the preferred technician and a balanced day.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from planner.domain import MINUTES_PER_DAY, Dataset, Technician, Visit
from planner.eligibility import Eligibility, window_bounds
from planner.travel import TravelModel

#: Cost units per minute of travel; balance costs one unit per minute over target.
TRAVEL_COST_PER_MIN = 10
#: Cost units per minute that a visit starts after its window opens (the shift start when it has
#: none), by priority: urgent work first thing, important work next, routine work wherever travel is
#: least. Half a minute of travel per minute sooner for urgent visits: an hour earlier is worth a
#: 30-minute detour, never a visit (drop penalties outweigh all of it).
START_COST_PER_MIN: dict[int, int] = {1: 5, 2: 2}
#: A visit done by someone other than its preferred technician costs like this much travel.
PREFERENCE_MINUTES = 30
#: Due-date urgency levels within one priority tier (overdue by 2+ days .. due in 7+ days).
DUE_LEVELS = 10
#: Days of an order's age that still count towards serving it before younger equals.
MAX_AGE_DAYS = 30
#: Largest objective the model may reach: int64 with room for the search's own sums.
OBJECTIVE_CEILING = 2**62
#: Matrices for vehicle-specific costs (preferred technicians) may use this many cells in all.
PREFERENCE_CELL_BUDGET = 60_000_000


@dataclass(frozen=True)
class ProblemOptions:
    """Knobs a caller may turn beyond the dataset: used by re-planning during the day.

    ``preference_minutes``: what handing a visit to someone other than its
    preferred technician costs, in minutes of travel. ``break_windows``:
    technician id -> (earliest, latest) start of the lunch break, replacing
    the day's lunch window (a break already taken is fixed this way, one
    still owed cannot move into the past). ``target_starts``: visit id
    -> (start the customer expects, tolerance); moving further costs
    ``move_cost_per_min`` per minute.
    """

    preference_minutes: int = PREFERENCE_MINUTES
    break_windows: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    target_starts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    move_cost_per_min: int = TRAVEL_COST_PER_MIN
    #: Several days in one problem (``planner.horizon``): vehicle id -> day index of the horizon,
    vehicle_days: Mapping[str, int] = field(default_factory=dict)
    #: vehicle id -> the technician it is a day of (preferences follow the person, not the day),
    vehicle_people: Mapping[str, str] = field(default_factory=dict)
    #: and visit id -> cost of doing it on each day of the horizon (urgent and due work goes early).
    day_costs: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: Visit ids that are the members' stops of one crew visit: served together at one start, or not at all.
    crews: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class BreakRule:
    """The lunch break of one vehicle: start somewhere in [earliest, latest], last ``minutes``."""

    earliest: int
    latest: int
    minutes: int


@dataclass(frozen=True)
class RoutingProblem:
    """Everything the OR-Tools model needs, and nothing it does not."""

    technician_ids: tuple[str, ...]
    visit_ids: tuple[str, ...]
    travel_min: np.ndarray
    travel_km: np.ndarray
    service_min: tuple[int, ...]
    windows: tuple[tuple[int, int], ...]
    shifts: tuple[tuple[int, int], ...]
    max_visits: tuple[int, ...]
    allowed: tuple[tuple[int, ...], ...]
    penalties: tuple[int, ...]
    preferred: tuple[int, ...]
    parts: tuple[tuple[int, tuple[tuple[int, int], ...]], ...]
    breaks: tuple[BreakRule | None, ...]
    balance_targets: tuple[int, ...]
    preference_cost: int = PREFERENCE_MINUTES * TRAVEL_COST_PER_MIN
    target_starts: tuple[tuple[int, int] | None, ...] = ()
    move_cost_per_min: int = TRAVEL_COST_PER_MIN
    #: Largest time value of the day; benchmark instances count in finer ticks than minutes.
    horizon: int = MINUTES_PER_DAY
    #: Optional load per node (bases 0) and load capacity per vehicle: a capacity
    #: dimension is built only when both are given (classical VRPTW benchmarks).
    loads: tuple[int, ...] = ()
    capacities: tuple[int, ...] = ()
    #: Cost per minute each visit starts after its window opens (``START_COST_PER_MIN``); empty = none.
    start_costs: tuple[int, ...] = ()
    #: Several days (``ProblemOptions``): day index per vehicle, the first vehicle of the same person
    #: per vehicle, and per visit the cost of each day; all empty for one day.
    vehicle_days: tuple[int, ...] = ()
    owners: tuple[int, ...] = ()
    day_costs: tuple[tuple[int, ...], ...] = ()
    #: Positions of the members' stops of each crew visit (``ProblemOptions.crews``).
    crews: tuple[tuple[int, ...], ...] = ()

    @property
    def vehicles(self) -> int:
        """Number of technicians (vehicles)."""
        return len(self.technician_ids)

    @property
    def has_target_starts(self) -> bool:
        """Whether some visit has a start time the customer was promised (a day in progress)."""
        return any(target is not None for target in self.target_starts)

    def node_of_visit(self, position: int) -> int:
        """Node index of the visit at ``position`` in ``visit_ids``."""
        return self.vehicles + position


def visit_order(visits: Sequence[Visit], seed: int) -> list[Visit]:
    """Seed 0 keeps the dataset's order; other seeds shuffle it reproducibly.

    The order of nodes steers OR-Tools' insertion heuristics, so a seed is
    a cheap, deterministic way to get a different but equally valid start.
    """
    ordered = list(visits)
    if seed:
        random.Random(seed).shuffle(ordered)
    return ordered


def due_level(visit: Visit, dataset: Dataset) -> int:
    """Urgency within a priority tier: 9 for two or more days overdue, 0 for no date."""
    if visit.due_date is None:
        return 0
    days = (visit.due_date - dataset.settings.date).days
    return DUE_LEVELS - 1 - min(max(days + 2, 0), DUE_LEVELS - 1)


def order_age(visit: Visit, dataset: Dataset) -> int:
    """Whole days since the customer asked (``created_date``), at most ``MAX_AGE_DAYS``; 0 when unknown."""
    if visit.created_date is None:
        return 0
    return min(max((dataset.settings.date - visit.created_date).days, 0), MAX_AGE_DAYS)


def tier_of(visit: Visit, dataset: Dataset) -> int:
    """0 for pinned or due/overdue urgent work, else the visit's priority (1-4)."""
    return visit.importance(dataset.settings.date)[0]


def drop_penalties(visits: Sequence[Visit], dataset: Dataset, travel_bound: int, due_unit: int) -> list[int]:
    """Penalty for leaving each visit out, so that the objective is lexicographic.

    Working from the least important tier up, each tier's base weight is
    larger than everything below it put together (all lower tiers and this
    tier's due-date bonuses), and the lowest base is larger than any
    possible travel cost. So one priority-1 visit outweighs every
    priority-4 visit of the day, and any served visit outweighs travel.
    """
    levels = [due_level(v, dataset) for v in visits]
    tiers = [tier_of(v, dataset) for v in visits]
    # Among equals (same tier, same due level) the older order first: a day of age weighs less than
    # a due level, so thirty days of waiting never outweigh a nearer deadline.
    age_unit = due_unit // (MAX_AGE_DAYS + 1)
    bonus = [levels[i] * due_unit + order_age(v, dataset) * age_unit for i, v in enumerate(visits)]
    penalties = [0] * len(visits)
    below = travel_bound
    for tier in (4, 3, 2, 1, 0):
        members = [i for i, t in enumerate(tiers) if t == tier]
        base = below + sum(bonus[i] for i in members) + 1
        for i in members:
            penalties[i] = base + bonus[i]
        below += sum(penalties[i] for i in members)
    return penalties


def lexicographic_penalties(visits: Sequence[Visit], dataset: Dataset, travel_bound: int) -> list[int]:
    """Drop penalties with due-date bonuses as strong as fits in 64 bits.

    Strictly, a day nearer the deadline should outweigh any travel; on very
    large days that overflows int64, so the bonus unit shrinks to an hour,
    then to a minute of travel, while priorities stay strictly ordered.
    """
    for due_unit in (travel_bound, 60 * TRAVEL_COST_PER_MIN, TRAVEL_COST_PER_MIN):
        penalties = drop_penalties(visits, dataset, travel_bound, due_unit)
        if sum(penalties) < OBJECTIVE_CEILING:
            return penalties
    raise ValueError("too many visits to keep priorities strictly ordered in a 64-bit objective")


def break_rule(technician: Technician, dataset: Dataset, windows: Mapping[str, tuple[int, int]]) -> BreakRule | None:
    """A break is owed when the shift spans the whole lunch window (or where the caller says)."""
    s = dataset.settings
    if technician.id in windows and s.lunch_minutes > 0:
        return BreakRule(*windows[technician.id], s.lunch_minutes)
    if s.lunch_minutes <= 0 or technician.shift_start > s.lunch_start or technician.shift_end < s.lunch_end:
        return None
    return BreakRule(s.lunch_start, s.lunch_end - s.lunch_minutes, s.lunch_minutes)


def balance_targets(technicians: Sequence[Technician], visits: Sequence[Visit], mean_travel: float) -> list[int]:
    """Each person's fair share of the day's work, in minutes of service and travel."""
    capacity = sum(t.shift_end - t.shift_start for t in technicians) or 1
    demand = sum(v.duration_min + mean_travel for v in visits)
    share = min(1.0, demand / capacity)
    return [int((t.shift_end - t.shift_start) * share) for t in technicians]


def part_limits(
    visits: Sequence[Visit], dataset: Dataset, offset: int
) -> list[tuple[int, tuple[tuple[int, int], ...]]]:
    """Stock limits that can bind: parts whose demand over plannable visits exceeds stock."""
    stock = dataset.stock()
    if stock is None:
        return []
    limits = []
    for part_id, available in stock.items():
        users = tuple((offset + i, v.parts[part_id]) for i, v in enumerate(visits) if part_id in v.parts)
        if sum(q for _, q in users) > available:
            limits.append((available, users))
    return limits


def build_problem(
    dataset: Dataset, allowed: Eligibility, seed: int = 0, options: ProblemOptions = ProblemOptions()
) -> RoutingProblem:
    """Translate a dataset and its eligibility into an index-only routing problem."""
    technicians = dataset.technicians
    visits = visit_order([v for v in dataset.visits if v.id in allowed.allowed], seed)
    m = len(technicians)
    points = [(t.base_lat, t.base_lon) for t in technicians] + [(v.lat, v.lon) for v in visits]
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    km, minutes = travel.matrices(points) if points else (np.zeros((0, 0)), np.zeros((0, 0), dtype=np.int64))
    vehicle_of = {t.id: k for k, t in enumerate(technicians)}
    person_of = {t.id: options.vehicle_people.get(t.id, t.id) for t in technicians}
    first_of: dict[str, int] = {}
    for k, t in enumerate(technicians):
        first_of.setdefault(person_of[t.id], k)
    day_costs = tuple(options.day_costs.get(v.id, ()) for v in visits) if options.day_costs else ()
    shift_total = sum(t.shift_end - t.shift_start for t in technicians)
    preference_cost = options.preference_minutes * TRAVEL_COST_PER_MIN
    targets = tuple(options.target_starts.get(v.id) for v in visits)
    start_costs = tuple(
        0 if target is not None else START_COST_PER_MIN.get(v.priority, 0) for v, target in zip(visits, targets)
    )
    travel_bound = (
        (TRAVEL_COST_PER_MIN + 1) * shift_total
        + len(visits) * preference_cost
        + options.move_cost_per_min * MINUTES_PER_DAY * sum(t is not None for t in targets)
        + MINUTES_PER_DAY * sum(start_costs)
        + sum(max(costs, default=0) for costs in day_costs)
    )
    mean_travel = float(minutes[m:, m:].mean()) if len(visits) > 1 else 0.0
    return RoutingProblem(
        technician_ids=tuple(t.id for t in technicians),
        visit_ids=tuple(v.id for v in visits),
        travel_min=minutes,
        travel_km=km,
        service_min=tuple([0] * m + [v.duration_min for v in visits]),
        windows=tuple(window_bounds(v) for v in visits),
        shifts=tuple((t.shift_start, t.shift_end) for t in technicians),
        max_visits=tuple(len(visits) if t.max_visits is None else t.max_visits for t in technicians),
        allowed=tuple(tuple(vehicle_of[t] for t in allowed.allowed[v.id]) for v in visits),
        penalties=tuple(lexicographic_penalties(visits, dataset, travel_bound)),
        preferred=tuple(first_of.get(v.preferred_technician or "", -1) for v in visits),
        parts=tuple(part_limits(visits, dataset, m)),
        breaks=tuple(break_rule(t, dataset, options.break_windows) for t in technicians),
        balance_targets=tuple(balance_targets(technicians, visits, mean_travel / 2)),
        preference_cost=preference_cost,
        target_starts=targets,
        move_cost_per_min=options.move_cost_per_min,
        start_costs=start_costs,
        vehicle_days=tuple(options.vehicle_days.get(t.id, 0) for t in technicians) if options.vehicle_days else (),
        owners=tuple(first_of[person_of[t.id]] for t in technicians) if options.vehicle_people else (),
        day_costs=day_costs,
        crews=crew_positions(visits, options.crews),
    )


def crew_positions(visits: Sequence[Visit], crews: Sequence[Sequence[str]]) -> tuple[tuple[int, ...], ...]:
    """Each crew's member stops as visit positions; a crew with a stop not in the problem is left out."""
    position = {v.id: i for i, v in enumerate(visits)}
    return tuple(tuple(position[i] for i in crew) for crew in crews if all(i in position for i in crew))


# Costs beyond travel, read alike by the OR-Tools model (model.py) and the compiled search (ruin/),
# so that both minimise the same objective.
def vehicle_surcharge(problem: RoutingProblem) -> np.ndarray:
    """Per vehicle and node, what entering that visit costs beyond travel: preference and day of the horizon."""
    return preference_surcharge(problem) + day_surcharge(problem)


def preference_surcharge(problem: RoutingProblem) -> np.ndarray:
    """Per vehicle and node, the cost of entering a visit someone else is preferred for.

    Each preferred technician needs a cost matrix of its own (one per day
    of a horizon), so within a memory budget only the most asked-for
    preferences are honoured (beyond it, preferences are dropped rather
    than the machine's memory). On a horizon every day of the preferred
    person is theirs (``owners``).
    """
    m = problem.vehicles
    wished = np.array([-1] * m + list(problem.preferred))
    counts = {k: int((wished == k).sum()) for k in set(problem.preferred) if k >= 0}
    days = len(set(problem.vehicle_days)) or 1
    budget = PREFERENCE_CELL_BUDGET // max(1, problem.travel_min.size) // days - 1
    honoured = np.array(sorted(counts, key=lambda k: (-counts[k], k))[: max(0, budget)], dtype=np.int64)
    asked = np.isin(wished, honoured)
    owner = np.array(problem.owners, dtype=np.int64) if problem.owners else np.arange(m)
    return np.where(asked[None, :] & (wished[None, :] != owner[:, None]), problem.preference_cost, 0)


def day_surcharge(problem: RoutingProblem) -> np.ndarray:
    """Per vehicle and node, the cost of doing that visit on the vehicle's day (zero for one day)."""
    m, n = problem.vehicles, len(problem.visit_ids)
    extra = np.zeros((m, m + n), dtype=np.int64)
    if not problem.day_costs or not problem.vehicle_days:
        return extra
    width = max(problem.vehicle_days) + 1
    table = np.zeros((n, width), dtype=np.int64)
    for position, costs in enumerate(problem.day_costs):
        table[position, : min(width, len(costs))] = costs[:width]
    extra[:, m:] = table[:, list(problem.vehicle_days)].T
    return extra
