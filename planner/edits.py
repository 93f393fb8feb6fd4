"""One change a dispatch lead makes to a day's plan by hand, checked before it is kept.

The machine proposes, the lead adjusts: moves a visit to someone else or
to a later time, swaps two visits, takes one out, puts a waiting one in,
or locks a promise made on the phone. Each edit changes only the routes
it touches; those are put on the clock again with the contract's travel
model (leave base just in time, drive, wait for the customer's window,
take the lunch break in the first gap that reaches into the lunch
window), every visit left out gets a reason that is true of the new plan,
and the whole plan is then judged by the independent checker
(``planner.check``). Broken hard rules come back in words with names
(``planner.edit_words``) so the lead can see why an edit is refused; a
soft worsening (more driving, a customer's preferred technician lost) is
reported and may be kept.

A lock lives in the day's dataset, where the planner already honours it:
locked to a technician is ``pinned_technician``; locked to a technician
and a time also makes that minute the visit's promised window. Re-planning
the rest of the day (``planner.replan``) therefore keeps both.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planner.check import Violation, check
from planner.domain import Dataset, Technician, Visit, hhmm
from planner.edit_words import Words, soft_words, violation_words
from planner.eligibility import eligibility
from planner.explain import DropExplainer
from planner.kpis import plan_kpis
from planner.plan import Break, Plan, Route, Stop, Unassigned
from planner.timeline import clock
from planner.travel import TravelModel

#: The kinds of edit, as the board and the API name them.
KINDS = ("move", "swap", "unassign", "assign", "lock", "unlock")
#: Reasons for a visit left out that do not depend on the routes (nobody could ever do it today).
FIXED_REASONS = frozenset({"no_qualified_technician", "no_technician_in_region", "window_outside_shifts"})


class EditError(ValueError):
    """The edit names something the day does not have, or asks for what cannot be done (in both languages)."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.words = Words(en, zh)


@dataclass(frozen=True)
class Edit:
    """One change: ``visit_id`` with, by kind, a technician, a place in their route, a start or a second visit.

    - ``move``: to ``technician_id``, at ``position`` (0 = first; default:
      by ``start``, else last), starting no earlier than ``start``;
    - ``assign``: the same for a visit that is left out;
    - ``swap``: ``visit_id`` and ``other_visit_id`` change places;
    - ``unassign``: take the visit out of the plan;
    - ``lock``: to ``technician_id`` (its current technician by default),
      and to the minute ``start`` when given; ``unlock`` lifts the technician lock.
    """

    kind: str
    visit_id: str
    technician_id: str | None = None
    position: int | None = None
    start: int | None = None
    other_visit_id: str | None = None


@dataclass(frozen=True)
class Edited:
    """The day after an edit: its dataset (locks change it), plan, what was done and what it costs."""

    dataset: Dataset
    plan: Plan
    done: Words
    broken: tuple[Words, ...]
    worse: tuple[Words, ...]
    violations: tuple[Violation, ...] = field(default=())
    technicians: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """No hard rule is broken: the edit may be kept."""
        return not self.violations


def _name(dataset: Dataset, technician_id: str) -> str:
    technician = dataset.technician(technician_id)
    return technician.name or technician.id


def _visit(dataset: Dataset, visit_id: str) -> Visit:
    try:
        return dataset.visit(visit_id)
    except KeyError:
        raise EditError(f"visit {visit_id} is not in this day", f"今日没有工单 {visit_id}") from None


def _technician(dataset: Dataset, technician_id: str | None) -> Technician:
    try:
        return dataset.technician(str(technician_id))
    except KeyError:
        raise EditError(
            f"technician {technician_id} does not work this day", f"技师 {technician_id} 今日不在班"
        ) from None


# --- putting a route on the clock ---------------------------------------------------


def _place(visit: Visit) -> tuple[float, float]:
    return visit.lat, visit.lon


def time_route(
    dataset: Dataset, technician: Technician, visit_ids: Sequence[str], not_before: Mapping[str, int]
) -> Route:
    """The technician's visits in this order, each started as soon as the drive, its window and ``not_before`` allow.

    The lunch break goes into a gap between two visits (or before driving
    home): a wait for a customer's window that holds it whole, else the
    last gap after which it would no longer fit inside the lunch window; a
    route where it fits nowhere is left without one, and the checker says so.
    """
    settings = dataset.settings
    travel = TravelModel(settings.speed_kmh, settings.road_factor)
    lunch_length, lunch_opens, lunch_closes = settings.lunch_minutes, settings.lunch_start, settings.lunch_end
    base = (technician.base_lat, technician.base_lon)
    visits = [dataset.visit(v) for v in visit_ids]
    places = [base] + [_place(v) for v in visits] + [base]
    lunch: int | None = None
    stops = []
    depart = end = technician.shift_start
    for index, visit in enumerate(visits):
        leg = travel.minutes(places[index], places[index + 1])
        earliest = max(visit.window_start or 0, not_before.get(visit.id, 0))
        if index == 0:
            start = max(technician.shift_start + leg, earliest)
            depart, arrival = start - leg, start
        else:
            arrival = end + leg
            taken = max(end, lunch_opens)
            after = max(arrival, earliest) + visit.duration_min
            free = taken + lunch_length + leg <= earliest
            if (
                lunch is None
                and lunch_length
                and taken + lunch_length <= lunch_closes
                and (free or after + lunch_length > lunch_closes)
            ):
                lunch, arrival = taken, taken + lunch_length + leg
            start = max(arrival, earliest)
        stops.append(
            Stop(
                visit_id=visit.id,
                arrival=clock(settings, arrival),
                start=clock(settings, start),
                end=clock(settings, start + visit.duration_min),
                travel_min=leg,
                travel_km=round(travel.km(places[index], places[index + 1]), 2),
            )
        )
        end = start + visit.duration_min
    home = travel.minutes(places[-2], places[-1])
    back = end + home
    if lunch is None and lunch_length and visits and depart <= lunch_opens and back >= lunch_closes:
        taken = max(end, lunch_opens)
        if taken + lunch_length <= lunch_closes:
            lunch, back = taken, taken + lunch_length + home
    legs = list(itertools.pairwise(places))
    return Route(
        technician_id=technician.id,
        depart=clock(settings, depart),
        return_=clock(settings, back),
        break_=None
        if lunch is None
        else Break(start=clock(settings, lunch), end=clock(settings, lunch + lunch_length)),
        stops=tuple(stops),
        travel_km=round(sum(travel.km(a, b) for a, b in legs), 2),
        travel_min=sum(travel.minutes(a, b) for a, b in legs),
    )


def _minute(moment) -> int:
    return moment.hour * 60 + moment.minute


# --- the edits ------------------------------------------------------------------------


def _sequences(plan: Plan) -> dict[str, list[str]]:
    return {route.technician_id: [s.visit_id for s in route.stops] for route in plan.routes}


def _starts(plan: Plan) -> dict[str, int]:
    return {s.visit_id: _minute(s.start) for route in plan.routes for s in route.stops}


def _where(sequences: Mapping[str, list[str]], visit_id: str) -> str | None:
    return next((tid for tid, ids in sequences.items() if visit_id in ids), None)


def _insert_at(plan: Plan, sequence: list[str], visit_id: str, position: int | None, start: int | None) -> None:
    """Put the visit at ``position``; without one, before the first visit that starts later than ``start``."""
    if position is None:
        starts = _starts(plan)
        position = (
            len(sequence)
            if start is None
            else next((i for i, v in enumerate(sequence) if starts.get(v, 0) > start), len(sequence))
        )
    sequence.insert(max(0, min(position, len(sequence))), visit_id)


def _locked(dataset: Dataset, visit: Visit, update: dict) -> Dataset:
    changed = visit.model_copy(update=update)
    return dataset.model_copy(update={"visits": tuple(changed if v.id == visit.id else v for v in dataset.visits)})


def _change(dataset: Dataset, plan: Plan, edit: Edit) -> tuple[Dataset, dict[str, list[str]], dict[str, int], Words]:
    """The dataset, routes (technician -> visit order), earliest starts and words of the edit."""
    sequences = _sequences(plan)
    not_before: dict[str, int] = {}
    visit = _visit(dataset, edit.visit_id)
    here = _where(sequences, visit.id)
    if edit.kind in ("move", "assign"):
        technician = _technician(dataset, edit.technician_id)
        if edit.kind == "assign" and here is not None:
            raise EditError(f"visit {visit.id} is already planned", f"工单 {visit.id} 已在计划中")
        if edit.kind == "move" and here is None:
            raise EditError(
                f"visit {visit.id} is not planned; put it in instead", f"工单 {visit.id} 未排入，请用“排入”"
            )
        if here is not None:
            sequences[here].remove(visit.id)
        target = sequences.setdefault(technician.id, [])
        _insert_at(plan, target, visit.id, edit.position, edit.start)
        if edit.start is not None:
            not_before[visit.id] = edit.start
        at = "" if edit.start is None else f" at {hhmm(edit.start)}"
        at_zh = "" if edit.start is None else f"（{hhmm(edit.start)}）"
        verb, verb_zh = ("moved", "改派") if edit.kind == "move" else ("put in", "排入")
        return (
            dataset,
            sequences,
            not_before,
            Words(
                f"{visit.id} {verb} to {_name(dataset, technician.id)}{at}",
                f"{visit.id} {verb_zh}给 {_name(dataset, technician.id)}{at_zh}",
            ),
        )
    if edit.kind == "swap":
        other = _visit(dataset, str(edit.other_visit_id))
        there = _where(sequences, other.id)
        if here is None or there is None or other.id == visit.id:
            raise EditError("a swap needs two different planned visits", "互换需要两个不同的已排工单")
        a, b = sequences[here].index(visit.id), sequences[there].index(other.id)
        sequences[here][a], sequences[there][b] = other.id, visit.id
        return (
            dataset,
            sequences,
            not_before,
            Words(f"{visit.id} and {other.id} swapped", f"{visit.id} 与 {other.id} 互换"),
        )
    if edit.kind == "unassign":
        if here is None:
            raise EditError(f"visit {visit.id} is not planned", f"工单 {visit.id} 不在计划中")
        if visit.pinned_technician:
            raise EditError(f"visit {visit.id} is locked; unlock it first", f"工单 {visit.id} 已锁定，请先解锁")
        sequences[here].remove(visit.id)
        return dataset, sequences, not_before, Words(f"{visit.id} taken out of the plan", f"{visit.id} 移出计划")
    if edit.kind == "lock":
        technician = _technician(dataset, edit.technician_id or here)
        update: dict = {"pinned_technician": technician.id}
        if edit.start is not None:
            update.update(window_start=edit.start, window_end=edit.start)
        if here != technician.id or edit.start is not None:
            if here is not None:
                sequences[here].remove(visit.id)
            _insert_at(plan, sequences.setdefault(technician.id, []), visit.id, edit.position, edit.start)
        at = "" if edit.start is None else f" at {hhmm(edit.start)}"
        at_zh = "" if edit.start is None else f" {hhmm(edit.start)}"
        return (
            _locked(dataset, visit, update),
            sequences,
            not_before,
            Words(
                f"{visit.id} locked to {_name(dataset, technician.id)}{at}",
                f"{visit.id} 锁定给 {_name(dataset, technician.id)}{at_zh}",
            ),
        )
    if edit.kind == "unlock":
        return (
            _locked(dataset, visit, {"pinned_technician": None}),
            sequences,
            not_before,
            Words(f"{visit.id} unlocked", f"{visit.id} 解除锁定"),
        )
    raise EditError(
        f"unknown edit {edit.kind} (expected {', '.join(KINDS)})", f"未知的修改 {edit.kind}（可用：{', '.join(KINDS)}）"
    )


def _unassigned(dataset: Dataset, plan: Plan, routes: Sequence[Route], taken_out: str | None) -> tuple[Unassigned, ...]:
    """A true reason for every visit now left out: fixed reasons stay, the rest are explained on the new routes."""
    served = {s.visit_id for r in routes for s in r.stops}
    before = {u.visit_id: u for u in plan.unassigned}
    allowed = eligibility(dataset).allowed
    explainer = DropExplainer(dataset, routes)
    out = []
    for visit in dataset.visits:
        if visit.id in served:
            continue
        kept = before.get(visit.id)
        if kept is not None and kept.reason_code in FIXED_REASONS:
            out.append(kept)
            continue
        reason = explainer.explain(visit, allowed.get(visit.id, ()))
        if visit.id == taken_out:
            reason = reason.model_copy(
                update={
                    "reason": f"taken out by the dispatcher; {reason.reason}",
                    "reason_zh": f"调度员移出；{reason.reason_zh}",
                }
            )
        out.append(reason)
    return tuple(out)


def apply_edit(dataset: Dataset, plan: Plan, edit: Edit) -> Edited:
    """The day with the edit made, routes it touches re-timed, checked; raises EditError when it cannot be made."""
    changed, sequences, not_before, done = _change(dataset, plan, edit)
    old = _sequences(plan)
    touched = sorted(t for t in set(old) | set(sequences) if old.get(t, []) != sequences.get(t, []))
    if edit.kind == "lock" and edit.start is not None:
        touched = sorted(set(touched) | {t for t, ids in sequences.items() if edit.visit_id in ids})
    kept = {r.technician_id: r for r in plan.routes if r.technician_id not in touched}
    for technician_id in touched:
        if sequences.get(technician_id):
            kept[technician_id] = time_route(
                changed, changed.technician(technician_id), sequences[technician_id], not_before
            )
    routes = [kept[t.id] for t in changed.technicians if t.id in kept]
    unassigned = _unassigned(changed, plan, routes, edit.visit_id if edit.kind == "unassign" else None)
    new_plan = plan.model_copy(
        update={"routes": tuple(routes), "unassigned": unassigned, "kpis": plan_kpis(changed, routes, unassigned)}
    )
    violations = tuple(check(changed, new_plan))
    broken = tuple(violation_words(changed, new_plan, v) for v in violations)
    return Edited(
        changed, new_plan, done, broken, tuple(soft_words(dataset, plan, changed, new_plan)), violations, tuple(touched)
    )
