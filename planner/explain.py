"""Why a visit is not in today's plan, in words a dispatcher can act on.

Each reason names what is missing and who came closest, so the
dispatcher knows whom to call, whom to train or what to order. Reasons
follow the contract's order: skills, region, window, parts, then
capacity (due work that did not fit) or deferred (not due yet). Every
sentence comes in English (``reason``) and Chinese (``reason_zh``), and
none carries customer data. People, skills, parts and regions are named
as the department names them (technicians.csv, skills.csv, parts.csv,
regions.csv); the ids stay in ``evidence`` for machines. When one change
alone would let someone take the visit (a region, one skill level) the
reason says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from planner.domain import MINUTES_PER_DAY, Dataset, Technician, Visit, hhmm
from planner.eligibility import Exclusion, parts_in_stock, reachable_in_shift, window_bounds
from planner.plan import Evidence, Load, Route, Unassigned
from planner.travel import TravelModel

MAX_NAMED = 4


def _skills(dataset: Dataset, required: Mapping[str, int]) -> tuple[str, str]:
    """Required skills by name: ``Sofa repair level 4`` / ``沙发维修 4级`` (skills.csv, else the id)."""
    en = ", ".join(f"{dataset.skill_name(s, english=True)} level {lvl}" for s, lvl in required.items())
    zh = "、".join(f"{dataset.skill_name(s)} {lvl}级" for s, lvl in required.items())
    return en or "-", zh or "-"


def _people(ids: Iterable[str]) -> str:
    ids = list(ids)
    named = ", ".join(ids[:MAX_NAMED])
    return named + (f" (+{len(ids) - MAX_NAMED})" if len(ids) > MAX_NAMED else "")


def _people_zh(ids: Iterable[str]) -> str:
    return _people(ids).replace(", ", "、")


def _names(dataset: Dataset, technician_ids: Iterable[str]) -> list[str]:
    """Technicians as people read them: their names (ids stay in the evidence)."""
    return [dataset.technician_name(tid) for tid in technician_ids]


def _region_names(dataset: Dataset, region: str) -> tuple[str, str]:
    return dataset.region_name(region, english=True), dataset.region_name(region)


def _closest_levels(visit: Visit, people: Iterable[Technician], dataset: Dataset) -> tuple[list[str], list[str]]:
    """People ranked by how much of the required skill set they hold, with their levels (English, Chinese)."""
    scored = []
    for t in people:
        held = [s for s in visit.required_skills if t.level(s) > 0]
        if held:
            en = ", ".join(f"{dataset.skill_name(s, english=True)} {t.level(s)}" for s in held)
            zh = "、".join(f"{dataset.skill_name(s)} {t.level(s)}级" for s in held)
            score = -sum(min(t.level(s), lvl) for s, lvl in visit.required_skills.items())
            scored.append((score, t.id, f"{t.name or t.id} ({en})", f"{t.name or t.id}（{zh}）"))
    scored.sort()
    return [en for _, _, en, _ in scored[:MAX_NAMED]], [zh for _, _, _, zh in scored[:MAX_NAMED]]


def _pin_note(visit: Visit, dataset: Dataset) -> tuple[str, str]:
    if visit.pinned_technician:
        who = dataset.technician_name(visit.pinned_technician)
        return f"pinned to {who}; ", f"指定由 {who} 上门；"
    return "", ""


def _could_go(visit: Visit, technician: Technician, dataset: Dataset) -> bool:
    """Once the one missing thing is granted, nothing else rules this person out of the visit.

    A fix is only suggested when it is enough on its own: the person works
    today, reaches the window inside the shift, and the stock covers the parts.
    """
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    return (
        technician.max_visits != 0
        and reachable_in_shift(visit, technician, travel, dataset.settings)
        and parts_in_stock(visit, dataset.stock())
    )


def _one_skill_short(visit: Visit, technician: Technician) -> tuple[str, int] | None:
    """The one required skill this person lacks (or holds too low), when it is exactly one."""
    short = [(s, lvl) for s, lvl in visit.required_skills.items() if technician.level(s) < lvl]
    return short[0] if len(short) == 1 else None


def skill_fix(visit: Visit, dataset: Dataset, people: Iterable[Technician]) -> tuple[str, str]:
    """``李振华 could take it with 电动沙发维修 level 3 (holds 2)``: the nearest-to-qualified person one skill short."""
    for t in people:
        short = _one_skill_short(visit, t)
        if short is None or not t.covers(visit.region) or not _could_go(visit, t, dataset):
            continue
        skill, level = short
        held, who = t.level(skill), t.name or t.id
        has_en = f" (holds {held})" if held else ""
        has_zh = f"（现为 {held}级）" if held else ""
        return (
            f"; {who} could take it with {dataset.skill_name(skill, english=True)} level {level}{has_en}",
            f"；若 {who} 具备{dataset.skill_name(skill)} {level}级{has_zh}，即可上门",
        )
    return "", ""


def region_fix(visit: Visit, dataset: Dataset, qualified: Iterable[Technician]) -> tuple[str, str]:
    """``王建军 could take it if allowed to work in 朝阳区``: the first qualified person who could then go."""
    en, zh = _region_names(dataset, visit.region)
    for t in qualified:
        if _could_go(visit, t, dataset):
            who = t.name or t.id
            return f"; {who} could take it if allowed to work in {en}", f"；若允许 {who} 负责{zh}，即可上门"
    return "", ""


def no_qualified(visit: Visit, dataset: Dataset, candidates: tuple[str, ...]) -> tuple[str, str]:
    """Nobody (among the candidates) holds every required skill at the level asked."""
    pin, pin_zh = _pin_note(visit, dataset)
    people = [t for t in dataset.technicians if t.id in candidates]
    closest, closest_zh = _closest_levels(visit, people, dataset)
    need, need_zh = _skills(dataset, visit.required_skills)
    ranked = sorted(
        people, key=lambda t: (-sum(min(t.level(s), lvl) for s, lvl in visit.required_skills.items()), t.id)
    )
    fix, fix_zh = skill_fix(visit, dataset, ranked)
    if not closest:
        return (
            f"{pin}needs {need}; nobody on today's roster has it{fix}",
            f"{pin_zh}需要 {need_zh}；今日在岗人员无人具备{fix_zh}",
        )
    return (
        f"{pin}needs {need}; closest: {'; '.join(closest)}{fix}",
        f"{pin_zh}需要 {need_zh}；最接近的：{'；'.join(closest_zh)}{fix_zh}",
    )


def no_region(visit: Visit, dataset: Dataset, candidates: tuple[str, ...]) -> tuple[str, str]:
    """Qualified people exist, but none of them covers the visit's region."""
    qualified = [t for t in dataset.technicians if t.id in candidates and t.qualifies(visit.required_skills)]
    names = _names(dataset, (t.id for t in qualified))
    en, zh = _region_names(dataset, visit.region)
    need, need_zh = _skills(dataset, visit.required_skills)
    fix, fix_zh = region_fix(visit, dataset, qualified)
    return (
        f"needs {need}; qualified: {_people(names)}, none covers region {en}{fix}",
        f"需要 {need_zh}；具备资格：{_people_zh(names)}，但都不负责{zh}区域{fix_zh}",
    )


def window_unreachable(visit: Visit, dataset: Dataset, candidates: tuple[str, ...]) -> tuple[str, str]:
    """The window cannot be reached and finished inside any qualified person's shift."""
    people = [
        t
        for t in dataset.technicians
        if t.id in candidates and t.qualifies(visit.required_skills) and t.covers(visit.region)
    ]
    opens, closes = window_bounds(visit)
    travel = TravelModel(dataset.settings.speed_kmh, dataset.settings.road_factor)
    away = {t.id: travel.minutes((t.base_lat, t.base_lon), (visit.lat, visit.lon)) for t in people[:MAX_NAMED]}
    shifts = ", ".join(
        f"{t.name or t.id} {hhmm(t.shift_start)}-{hhmm(t.shift_end)} ({away[t.id]} min away)"
        for t in people[:MAX_NAMED]
    )
    shifts_zh = "、".join(
        f"{t.name or t.id} {hhmm(t.shift_start)}-{hhmm(t.shift_end)}（车程 {away[t.id]} 分钟）"
        for t in people[:MAX_NAMED]
    )
    window = f"{hhmm(opens)}-{hhmm(closes)}"
    no_lunch = dataset.settings.model_copy(update={"lunch_minutes": 0})
    if any(reachable_in_shift(visit, t, travel, no_lunch) for t in people):
        lunch = dataset.settings.lunch_minutes
        return (
            f"{visit.duration_min} min on site leaves no room for the {lunch}-min lunch break in the shifts of {shifts}",
            f"上门 {visit.duration_min} 分钟，班次内无法安排 {lunch} 分钟午休：{shifts_zh}",
        )
    fix, fix_zh = shift_fix(visit, dataset, people, travel)
    return (
        f"arrival window {window} with {visit.duration_min} min on site does not fit the shifts of {shifts}{fix}",
        f"预约时段 {window}（上门 {visit.duration_min} 分钟）不在可派人员的班次内：{shifts_zh}{fix_zh}",
    )


def shift_fix(visit: Visit, dataset: Dataset, people: Iterable[Technician], travel: TravelModel) -> tuple[str, str]:
    """``冯德胜 could take it on a shift until 21:35``: the smallest change of one shift end (or start) that fits.

    The new shift is checked with the same rule the planner applies
    (``reachable_in_shift``), lunch included, and only offered when the
    stock covers the visit's parts, so the sentence is true on its own.
    """
    if not parts_in_stock(visit, dataset.stock()):
        return "", ""
    opens, closes = window_bounds(visit)
    best: tuple[int, str, str, str] | None = None
    for t in people:
        if t.max_visits == 0:
            continue
        going = travel.minutes((t.base_lat, t.base_lon), (visit.lat, visit.lon))
        coming = travel.minutes((visit.lat, visit.lon), (t.base_lat, t.base_lon))
        end = max(t.shift_end, max(opens, t.shift_start + going) + visit.duration_min + coming)
        start = min(t.shift_start, closes - going)
        tries = []
        if end <= MINUTES_PER_DAY and end != t.shift_end:
            tries.append((end - t.shift_end, "until", end, t.model_copy(update={"shift_end": end})))
        if 0 <= start != t.shift_start:
            tries.append((t.shift_start - start, "from", start, t.model_copy(update={"shift_start": start})))
        for change, word, clock, changed in sorted(tries, key=lambda x: x[0]):
            if reachable_in_shift(visit, changed, travel, dataset.settings) and (best is None or change < best[0]):
                who = t.name or t.id
                zh = (
                    f"若 {who} 的班次延至 {hhmm(clock)}"
                    if word == "until"
                    else f"若 {who} 的班次提前至 {hhmm(clock)} 开始"
                )
                best = (change, who, f"; {who} could take it on a shift {word} {hhmm(clock)}", f"；{zh}，即可上门")
    return (best[2], best[3]) if best else ("", "")


def _taken(users: Mapping[str, Mapping[str, int]], part: str) -> int:
    return sum(users.get(part, {}).values())


def parts_short(
    visit: Visit, dataset: Dataset, users: Mapping[str, Mapping[str, int]], visits: Mapping[str, Visit] | None = None
) -> tuple[str, str, Evidence]:
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
    named = dataset.part_name(part)
    if not more and not others:
        return f"needs part {named} x{qty}; stock is {have}", f"需要配件 {named} x{qty}；库存仅 {have}", evidence
    en = f"needs part {named} x{qty}; stock {have} goes to "
    zh = f"需要配件 {named} x{qty}；库存 {have} 已分配给 "
    if more:
        en += f"{_people(more)} (more important)"
        zh += f"{_people_zh(more)}（更重要）"
    if others:
        en += (" and " if more else "") + _people(others)
        zh += ("及 " if more else "") + _people_zh(others)
    return en, zh, evidence


def _holders(
    visit: Visit, dataset: Dataset, holders: Mapping[str, int], visits: Mapping[str, Visit]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Holders of a part split into the more important ones and the rest, in plan order."""
    date = dataset.settings.date
    mine = visit.importance(date)
    more = tuple(h for h in holders if h in visits and visits[h].importance(date) < mine)
    return more, tuple(h for h in holders if h not in more)


def _load(visit: Visit, technician: Technician, route: Route | None) -> tuple[str, str, Load]:
    """How one qualified person's day is filled, as it bears on this visit."""
    who = technician.name or technician.id
    if route is None:
        return (
            f"{who} cannot fit it into the shift",
            f"{who} 班次内排不下",
            Load(technician_id=technician.id, state="no_route"),
        )
    if technician.max_visits is not None and len(route.stops) >= technician.max_visits:
        return (
            f"{who} is at their cap of {technician.max_visits} visits",
            f"{who} 已达每日上限 {technician.max_visits} 单",
            Load(technician_id=technician.id, state="at_cap"),
        )
    if visit.window_end is not None:
        opens, closes = window_bounds(visit)
        busy = [
            s.visit_id
            for s in route.stops
            if s.start.hour * 60 + s.start.minute <= closes and s.end.hour * 60 + s.end.minute >= opens
        ]
        if busy:
            span = f"{hhmm(opens)}-{hhmm(closes)}"
            return (
                f"{who} is busy in {span} with {_people(busy)}",
                f"{who} 在 {span} 已有 {_people_zh(busy)}",
                Load(technician_id=technician.id, state="busy", visits=tuple(busy)),
            )
    back = route.return_.strftime("%H:%M")
    return (
        f"{who} is booked until {back} with {len(route.stops)} visits",
        f"{who} 已排 {len(route.stops)} 单至 {back}",
        Load(technician_id=technician.id, state="booked", visits=tuple(s.visit_id for s in route.stops), until=back),
    )


def room_loads(
    visit: Visit, dataset: Dataset, allowed: tuple[str, ...], routes: Mapping[str, Route]
) -> tuple[str, str, Evidence]:
    """How the days of the first few allowed people are filled, as words and as evidence."""
    loads = [_load(visit, dataset.technician(tid), routes.get(tid)) for tid in allowed[:MAX_NAMED]]
    more = f"; +{len(allowed) - MAX_NAMED} more" if len(allowed) > MAX_NAMED else ""
    en = "; ".join(e for e, _, _ in loads) + more
    zh = "；".join(z for _, z, _ in loads) + more.replace("; +", "；另 ").replace(" more", " 人")
    return en, zh, Evidence(loads=tuple(load for _, _, load in loads))


def no_room(
    visit: Visit, dataset: Dataset, allowed: tuple[str, ...], routes: Mapping[str, Route], deferred: bool
) -> tuple[str, str, Evidence]:
    """Qualified people exist but their day is full of more important or closer work."""
    pin, pin_zh = _pin_note(visit, dataset)
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
        return Unassigned(
            visit_id=visit.id, reason_code=exclusion.reason_code, reason=en, reason_zh=zh, evidence=evidence
        )
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


def short_for(
    visit: Visit, dataset: Dataset, users: Mapping[str, Mapping[str, int]], visits: Mapping[str, Visit]
) -> bool:
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
            return Unassigned(
                visit_id=visit.id, reason_code="parts_out_of_stock", reason=en, reason_zh=zh, evidence=evidence
            )
        deferred = visit.due_date is not None and visit.due_date > self.dataset.settings.date
        en, zh, evidence = no_room(visit, self.dataset, allowed, self.by_tech, deferred)
        return Unassigned(
            visit_id=visit.id,
            reason_code="deferred" if deferred else "capacity",
            reason=en,
            reason_zh=zh,
            evidence=evidence,
        )


def explain_no_plan(visit: Visit, time_limit: float) -> Unassigned:
    """The search ran out of time before its first plan: say so rather than blame capacity."""
    return Unassigned(
        visit_id=visit.id,
        reason_code="no_plan_in_time",
        reason=f"the search found no plan within the {time_limit:g} s time limit; plan again with a longer --time-limit",
        reason_zh=f"求解在 {time_limit:g} 秒时限内未得到方案；请加大时限后重新排程",
    )
