"""Appointment slots: "when can you come?" answered while the customer is on the phone.

For each day and each slot (two hours by default) every qualified
technician's day is solved again with the new visit pinned to them in
that window. That answers, with the same rules as the full plan (shift,
lunch, other customers' windows, parts), whether it fits, what it costs in
extra travel and which visits it would push out (only less important
work nobody was promised a window for). Each slot is offered with its
cheapest technician, best first: slots on the days the customer prefers
(``preferred_days`` of the request) before all others, because a slot the
customer turns down is no use however cheap; then, for urgent work the
soonest day, else nothing displaced first; then least extra travel. A day
after the plan date that is planned already (a multi-day plan's proposals,
``later``) is solved as it is: that day's shifts and the visits proposed
for it. Any other later day is taken as the same roster with nothing
booked yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from planner.defaults import PLANNING_DEFAULTS
from planner.domain import PRIORITY_WEIGHTS, Dataset, Technician, Visit, hhmm
from planner.io.cells import CellError, parse_date, show
from planner.io.yaml_lines import LinedYaml
from planner.plan import Plan
from planner.planning import plan_day
from planner.problems import Problem
from planner.replan.diff import PlanDiff, diff_plans
from planner.replan.events import ReplanSettings
from planner.routing import SearchParams
from planner.sectors import stock_left
from planner.warm_start import sequences

SLOT_MINUTES = 120
DAY_OPENS, DAY_CLOSES = 8 * 60, 18 * 60
#: A one-technician day is tiny: a short search settles it.
SLOT_SEARCH = SearchParams(time_limit=PLANNING_DEFAULTS.slot_time_limit, guided=False)
#: The request's key (beside the columns of visits.csv) for the days the customer would rather have.
PREFERRED_DAYS = "preferred_days"


@dataclass(frozen=True)
class Slot:
    """One bookable arrival window and who would come."""

    date: dt.date
    start: int
    end: int
    technician_id: str
    extra_travel_min: int
    displaced: tuple[str, ...]
    sequence: tuple[str, ...]

    def label(self) -> str:
        """``2026-11-23 14:00-16:00``."""
        return f"{self.date} {hhmm(self.start)}-{hhmm(self.end)}"

    def to_dict(self) -> dict:
        """JSON form for the API and the CLI."""
        return {
            "date": self.date.isoformat(),
            "window_start": hhmm(self.start),
            "window_end": hhmm(self.end),
            "technician_id": self.technician_id,
            "extra_travel_min": self.extra_travel_min,
            "displaced": list(self.displaced),
        }


#: A planned day after the plan date: its dataset (that date's shifts, the visits proposed for it) and plan.
LaterDays = Mapping[dt.date, tuple[Dataset, Plan]]


def _rank(slot: Slot, dataset: Dataset, visit: Visit, preferred: Collection[dt.date]) -> tuple:
    """Preferred days first. Then urgent work: the soonest day first; otherwise nothing pushed out first,
    then the soonest day; then least extra travel. ``dataset`` is the slot's own day."""
    weight = sum(PRIORITY_WEIGHTS[dataset.visit(v).priority] for v in slot.displaced)
    cost: tuple
    if visit.priority == 1:
        cost = (slot.date, weight, slot.extra_travel_min, slot.start, slot.technician_id)
    else:
        cost = (weight, slot.date, slot.extra_travel_min, slot.start, slot.technician_id)
    return (slot.date not in preferred, *cost)


def read_preferred_days(doc: LinedYaml, first: dt.date, days: int) -> tuple[frozenset[dt.date], list[Problem]]:
    """The request's ``preferred_days`` (a list of ``YYYY-MM-DD``; none when absent), each located when wrong.

    A day outside the ``days`` days offered from ``first`` is an error
    rather than dropped: silently ignored, it would let the dispatcher
    believe the customer's wish was weighed when no slot of that day was
    even looked for. The fix is to ask for more days.
    """
    value = doc.data.get(PREFERRED_DAYS) if isinstance(doc.data, dict) else None
    if value is None:
        return frozenset(), []
    if not isinstance(value, list):
        return frozenset(), [
            doc.problem(f"{PREFERRED_DAYS} must be a list of dates written YYYY-MM-DD", PREFERRED_DAYS)
        ]
    last = first + dt.timedelta(days=days - 1)
    found: set[dt.date] = set()
    problems = []
    for position, item in enumerate(value):
        try:
            date = parse_date(item)
        except CellError as exc:
            problems.append(doc.problem(f"{PREFERRED_DAYS} {show(item)} {exc}", PREFERRED_DAYS, position))
            continue
        if first <= date <= last:
            found.add(date)
        else:
            problems.append(
                doc.problem(
                    f"{PREFERRED_DAYS} {date} is not among the days offered, {first} to {last}; ask for more days",
                    PREFERRED_DAYS,
                    position,
                )
            )
    return frozenset(found), problems


def keeps_commitments(slot: Slot, dataset: Dataset, visit: Visit) -> bool:
    """A slot may only push out less important work that no customer was promised a window for."""
    for visit_id in slot.displaced:
        other = dataset.visit(visit_id)
        if other.priority <= visit.priority or other.window_end is not None or other.pinned_technician:
            return False
    return True


def one_technician_day(
    dataset: Dataset, plan: Plan | None, technician: Technician, date: dt.date, visit: Visit
) -> Dataset:
    """The technician's planned visits (none on later days) plus the new one pinned to them."""
    route = plan.route_of(technician.id) if plan else None
    own = [dataset.visit(s.visit_id) for s in route.stops] if route else []
    others = [r for r in plan.routes if r.technician_id != technician.id] if plan else []
    parts = stock_left(dataset, others)
    return dataset.model_copy(
        update={
            "settings": dataset.settings.model_copy(update={"date": date}),
            "technicians": (technician,),
            "visits": tuple(own) + (visit.model_copy(update={"pinned_technician": technician.id}),),
            "parts": parts,
        }
    )


def try_slot(
    dataset: Dataset, plan: Plan | None, technician: Technician, date: dt.date, visit: Visit, start: int, end: int
) -> Slot | None:
    """Solve the technician's day with the visit in [start, end]; None when it does not fit."""
    windowed = visit.model_copy(update={"window_start": start, "window_end": end})
    day = one_technician_day(dataset, plan, technician, date, windowed)
    solved = plan_day(day, SLOT_SEARCH).plan
    route = solved.route_of(technician.id)
    if route is None or visit.id not in {s.visit_id for s in route.stops}:
        return None
    before = plan.route_of(technician.id) if plan else None
    extra = route.travel_min - (before.travel_min if before else 0)
    displaced = tuple(u.visit_id for u in solved.unassigned)
    return Slot(date, start, end, technician.id, extra, displaced, tuple(s.visit_id for s in route.stops))


def find_slots(
    dataset: Dataset,
    plan: Plan,
    visit: Visit,
    days: int = 3,
    not_before: int = 0,
    slot_minutes: int = SLOT_MINUTES,
    top: int = 8,
    preferred_days: Collection[dt.date] = frozenset(),
    later: LaterDays | None = None,
) -> list[Slot]:
    """Bookable slots over ``days`` days from the plan date, best first (``preferred_days`` before the rest).

    A later day planned already (``later``) is solved with its own shifts
    and proposals. The other later days have nothing booked, so they all
    look alike: the first of them is solved and its answers are offered
    for each.
    """
    later = later or {}
    best: dict[tuple[dt.date, int], Slot] = {}
    of_day: dict[dt.date, Dataset] = {}
    empty: list[Slot] | None = None
    for offset in range(days):
        date = plan.date + dt.timedelta(days=offset)
        if offset == 0:
            day_dataset, day_plan = dataset, plan
        elif date in later:
            day_dataset, day_plan = later[date]
        elif empty is not None:
            for slot in empty:
                best[(date, slot.start)] = replace(slot, date=date)
            of_day[date] = dataset
            continue
        else:
            day_dataset, day_plan = dataset, None
        of_day[date] = day_dataset
        found = _day_slots(
            day_dataset, day_plan, date, visit, not_before if offset == 0 else 0, slot_minutes, preferred_days
        )
        best.update(((date, slot.start), slot) for slot in found)
        if offset > 0 and day_plan is None:
            empty = found
    return sorted(best.values(), key=lambda s: _rank(s, of_day[s.date], visit, preferred_days))[:top]


def _day_slots(
    dataset: Dataset,
    plan: Plan | None,
    date: dt.date,
    visit: Visit,
    not_before: int,
    slot_minutes: int,
    preferred_days: Collection[dt.date],
) -> list[Slot]:
    """The best technician of each slot of one day (``plan`` None: nobody booked yet)."""
    people = [t for t in dataset.technicians if t.qualifies(visit.required_skills) and t.covers(visit.region)]
    best: dict[int, Slot] = {}
    for start in range(DAY_OPENS, DAY_CLOSES, slot_minutes):
        if start < not_before:
            continue
        for technician in people:
            slot = try_slot(dataset, plan, technician, date, visit, start, start + slot_minutes)
            if slot is None or not keeps_commitments(slot, dataset, visit):
                continue
            kept = best.get(start)
            if kept is None or _rank(slot, dataset, visit, preferred_days) < _rank(
                kept, dataset, visit, preferred_days
            ):
                best[start] = slot
    return list(best.values())


@dataclass(frozen=True)
class Booking:
    """The day with the new visit booked into its slot, its plan and what changed."""

    dataset: Dataset
    plan: Plan
    diff: PlanDiff


def book(
    dataset: Dataset, plan: Plan, visit: Visit, slot: Slot, params: SearchParams, later: LaterDays | None = None
) -> Booking:
    """Insert the visit with the slot's window and re-plan, starting from the plan with it already placed.

    A slot on a later day books into that day as planned (``later``), else
    as this module sees it: the same roster with nothing else booked yet.
    """
    if slot.date != plan.date and slot.date in (later or {}):
        dataset, plan = (later or {})[slot.date]
    booked = visit.model_copy(
        update={"window_start": slot.start, "window_end": slot.end, "preferred_technician": slot.technician_id}
    )
    if slot.date == plan.date:
        day = dataset.model_copy(update={"visits": dataset.visits + (booked,)})
        start = sequences(plan) | {slot.technician_id: list(slot.sequence)}
        before = plan
    else:
        settings = dataset.settings.model_copy(update={"date": slot.date})
        day = dataset.model_copy(update={"settings": settings, "visits": (booked,)})
        start = {slot.technician_id: [visit.id]}
        before = Plan(date=slot.date, timezone=settings.timezone, routes=(), unassigned=())
    placed = plan_day(day, params, start_from=start).plan
    return Booking(day, placed, diff_plans(before, placed, ReplanSettings().call_threshold_min))
