"""Is every reason for an unassigned visit true of the plan it comes with?

A reason a dispatcher acts on must never say something false: "stock 3
goes to V0183, V0198 (more important)" when V0198 is routine work sends
them to order parts instead of moving the routine visit. So the checker
confirms each reason's claims from the dataset and the plan alone:

- the code is the first that applies, in the contract's order (skills,
  region, window, parts, then capacity or deferred): nobody qualifies for
  ``no_qualified_technician``; a qualified person exists but none covers
  the region for ``no_technician_in_region``; nobody qualified and local
  could do the visit alone inside their shift for ``window_outside_shifts``;
  and every later code needs someone who could;
- ``parts_out_of_stock``: a part really is short in this plan, and even
  the holders named "more important" (``evidence.more_important``) are
  more important and leave too little, so the stock is the reason;
- ``capacity`` is due work and ``deferred`` is not; the loads they name
  (``evidence.loads``) are as stated: at the cap, busy with those visits in
  the window, back at base at that time with that many visits, or with no
  route and unable to fit the visit alone.

"More important" follows the planner's order of work: pinned or due urgent
work first, then priority (1 before 4), then the earlier due date. It is
spelled out here rather than imported so the checker stays a second
opinion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from planner.domain import Dataset, Technician, Visit

#: Minutes of travel between two (lat, lon) places under the contract's travel model.
Travel = Callable[[tuple[float, float], tuple[float, float]], int]

_BEFORE_CAPACITY = ("no_qualified_technician", "no_technician_in_region", "window_outside_shifts")


@dataclass(frozen=True)
class Service:
    """A planned visit on a route, in minutes after midnight."""

    visit_id: str
    start: float
    end: float


@dataclass(frozen=True)
class RouteFacts:
    """What the plan says about one person's day: the services in order and when they are back."""

    services: tuple[Service, ...]
    back: float | None


def _rank(visit: Visit, date: dt.date) -> tuple[int, dt.date]:
    """The planner's order of work as a sort key, most important first."""
    urgent = visit.priority == 1 and visit.due_date is not None and visit.due_date <= date
    tier = 0 if visit.pinned_technician or urgent else visit.priority
    return tier, visit.due_date or dt.date.max


def _present(visit: Visit, technicians: Sequence[Technician]) -> list[Technician]:
    """Who could ever be sent: the pinned person only, or everyone working today (cap not 0)."""
    if visit.pinned_technician:
        return [t for t in technicians if t.id == visit.pinned_technician]
    return [t for t in technicians if t.max_visits != 0]


def _qualified(visit: Visit, people: Sequence[Technician]) -> list[Technician]:
    return [t for t in people if all(t.skills.get(s, 0) >= lvl for s, lvl in visit.required_skills.items())]


def _local(visit: Visit, people: Sequence[Technician]) -> list[Technician]:
    return [t for t in people if not t.regions or not visit.region or visit.region in t.regions]


def fits_alone(
    visit: Visit, technician: Technician, dataset: Dataset, travel: Travel, as_of: float | None = None
) -> bool:
    """Could this person do the visit as their only one today, keeping every rule of the day?

    Tries every whole-minute start inside the window: leave base in time,
    be back by the end of the shift, and when the shift spans the lunch
    window, fit the break into it before the service (at base or on the
    way) or after it, never across it. The break is owed by the shift, not
    by the day as planned, as the planner owes it (docs/planning.md): a
    person sent home at 12:50 is still on shift after it. In a re-plan
    made at ``as_of`` nobody leaves base before that minute.
    """
    s = dataset.settings
    base, place = (technician.base_lat, technician.base_lon), (visit.lat, visit.lon)
    out, back = travel(base, place), travel(place, base)
    opens = visit.window_start if visit.window_start is not None else 0
    closes = visit.window_end if visit.window_end is not None else 24 * 60
    first = max(opens, max(technician.shift_start, as_of or 0) + out)
    last = min(closes, technician.shift_end - back - visit.duration_min)
    lunch = s.lunch_minutes
    owed = lunch > 0 and technician.shift_start <= s.lunch_start and technician.shift_end >= s.lunch_end
    for start in range(int(first), int(last) + 1):
        end = start + visit.duration_min
        if not owed:
            return True
        before = (
            start - max(s.lunch_start, technician.shift_start) >= lunch
            and min(s.lunch_end, start) - s.lunch_start >= lunch
            and start - technician.shift_start >= out + lunch
        )
        after = s.lunch_end - max(s.lunch_start, end) >= lunch and end + back + lunch <= technician.shift_end
        if before or after:
            return True
    return False


def _standing(visit: Visit) -> str:
    """A visit's place in the order of work as a claim names it: its priority and, when set, its due date."""
    return f"priority {visit.priority}" + (f", due {visit.due_date}" if visit.due_date else "")


def _hhmm(minutes: float) -> str:
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"


class ReasonChecker:
    """Confirms the reasons of one plan; built once, so a large day is not scanned per visit."""

    def __init__(self, dataset: Dataset, routes: Mapping[str, RouteFacts], travel: Travel, as_of: float | None = None):
        self.dataset = dataset
        self.routes = routes
        self.travel = travel
        self.as_of = as_of
        self.visits = {v.id: v for v in dataset.visits}
        self.holders: dict[str, dict[str, int]] = {}
        for facts in routes.values():
            for service in facts.services:
                visit = self.visits.get(service.visit_id)
                for part, qty in visit.parts.items() if visit else ():
                    self.holders.setdefault(part, {})[service.visit_id] = qty

    def problems(self, visit_id: str, code: str, evidence: object) -> Iterator[str]:
        """Every false claim of one reason, as a sentence."""
        visit = self.visits.get(visit_id)
        if visit is None or code == "no_plan_in_time":
            return
        evidence = evidence if isinstance(evidence, Mapping) else {}
        people = _present(visit, self.dataset.technicians)
        qualified = _qualified(visit, people)
        local = _local(visit, qualified)
        able = [t for t in local if fits_alone(visit, t, self.dataset, self.travel, self.as_of)]
        if code == "no_qualified_technician":
            if qualified:
                yield f"says nobody qualifies, but {', '.join(t.id for t in qualified[:4])} hold every required skill"
            return
        if not qualified:
            yield f"gives {code}, but nobody holds the required skills: the reason is no_qualified_technician"
            return
        if code == "no_technician_in_region":
            if local:
                yield f"says nobody qualified covers region {visit.region}, but {', '.join(t.id for t in local[:4])} do"
            return
        if not local:
            yield f"gives {code}, but no qualified person covers region {visit.region}: no_technician_in_region"
            return
        if code == "window_outside_shifts":
            if able:
                yield (
                    f"says the window does not fit any shift, but {', '.join(t.id for t in able[:4])} "
                    "could do it as their only visit"
                )
            return
        if not able:
            yield f"gives {code}, but nobody qualified and local could do it inside their shift: window_outside_shifts"
            return
        if code == "parts_out_of_stock":
            yield from self._parts(visit, evidence)
            return
        yield from self._parts_free(visit, code)
        due = visit.due_date is None or visit.due_date <= self.dataset.settings.date
        if code == "capacity" and not due:
            yield f"gives capacity, but the visit is due {visit.due_date}, after the plan date: deferred"
        if code == "deferred" and due:
            yield "gives deferred, but the visit is due by the plan date"
        for load in evidence.get("loads") or ():
            if isinstance(load, Mapping):
                yield from self._load(visit, load)

    def _left(self, part: str, holders: Sequence[str] | None = None) -> int:
        stock = (self.dataset.stock() or {}).get(part, 0)
        taken = self.holders.get(part, {})
        return stock - sum(q for h, q in taken.items() if holders is None or h in holders)

    def _parts(self, visit: Visit, evidence: Mapping) -> Iterator[str]:
        if self.dataset.stock() is None:
            yield "gives parts_out_of_stock, but the dataset has no parts stock"
            return
        short = [p for p, q in visit.parts.items() if self._left(p) < q]
        if not short:
            yield "gives parts_out_of_stock, but every part it needs is still in stock after the planned visits"
            return
        date = self.dataset.settings.date
        part = evidence.get("part_id")
        named = [str(h) for h in evidence.get("more_important") or ()]
        for holder in named:
            other = self.visits.get(holder)
            if other is None or holder not in self.holders.get(str(part), {}):
                yield f"names {holder} as holding part {part}, but it does not take that part in the plan"
            elif not _rank(other, date) < _rank(visit, date):
                yield f"calls {holder} more important, but it is {_standing(other)} against {_standing(visit)}"
        more = [
            h
            for h, _ in self.holders.get(str(part), {}).items()
            if h in self.visits and _rank(self.visits[h], date) < _rank(visit, date)
        ]
        if part in visit.parts and self._left(str(part), more) >= visit.parts[str(part)]:
            less = [h for h in self.holders.get(str(part), {}) if h not in more]
            yield (
                f"blames the stock of part {part}, but only less important visits ({', '.join(less[:4])}) "
                "keep it from this one"
            )

    def _parts_free(self, visit: Visit, code: str) -> Iterator[str]:
        """A capacity-type reason is only first when stock alone does not already rule the visit out."""
        stock = self.dataset.stock()
        if stock is None:
            return
        if any(stock.get(p, 0) < q for p, q in visit.parts.items()):
            yield f"gives {code}, but the stock could never cover it: parts_out_of_stock"
            return
        date = self.dataset.settings.date
        for part, qty in visit.parts.items():
            more = [h for h in self.holders.get(part, {}) if _rank(self.visits[h], date) < _rank(visit, date)]
            if self._left(part, more) < qty:
                yield f"gives {code}, but more important visits ({', '.join(more[:4])}) hold part {part}: parts_out_of_stock"

    def _load(self, visit: Visit, load: Mapping) -> Iterator[str]:
        who = str(load.get("technician_id"))
        state = load.get("state")
        technician = next((t for t in self.dataset.technicians if t.id == who), None)
        facts = self.routes.get(who)
        if technician is None:
            yield f"names {who}, who is not in the dataset"
        elif state == "no_route":
            if facts is not None and facts.services:
                yield f"says {who} cannot fit it, as if {who} had no route, but {who} has {len(facts.services)} visits"
            elif fits_alone(visit, technician, self.dataset, self.travel, self.as_of):
                yield f"says {who} cannot fit it into the shift, but {who} is free all day and could do it"
        elif facts is None or not facts.services:
            yield f"describes the day of {who}, who has no route"
        elif state == "at_cap":
            if technician.max_visits is None or len(facts.services) < technician.max_visits:
                yield f"says {who} is at the cap of visits, but {who} has {len(facts.services)}"
        elif state == "busy":
            opens = visit.window_start if visit.window_start is not None else 0
            closes = visit.window_end if visit.window_end is not None else 24 * 60
            on_route = {s.visit_id: s for s in facts.services}
            for busy in load.get("visits") or ():
                service = on_route.get(str(busy))
                if service is None:
                    yield f"says {who} is busy with {busy}, which is not on {who}'s route"
                elif service.start > closes or service.end < opens:
                    yield f"says {who} is busy in {_hhmm(opens)}-{_hhmm(closes)} with {busy}, which is outside it"
        elif state == "booked":
            stops = tuple(str(v) for v in load.get("visits") or ())
            if stops != tuple(s.visit_id for s in facts.services):
                yield f"lists {who}'s visits as {', '.join(stops)}, which is not {who}'s route"
            if facts.back is not None and load.get("until") != _hhmm(facts.back):
                yield f"says {who} is booked until {load.get('until')}, but {who} is back at {_hhmm(facts.back)}"
        else:
            yield f"gives {who} an unknown state {state!r}"
