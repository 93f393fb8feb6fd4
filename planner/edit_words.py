"""A plan edit's broken rules and costs, said in the department's words, in Chinese and English.

The checker's violations are for machines and audits ("skills: T03 ...");
a dispatch lead dragging a visit on the board needs the rule in their
terms, with names: "王建军 lacks 大理石修复 level 2", "arrives 11:40,
after the promised 11:00". Each sentence is worked out again from the
dataset and the edited plan, so it names the person, the skill, the
region and the clock times; rules without a sentence of their own fall
back to the checker's message with people's names put in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from planner.check import Violation
from planner.domain import Dataset, hhmm
from planner.plan import Plan, Route, Stop

#: The checker's rule codes in Chinese, for the sentences without a form of their own.
RULES_ZH = {
    "format": "格式",
    "times": "时间",
    "coverage": "覆盖",
    "duration": "服务时长",
    "skills": "技能",
    "region": "区域",
    "window": "预约时段",
    "shift": "班次",
    "travel": "路程",
    "travel_total": "路程合计",
    "overlap": "时间重叠",
    "break": "午休",
    "max_visits": "每日上限",
    "parts": "配件",
    "pinned": "锁定",
    "reason": "未排原因",
}


@dataclass(frozen=True)
class Words:
    """One sentence in both languages."""

    en: str
    zh: str

    def as_dict(self, rule: str | None = None) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh, **({"rule": rule} if rule else {})}


def _name(dataset: Dataset, technician_id: str | None) -> str:
    try:
        technician = dataset.technician(str(technician_id))
    except KeyError:
        return str(technician_id)
    return technician.name or technician.id


def _minute(moment) -> int:
    return moment.hour * 60 + moment.minute


def _stop(plan: Plan, visit_id: str | None) -> tuple[Route, Stop] | None:
    return next(((r, s) for r in plan.routes for s in r.stops if s.visit_id == visit_id), None)


def _skills(dataset: Dataset, v: Violation) -> Words | None:
    try:
        technician, visit = dataset.technician(str(v.technician_id)), dataset.visit(str(v.visit_id))
    except KeyError:
        return None
    short = [(skill, level) for skill, level in visit.required_skills.items() if technician.level(skill) < level]
    if not short:
        return None
    who = technician.name or technician.id
    return Words(
        f"{who} lacks "
        + ", ".join(f"{dataset.skill_name(s, english=True)} level {n}" for s, n in short)
        + f" (visit {visit.id})",
        f"{who} 不具备 " + "、".join(f"{dataset.skill_name(s)} {n} 级" for s, n in short) + f"（工单 {visit.id}）",
    )


def _region(dataset: Dataset, v: Violation) -> Words | None:
    try:
        visit = dataset.visit(str(v.visit_id))
    except KeyError:
        return None
    who = _name(dataset, v.technician_id)
    return Words(
        f"{who} does not work in {dataset.region_name(visit.region, english=True)} (visit {visit.id})",
        f"{who} 不负责 {dataset.region_name(visit.region)}（工单 {visit.id}）",
    )


def _window(dataset: Dataset, plan: Plan, v: Violation) -> Words | None:
    found = _stop(plan, v.visit_id)
    if found is None:
        return None
    visit, start = dataset.visit(found[1].visit_id), _minute(found[1].start)
    if visit.window_end is not None and start > visit.window_end:
        return Words(
            f"visit {visit.id} arrives {hhmm(start)}, after the promised {hhmm(visit.window_end)}",
            f"工单 {visit.id} {hhmm(start)} 才到，晚于约定的 {hhmm(visit.window_end)}",
        )
    if visit.window_start is not None and start < visit.window_start:
        return Words(
            f"visit {visit.id} starts {hhmm(start)}, before the promised {hhmm(visit.window_start)}",
            f"工单 {visit.id} {hhmm(start)} 开始，早于约定的 {hhmm(visit.window_start)}",
        )
    return None


def _shift(dataset: Dataset, plan: Plan, v: Violation) -> Words | None:
    route = plan.route_of(str(v.technician_id))
    if route is None:
        return None
    technician = dataset.technician(route.technician_id)
    who = technician.name or technician.id
    back, depart = _minute(route.return_), _minute(route.depart)
    if back > technician.shift_end:
        return Words(
            f"{who} is back at {hhmm(back)}, after the shift ends at {hhmm(technician.shift_end)}",
            f"{who} {hhmm(back)} 才收工，晚于下班时间 {hhmm(technician.shift_end)}",
        )
    if depart < technician.shift_start:
        return Words(
            f"{who} would leave at {hhmm(depart)}, before the shift starts at {hhmm(technician.shift_start)}",
            f"{who} 需 {hhmm(depart)} 出发，早于上班时间 {hhmm(technician.shift_start)}",
        )
    return None


def _fixed_forms(dataset: Dataset, plan: Plan, v: Violation) -> Words | None:
    """Sentences worked out from the dataset and the plan, for the rules a lead meets when editing."""
    who = _name(dataset, v.technician_id)
    s = dataset.settings
    if v.rule == "skills":
        return _skills(dataset, v)
    if v.rule == "region":
        return _region(dataset, v)
    if v.rule == "window":
        return _window(dataset, plan, v)
    if v.rule == "shift":
        return _shift(dataset, plan, v)
    if v.rule == "max_visits":
        route = plan.route_of(str(v.technician_id))
        cap = dataset.technician(str(v.technician_id)).max_visits
        count = len(route.stops) if route else 0
        return Words(
            f"{who} would have {count} visits, at most {cap} a day", f"{who} 将有 {count} 单，超过每日上限 {cap} 单"
        )
    if v.rule == "break" and v.visit_id is None:
        span = f"{hhmm(s.lunch_start)}-{hhmm(s.lunch_end)}"
        return Words(
            f"{who} gets no {s.lunch_minutes}-minute lunch break in {span}",
            f"{who} 在 {span} 内没有 {s.lunch_minutes} 分钟午休",
        )
    if v.rule == "pinned":
        visit = dataset.visit(str(v.visit_id))
        return Words(
            f"visit {visit.id} is locked to {_name(dataset, visit.pinned_technician)}",
            f"工单 {visit.id} 已锁定给 {_name(dataset, visit.pinned_technician)}",
        )
    return None


def violation_words(dataset: Dataset, plan: Plan, violation: Violation) -> Words:
    """The broken rule as a lead would say it, with names; the checker's message with names otherwise."""
    try:
        fixed = _fixed_forms(dataset, plan, violation)
    except KeyError:
        fixed = None
    if fixed is not None:
        return fixed
    message = violation.message
    for technician in dataset.technicians:
        if technician.name:
            message = message.replace(technician.id, technician.name)
    return Words(message, f"违反规则「{RULES_ZH.get(violation.rule, violation.rule)}」：{message}")


def soft_words(dataset: Dataset, plan: Plan, edited_dataset: Dataset, edited: Plan) -> Iterator[Words]:
    """What the edit costs without breaking a rule: more driving, a preferred technician lost, visits left out."""
    before = sum(r.travel_km for r in plan.routes)
    after = sum(r.travel_km for r in edited.routes)
    if after - before >= 0.1:
        yield Words(
            f"more driving: +{after - before:.1f} km ({before:.1f} → {after:.1f} km)",
            f"行驶里程增加 {after - before:.1f} 公里（{before:.1f} → {after:.1f} 公里）",
        )
    was = {s.visit_id: r.technician_id for r in plan.routes for s in r.stops}
    now = {s.visit_id: r.technician_id for r in edited.routes for s in r.stops}
    for visit in edited_dataset.visits:
        preferred = visit.preferred_technician
        if preferred and was.get(visit.id) == preferred and now.get(visit.id) != preferred:
            yield Words(
                f"visit {visit.id} loses its preferred technician {_name(dataset, preferred)}",
                f"工单 {visit.id} 不再由指定技师 {_name(dataset, preferred)} 上门",
            )
        if visit.id in was and visit.id not in now:
            yield Words(f"visit {visit.id} is no longer planned today", f"工单 {visit.id} 今日不再安排")
