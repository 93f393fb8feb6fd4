"""Why a visit is not in today's plan, in words a dispatcher can act on.

Each reason names what is missing and who came closest, so the
dispatcher knows whom to call, whom to train or what to order. Reasons
follow the contract's order: skills, region, window, parts, then
capacity (due work that did not fit) or deferred (not due yet). Every
sentence comes in English (``reason``) and Chinese (``reason_zh``), and
none carries customer data.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from planner.domain import Dataset, Technician, Visit, hhmm
from planner.eligibility import Exclusion, reachable_in_shift, window_bounds
from planner.plan import Evidence, Load, Route, Unassigned
from planner.travel import TravelModel

MAX_NAMED = 4


def _skills(required: Mapping[str, int]) -> str:
    return ", ".join(f"{skill}:{level}" for skill, level in required.items()) or "-"


def _people(ids: Iterable[str]) -> str:
    ids = list(ids)
    named = ", ".join(ids[:MAX_NAMED])
    return named + (f" (+{len(ids) - MAX_NAMED})" if len(ids) > MAX_NAMED else "")


def _people_zh(ids: Iterable[str]) -> str:
    return _people(ids).replace(", ", "、")


def _region_names(dataset: Dataset, region: str) -> tuple[str, str]:
    for item in dataset.regions:
        if item.id == region:
            return item.name_en or item.id, item.name or item.id
    return region, region


def _closest_levels(visit: Visit, people: Iterable[Technician]) -> list[str]:
    """People ranked by how much of the required skill set they hold, with their levels."""
    scored = []
    for t in people:
        held = [f"{s} {t.level(s)}" for s in visit.required_skills if t.level(s) > 0]
        if held:
            scored.append((-sum(min(t.level(s), lvl) for s, lvl in visit.required_skills.items()), t.id, f"{t.id} ({', '.join(held)})"))
    return [text for _, _, text in sorted(scored)[:MAX_NAMED]]


def _pin_note(visit: Visit) -> tuple[str, str]:
    if visit.pinned_technician:
        return f"pinned to {visit.pinned_technician}; ", f"指定由 {visit.pinned_technician} 上门；"
    return "", ""


def no_qualified(visit: Visit, dataset: Dataset, candidates: tuple[str, ...]) -> tuple[str, str]:
    """Nobody (among the candidates) holds every required skill at the level asked."""
    pin, pin_zh = _pin_note(visit)
    people = [t for t in dataset.technicians if t.id in candidates]
    closest = _closest_levels(visit, people)
    need = _skills(visit.required_skills)
    if not closest:
        return (f"{pin}needs {need}; nobody on today's roster has it", f"{pin_zh}需要 {need}；今日在岗人员无人具备")
    return (
        f"{pin}needs {need}; closest: {'; '.join(closest)}",
        f"{pin_zh}需要 {need}；最接近的：{'；'.join(closest)}",
    )


def no_region(visit: Visit, dataset: Dataset, candidates: tuple[str, ...]) -> tuple[str, str]:
    """Qualified people exist, but none of them covers the visit's region."""
    qualified = [t.id for t in dataset.technicians if t.id in candidates and t.qualifies(visit.required_skills)]
    en, zh = _region_names(dataset, visit.region)
    need = _skills(visit.required_skills)
    return (
        f"needs {need}; qualified: {_people(qualified)}, none covers region {en}",
        f"需要 {need}；具备资格：{_people_zh(qualified)}，但都不负责{zh}区域",
    )


def window_unreachable(visit: Visit, dataset: Dataset, candidates: tuple[str, ...]) -> tuple[str, str]:
    """The window cannot be reached and finished inside any qualified person's shift."""
    people = [t for t in dataset.technicians if t.id in candidates and t.qualifies(visit.required_skills) and t.covers(visit.region)]
    opens, closes = window_bounds(visit)
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    away = {t.id: travel.minutes((t.base_lat, t.base_lon), (visit.lat, visit.lon)) for t in people[:MAX_NAMED]}
    shifts = ", ".join(f"{t.id} {hhmm(t.shift_start)}-{hhmm(t.shift_end)} ({away[t.id]} min away)" for t in people[:MAX_NAMED])
    shifts_zh = "、".join(f"{t.id} {hhmm(t.shift_start)}-{hhmm(t.shift_end)}（车程 {away[t.id]} 分钟）" for t in people[:MAX_NAMED])
    window = f"{hhmm(opens)}-{hhmm(closes)}"
    no_lunch = dataset.settings.model_copy(update={"lunch_minutes": 0})
    if any(reachable_in_shift(visit, t, travel, no_lunch) for t in people):
        lunch = dataset.settings.lunch_minutes
        return (
            f"{visit.duration_min} min on site leaves no room for the {lunch}-min lunch break in the shifts of {shifts}",
            f"上门 {visit.duration_min} 分钟，班次内无法安排 {lunch} 分钟午休：{shifts_zh}",
        )
    return (
        f"arrival window {window} with {visit.duration_min} min on site does not fit the shifts of {shifts}",
        f"预约时段 {window}（上门 {visit.duration_min} 分钟）不在可派人员的班次内：{shifts_zh}",
    )


def _taken(users: Mapping[str, Mapping[str, int]], part: str) -> int:
    return sum(users.get(part, {}).values())


def parts_short(visit: Visit, dataset: Dataset, users: Mapping[str, Mapping[str, int]],
                visits: Mapping[str, Visit] | None = None) -> tuple[str, str, Evidence]:
    """The parts are not in stock, or what is in stock went to more important visits.

    Only the holders that really are more important (``Visit.importance``)
    are called so; any others are named as plain holders, so the sentence
    never claims more than the plan shows.
    """
    stock = dataset.stock() or {}
    part, qty = next(
        ((p, q) for p, q in visit.parts.items() if stock.get(p, 0) - _taken(users, p) < q),
        next(iter(visit.parts.items())),
    )
    have = stock.get(part, 0)
    more, others = _holders(visit, dataset, users.get(part, {}), visits or {})
    evidence = Evidence(part_id=part, quantity=qty, stock=have, more_important=more, others=others)
    if not more and not others:
        return f"needs part {part} x{qty}; stock is {have}", f"需要配件 {part} x{qty}；库存仅 {have}", evidence
    en = f"needs part {part} x{qty}; stock {have} goes to "
    zh = f"需要配件 {part} x{qty}；库存 {have} 已分配给 "
    if more:
        en += f"{_people(more)} (more important)"
        zh += f"{_people_zh(more)}（更重要）"
    if others:
        en += (" and " if more else "") + _people(others)
        zh += ("及 " if more else "") + _people_zh(others)
    return en, zh, evidence


def _holders(visit: Visit, dataset: Dataset, holders: Mapping[str, int],
             visits: Mapping[str, Visit]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Holders of a part split into the more important ones and the rest, in plan order."""
    date = dataset.settings.date
    mine = visit.importance(date)
    more = tuple(h for h in holders if h in visits and visits[h].importance(date) < mine)
    return more, tuple(h for h in holders if h not in more)


def _load(visit: Visit, technician: Technician, route: Route | None) -> tuple[str, str, Load]:
    """How one qualified person's day is filled, as it bears on this visit."""
    who = technician.id
    if route is None:
        return f"{who} cannot fit it into the shift", f"{who} 班次内排不下", Load(technician_id=who, state="no_route")
    if technician.max_visits is not None and len(route.stops) >= technician.max_visits:
        return (f"{who} is at its cap of {technician.max_visits} visits", f"{who} 已达每日上限 {technician.max_visits} 单",
                Load(technician_id=who, state="at_cap"))
    if visit.window_end is not None:
        opens, closes = window_bounds(visit)
        busy = [s.visit_id for s in route.stops if s.start.hour * 60 + s.start.minute <= closes and s.end.hour * 60 + s.end.minute >= opens]
        if busy:
            span = f"{hhmm(opens)}-{hhmm(closes)}"
            return (f"{who} is busy in {span} with {_people(busy)}", f"{who} 在 {span} 已有 {_people_zh(busy)}",
                    Load(technician_id=who, state="busy", visits=tuple(busy)))
    back = route.return_.strftime("%H:%M")
    return (
        f"{who} is booked until {back} with {len(route.stops)} visits",
        f"{who} 已排 {len(route.stops)} 单至 {back}",
        Load(technician_id=who, state="booked", visits=tuple(s.visit_id for s in route.stops), until=back),
    )


def room_loads(visit: Visit, dataset: Dataset, allowed: tuple[str, ...],
               routes: Mapping[str, Route]) -> tuple[str, str, Evidence]:
    """How the days of the first few allowed people are filled, as words and as evidence."""
    loads = [_load(visit, dataset.technician(tid), routes.get(tid)) for tid in allowed[:MAX_NAMED]]
    more = f"; +{len(allowed) - MAX_NAMED} more" if len(allowed) > MAX_NAMED else ""
    en = "; ".join(e for e, _, _ in loads) + more
    zh = "；".join(z for _, z, _ in loads) + more.replace("; +", "；另 ").replace(" more", " 人")
    return en, zh, Evidence(loads=tuple(load for _, _, load in loads))


def no_room(visit: Visit, dataset: Dataset, allowed: tuple[str, ...], routes: Mapping[str, Route],
            deferred: bool) -> tuple[str, str, Evidence]:
    """Qualified people exist but their day is full of more important or closer work."""
    pin, pin_zh = _pin_note(visit)
    en, zh, evidence = room_loads(visit, dataset, allowed, routes)
    if deferred:
        return (
            f"{pin}due {visit.due_date}, left for another day: {en}",
            f"{pin_zh}截止 {visit.due_date}，改日安排：{zh}",
            evidence,
        )
    return (
        f"{pin}no room today for more important or closer work: {en}",
        f"{pin_zh}今日已排满更重要或更近的工单：{zh}",
        evidence,
    )


def explain_exclusion(exclusion: Exclusion, dataset: Dataset) -> Unassigned:
    """Reason for a visit taken out before solving: nobody could ever do it today."""
    visit = dataset.visit(exclusion.visit_id)
    if exclusion.reason_code == "no_qualified_technician":
        en, zh = no_qualified(visit, dataset, exclusion.candidates)
    elif exclusion.reason_code == "no_technician_in_region":
        en, zh = no_region(visit, dataset, exclusion.candidates)
    elif exclusion.reason_code == "window_outside_shifts":
        en, zh = window_unreachable(visit, dataset, exclusion.candidates)
    else:
        en, zh, evidence = parts_short(visit, dataset, {})
        return Unassigned(visit_id=visit.id, reason_code=exclusion.reason_code, reason=en, reason_zh=zh,
                          evidence=evidence)
    return Unassigned(visit_id=visit.id, reason_code=exclusion.reason_code, reason=en, reason_zh=zh)


def parts_users(dataset: Dataset, routes: Iterable[Route]) -> dict[str, dict[str, int]]:
    """For each part, the planned visits that take it from stock and how many each takes."""
    visits = {v.id: v for v in dataset.visits}
    users: dict[str, dict[str, int]] = {}
    for route in routes:
        for stop in route.stops:
            for part, qty in visits[stop.visit_id].parts.items():
                users.setdefault(part, {})[stop.visit_id] = qty
    return users


def short_for(visit: Visit, dataset: Dataset, users: Mapping[str, Mapping[str, int]],
              visits: Mapping[str, Visit]) -> bool:
    """Is too little of a part left for this visit even if every less important holder gave theirs back?

    Only then is the stock the reason. When less important visits hold
    what it needs, the search has already tried giving it to this visit
    in their place (``ruin.take_back``) and found no room: the honest
    reason is capacity.
    """
    stock = dataset.stock()
    if stock is None:
        return False
    for part, qty in visit.parts.items():
        more, _ = _holders(visit, dataset, users.get(part, {}), visits)
        if stock.get(part, 0) - sum(users[part][h] for h in more) < qty:
            return True
    return False


class DropExplainer:
    """Reasons for the visits the search left out of one plan.

    Who took which part and each person's route are worked out once per
    plan, not once per left-out visit: a 2,000-visit day leaves hundreds.
    """

    def __init__(self, dataset: Dataset, routes: Iterable[Route]):
        routes = list(routes)
        self.dataset = dataset
        self.visits = {v.id: v for v in dataset.visits}
        self.users = parts_users(dataset, routes)
        self.by_tech = {r.technician_id: r for r in routes}

    def explain(self, visit: Visit, allowed: tuple[str, ...]) -> Unassigned:
        """Parts taken by more important work, capacity, or deferred (due on a later day)."""
        if short_for(visit, self.dataset, self.users, self.visits):
            en, zh, evidence = parts_short(visit, self.dataset, self.users, self.visits)
            return Unassigned(visit_id=visit.id, reason_code="parts_out_of_stock", reason=en, reason_zh=zh,
                              evidence=evidence)
        deferred = visit.due_date is not None and visit.due_date > self.dataset.settings.date
        en, zh, evidence = no_room(visit, self.dataset, allowed, self.by_tech, deferred)
        return Unassigned(visit_id=visit.id, reason_code="deferred" if deferred else "capacity", reason=en,
                          reason_zh=zh, evidence=evidence)


def explain_no_plan(visit: Visit, time_limit: float) -> Unassigned:
    """The search ran out of time before its first plan: say so rather than blame capacity."""
    return Unassigned(
        visit_id=visit.id,
        reason_code="no_plan_in_time",
        reason=f"the search found no plan within the {time_limit:g} s time limit; plan again with a longer --time-limit",
        reason_zh=f"求解在 {time_limit:g} 秒时限内未得到方案；请加大时限后重新排程",
    )
