"""Large days in sectors: which technicians and visits are planned together.

A routing search slows down faster than a day grows: on 2,000 visits and
200 technicians one model takes about a minute and a gigabyte, most of it
OR-Tools building and checking a model whose travel matrix has four
million cells. Regions are natural seams: visits never change region and most
technicians work in one or two. So a large day is cut into sectors, one
per region, each holding the visits of that region and the technicians
placed there, and each sector is planned on its own model.

A technician who covers several regions is placed where demand most
exceeds the time already placed there; ``planner.planning`` then lets the
visits a sector could not fit go to people of other sectors who cover
them and still have time. Spare parts are shared by the whole day: a
sector gets the stock the sectors planned before it left.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.domain import Dataset, Part
from planner.eligibility import Eligibility
from planner.plan import Route

#: Days with more plannable visits than this are planned in sectors: up to here one
#: model pays (a 1,000-visit day serves 848-861 visits on one model, 754 in sectors).
LARGE_DAY = 1200
#: The pass across sectors offers left-over visits to at most this many visits' worth of routes.
SPILL_MAX_VISITS = 250


@dataclass(frozen=True)
class Sector:
    """Technicians and visits planned together, by id, in dataset order."""

    region: str
    technicians: tuple[str, ...]
    visits: tuple[str, ...]


def split_day(dataset: Dataset, allowed: Eligibility) -> list[Sector]:
    """One sector per region with plannable work; every plannable visit lands in exactly one.

    Technicians covering fewer regions are placed first, so that the
    flexible ones fill what is left. A visit goes to its own region's
    sector when someone allowed to do it is placed there, to its pinned
    technician's sector when pinned, and otherwise to the sector holding
    most of the people allowed to do it.
    """
    visits = [v for v in dataset.visits if v.id in allowed.allowed]
    demand: Counter[str] = Counter()
    for v in visits:
        demand[v.region] += v.duration_min
    placed: Counter[str] = Counter()
    home: dict[str, str] = {}
    covering = {t.id: sorted(r for r in demand if t.covers(r)) for t in dataset.technicians}
    for t in sorted(dataset.technicians, key=lambda t: (len(covering[t.id]), t.id)):
        if not covering[t.id]:
            continue
        region = max(covering[t.id], key=lambda r: (demand[r] - placed[r], r))
        home[t.id] = region
        placed[region] += t.shift_end - t.shift_start
    members: dict[str, list[str]] = defaultdict(list)
    for v in visits:
        members[_sector_of(v.region, v.pinned_technician, allowed.allowed[v.id], home)].append(v.id)
    return [
        Sector(region, tuple(t.id for t in dataset.technicians if home.get(t.id) == region), tuple(members[region]))
        for region in sorted(members)
    ]


def _sector_of(region: str, pinned: str | None, people: Iterable[str], home: Mapping[str, str]) -> str:
    if pinned and pinned in home:
        return home[pinned]
    where = Counter(home[t] for t in people if t in home)
    if region in where:
        return region
    return max(where, key=lambda r: (where[r], r))


def stock_left(dataset: Dataset, routes: Iterable[Route]) -> tuple[Part, ...] | None:
    """The dataset's stock less what the given routes take, never below none: the one count of parts left,
    for the sectors of a large day and for the slots offered around everyone else's routes."""
    if dataset.parts is None:
        return None
    visits = {v.id: v for v in dataset.visits}
    used: Counter[str] = Counter()
    for route in routes:
        for stop in route.stops:
            used.update(visits[stop.visit_id].parts)
    return tuple(p.model_copy(update={"stock": max(0, p.stock - used[p.id])}) for p in dataset.parts)


def sub_day(
    dataset: Dataset,
    allowed: Eligibility,
    technicians: Iterable[str],
    visits: Iterable[str],
    parts: tuple[Part, ...] | None,
) -> tuple[Dataset, Eligibility]:
    """The part of the day with only these people, visits and stock, and who may do what in it."""
    people, wanted = set(technicians), set(visits)
    day = dataset.model_copy(
        update={
            "technicians": tuple(t for t in dataset.technicians if t.id in people),
            "visits": tuple(v for v in dataset.visits if v.id in wanted),
            "parts": parts,
        }
    )
    may = {v: tuple(t for t in allowed.allowed[v] if t in people) for v in allowed.allowed if v in wanted}
    return day, Eligibility(allowed={v: ts for v, ts in may.items() if ts}, excluded={})
