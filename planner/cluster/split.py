"""Cut a day into independent parts: groups of technicians and visits that share nothing.

Cities share no technician, so a national day is many days side by side;
planning them apart gives the same kind of plan as planning them together,
and they can go to different machines. Two visits belong to the same part
when some technician may do both (the eligibility graph: regions, skills,
shifts and pins are all in it), or when they draw on the same scarce spare
part.

Spare parts are shared by the whole day, so the stock is split honestly:

- a part is *ample* when its stock covers every plannable visit that needs
  it; each part of the day then gets exactly its own visits' demand, which
  it can never run short of, and the parts together take no more than the
  stock;
- a part is *scarce* otherwise; every visit that needs it is kept in one
  part of the day, which gets the whole stock, so who is left without it
  is decided (and explained) exactly as in a plan of the whole day.

Technicians with no plannable visit join no part: they get no route either way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from planner.domain import Dataset, Part, Technician, Visit
from planner.eligibility import Eligibility, eligibility


@dataclass(frozen=True)
class Component:
    """Technicians and plannable visits planned together, by id, in dataset order."""

    technicians: tuple[str, ...]
    visits: tuple[str, ...]


class _Joined:
    """Union-find over technician and visit ids; the smallest key names each group."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, key: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def day_eligibility(dataset: Dataset) -> Eligibility:
    """Who may do each visit, exactly as ``planner.eligibility.eligibility`` finds for the whole day, but
    worked out group of regions by group of regions.

    Checking every visit against every technician costs visits x technicians,
    all in the one process that cuts the day before any worker starts: 20 s
    of processor time for 40 cities of 500 visits (2,000 technicians), and
    25 times that for 100 cities of 1,000. Nobody may do a visit outside the
    regions they cover, so regions joined by the people who cover them are
    checked apart. The few visits nobody may do are checked again against
    the whole day, so that their reasons name the same people (a skill nobody
    in the city has may be held in another). A technician who may work
    anywhere, or a visit without a region, joins everything: then the whole
    day is checked at once.
    """
    if any(not t.regions for t in dataset.technicians) or any(not v.region for v in dataset.visits):
        return eligibility(dataset)
    joined = _Joined()
    for technician in dataset.technicians:
        for region in technician.regions:
            joined.join(("r", region), ("r", technician.regions[0]))
    people: dict[tuple[str, str], list[Technician]] = defaultdict(list)
    for technician in dataset.technicians:
        people[joined.find(("r", technician.regions[0]))].append(technician)
    visits: dict[tuple[str, str], list[Visit]] = defaultdict(list)
    for visit in dataset.visits:
        visits[joined.find(("r", visit.region))].append(visit)
    allowed: dict[str, tuple[str, ...]] = {}
    excluded: list[Visit] = []
    for group, own in visits.items():
        found = eligibility(
            dataset.model_copy(update={"technicians": tuple(people.get(group, ())), "visits": tuple(own)})
        )
        allowed.update(found.allowed)
        excluded += [v for v in own if v.id in found.excluded]
    # Their reasons come from the whole day: one more pass over everyone, for the few visits nobody may do.
    again = eligibility(dataset.model_copy(update={"visits": tuple(excluded)}))
    allowed.update(again.allowed)
    return Eligibility(
        {v.id: allowed[v.id] for v in dataset.visits if v.id in allowed},
        {v.id: again.excluded[v.id] for v in dataset.visits if v.id in again.excluded},
    )


def scarce_parts(dataset: Dataset, allowed: Eligibility) -> frozenset[str]:
    """Parts whose stock does not cover every plannable visit needing them (none without a parts list)."""
    stock = dataset.stock()
    if stock is None:
        return frozenset()
    demand: Counter[str] = Counter()
    for visit in dataset.visits:
        if visit.id in allowed.allowed:
            demand.update(visit.parts)
    return frozenset(p for p, wanted in demand.items() if stock.get(p, 0) < wanted)


def components(dataset: Dataset, allowed: Eligibility) -> list[Component]:
    """The independent parts of the day, ordered by their first visit in the dataset."""
    joined = _Joined()
    scarce = scarce_parts(dataset, allowed)
    first_holder: dict[str, str] = {}
    plannable = [v for v in dataset.visits if v.id in allowed.allowed]
    for visit in plannable:
        for technician_id in allowed.allowed[visit.id]:
            joined.join(("v", visit.id), ("t", technician_id))
        for part in sorted(scarce.intersection(visit.parts)):
            joined.join(("v", visit.id), ("v", first_holder.setdefault(part, visit.id)))
    visits: dict[tuple[str, str], list[str]] = defaultdict(list)
    for visit in plannable:
        visits[joined.find(("v", visit.id))].append(visit.id)
    people: dict[tuple[str, str], list[str]] = defaultdict(list)
    for technician in dataset.technicians:
        root = joined.find(("t", technician.id))
        if root in visits:
            people[root].append(technician.id)
    return [Component(tuple(people[root]), tuple(ids)) for root, ids in visits.items()]


def component_days(dataset: Dataset, allowed: Eligibility, parts: list[Component]) -> list[Dataset]:
    """The dataset of each part of the day: its people (and their shifts by date), its visits and its share of the stock.

    A scarce part's whole stock goes to the one part of the day that uses
    it; an ample part gives each part of the day its own demand.
    """
    scarce = scarce_parts(dataset, allowed)
    by_id = {v.id: v for v in dataset.visits}
    people = {t.id: t for t in dataset.technicians}
    days = []
    for part in parts:
        visits = tuple(by_id[v] for v in part.visits)
        mine = set(part.technicians)
        days.append(
            dataset.model_copy(
                update={
                    "technicians": tuple(people[t] for t in part.technicians),
                    "visits": visits,
                    "parts": _stock(dataset, scarce, visits),
                    "availability": tuple(a for a in dataset.availability if a.technician_id in mine),
                }
            )
        )
    return days


def _stock(dataset: Dataset, scarce: frozenset[str], visits: tuple[Visit, ...]) -> tuple[Part, ...] | None:
    if dataset.parts is None:
        return None
    demand: Counter[str] = Counter()
    for visit in visits:
        demand.update(visit.parts)
    return tuple(
        p.model_copy(update={"stock": p.stock if p.id in scarce and demand[p.id] else demand[p.id]})
        for p in dataset.parts
    )
