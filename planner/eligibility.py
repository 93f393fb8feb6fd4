"""Who may do which visit, and why nobody may.

Eligibility is settled before any model is built: a visit that no
technician could ever do (missing skill, uncovered region, a window that
no shift can reach, parts that are not in stock) is taken out and
reported, because an OR-Tools routing model treats an empty allowed set
as "anyone" and would waste search time on it. Each test is one small
function, applied in the contract's order of reasons: skills, region,
window, parts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planner.domain import MINUTES_PER_DAY, Dataset, Settings, Technician, Visit
from planner.travel import TravelModel


@dataclass(frozen=True)
class Exclusion:
    """A visit nobody can do today: the first failing rule and the people it was tried on."""

    visit_id: str
    reason_code: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Eligibility:
    """For each plannable visit the technicians allowed to do it, in dataset order."""

    allowed: Mapping[str, tuple[str, ...]]
    excluded: Mapping[str, Exclusion]


def window_bounds(visit: Visit) -> tuple[int, int]:
    """The arrival window as (earliest, latest) service start; open ends span the day."""
    start = visit.window_start if visit.window_start is not None else 0
    end = visit.window_end if visit.window_end is not None else MINUTES_PER_DAY
    return start, end


def reachable_in_shift(visit: Visit, technician: Technician, travel: TravelModel, settings: Settings) -> bool:
    """Can this person leave base, start inside the window, finish and be home within the shift?

    When the shift spans the lunch window the break is owed, and it may not
    cut into the service: the service must then start after a break taken
    before it (at base, on the way or while waiting) or end early enough
    for the break to follow it.
    """
    base = (technician.base_lat, technician.base_lon)
    place = (visit.lat, visit.lon)
    going, coming = travel.minutes(base, place), travel.minutes(place, base)
    open_at, close_at = window_bounds(visit)
    earliest = max(technician.shift_start + going, open_at)
    latest = min(close_at, technician.shift_end - coming - visit.duration_min)
    if earliest > latest:
        return False
    lunch = settings.lunch_minutes
    if lunch <= 0 or technician.shift_start > settings.lunch_start or technician.shift_end < settings.lunch_end:
        return True
    lunch_first = max(settings.lunch_start + lunch, technician.shift_start + going + lunch)
    service_first = settings.lunch_end - lunch - visit.duration_min
    return latest >= lunch_first or earliest <= service_first


def parts_in_stock(visit: Visit, stock: Mapping[str, int] | None) -> bool:
    """Stock can cover this visit's parts on its own (None = parts are not constrained)."""
    if stock is None:
        return True
    return all(stock.get(part, 0) >= qty for part, qty in visit.parts.items())


def candidates_for(visit: Visit, technicians: tuple[Technician, ...]) -> tuple[Technician, ...]:
    """A pinned visit may only go to its pinned technician; others to anyone present."""
    if visit.pinned_technician:
        return tuple(t for t in technicians if t.id == visit.pinned_technician)
    return tuple(t for t in technicians if t.max_visits != 0)


def _filters(
    visit: Visit,
    skilled: frozenset[str],
    local: frozenset[str],
    travel: TravelModel,
    settings: Settings,
    stock: Mapping[str, int] | None,
) -> tuple[tuple[str, Callable[[Technician], bool]], ...]:
    """The tests a technician must pass for ``visit``, in the order a refusal names the first one failed."""
    return (
        ("no_qualified_technician", lambda t: t.id in skilled),
        ("no_technician_in_region", lambda t: t.id in local),
        ("window_outside_shifts", lambda t: reachable_in_shift(visit, t, travel, settings)),
        ("parts_out_of_stock", lambda t: parts_in_stock(visit, stock)),
    )


def eligibility(dataset: Dataset) -> Eligibility:
    """Split the visits into plannable ones (with allowed technicians) and excluded ones.

    Who holds a set of skills and who covers a region is worked out once per
    distinct requirement and region, not per visit: a large day has thousands
    of visits but few distinct requirements, and this check would otherwise
    take seconds.
    """
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    stock = dataset.stock()
    qualified: dict[tuple[tuple[str, int], ...], frozenset[str]] = {}
    covering: dict[str, frozenset[str]] = {}
    allowed: dict[str, tuple[str, ...]] = {}
    excluded: dict[str, Exclusion] = {}
    for visit in dataset.visits:
        people = candidates_for(visit, dataset.technicians)
        needs = tuple(sorted(visit.required_skills.items()))
        if needs not in qualified:
            qualified[needs] = frozenset(t.id for t in dataset.technicians if t.qualifies(visit.required_skills))
        if visit.region not in covering:
            covering[visit.region] = frozenset(t.id for t in dataset.technicians if t.covers(visit.region))
        filters = _filters(visit, qualified[needs], covering[visit.region], travel, dataset.settings, stock)
        for code, keep in filters:
            remaining = tuple(t for t in people if keep(t))
            if not remaining:
                excluded[visit.id] = Exclusion(visit.id, code, tuple(t.id for t in people))
                break
            people = remaining
        else:
            allowed[visit.id] = tuple(t.id for t in people)
    return Eligibility(allowed=allowed, excluded=excluded)
