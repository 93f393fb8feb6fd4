"""Why the roster leaves demand unmet, in words a service manager can act on.

A shortfall names the date, shift, skill, how many were needed and
rostered, and then every holder of the skill who is not on that shift and
why: on leave, on another shift that day, or which hard rule they would
break if they were put on it (asked of the independent checker, so the
answer is the contract's rule, not the model's). A contradiction lists
the rules and people CP-SAT found cannot hold together. Every sentence
comes in English and Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.roster.check import check_roster
from planner.roster.solve import RuleRef, Shortfall
from planner.roster.week import OFF, Person, Week

RULE_NAMES: Mapping[str, tuple[str, str]] = {
    "leave": ("leave", "休假"),
    "min_rest_days": ("rest days in the week (min_rest_days)", "每周最少休息天数"),
    "max_consecutive_days": ("days in a row (max_consecutive_days)", "最多连续上班天数"),
    "max_days_per_week": ("days in the week (max_days_per_week)", "每周最多上班天数"),
    "max_hours_per_week": ("hours in the week (max_hours_per_week)", "每周最多工时"),
    "min_rest_hours": ("rest between shifts (min_rest_hours)", "两班之间最少休息时长"),
    "demand": ("demand", "需求"),
}
WEEKDAYS_ZH = "一二三四五六日"


@dataclass(frozen=True)
class Text:
    """One sentence in both languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ShortfallReport:
    """A shortfall with its reason (``why``) ready to print or show."""

    date: dt.date
    shift: str
    skill: str
    needed: int
    rostered: int
    why: Text


def day_text(date: dt.date) -> Text:
    return Text(f"{date} {date.strftime('%a')}", f"{date} 周{WEEKDAYS_ZH[date.weekday()]}")


def explain_shortfalls(
    week: Week, shifts: Mapping[tuple[str, dt.date], str], shortfalls: Iterable[Shortfall]
) -> list[ShortfallReport]:
    """Each shortfall with who holds the skill and why each of them is not there."""
    reports = []
    for shortfall in shortfalls:
        demand = shortfall.demand
        holders = [p for p in week.people if p.holds(demand.skill, demand.level)]
        absent = [p for p in holders if shifts.get((p.id, demand.date)) != demand.shift]
        reasons = [_absence(week, shifts, person, demand.date, demand.shift) for person in absent]
        skill = demand.skill_text()
        if not demand.skill:
            lead = Text(f"{len(holders)} people in the roster", f"共 {len(holders)} 人")
        else:
            lead = Text(f"{len(holders)} hold {skill}", f"{len(holders)} 人具备 {skill}")
        en = "; ".join([lead.en, *(reason.en for reason in reasons)])
        zh = "；".join([lead.zh, *(reason.zh for reason in reasons)])
        reports.append(
            ShortfallReport(demand.date, demand.shift, skill, demand.min_staff, shortfall.rostered, Text(en, zh))
        )
    return reports


def _absence(
    week: Week, shifts: Mapping[tuple[str, dt.date], str], person: Person, date: dt.date, shift_id: str
) -> Text:
    """Why one holder of the skill is not on the shift."""
    who = person.label()
    leave = week.leave_of(person.id, date)
    if leave is not None:
        return Text(f"{who} is on leave ({leave.kind or 'leave'})", f"{who} 休假（{leave.kind or '休假'}）")
    current = shifts.get((person.id, date), OFF)
    if current != OFF:
        name = week.rules.shift(current).label()
        return Text(f"{who} works the {name} shift that day", f"{who} 当天上{name}")
    trial = dict(shifts)
    trial[person.id, date] = shift_id
    broken = sorted({v.rule for v in check_roster(week, trial) if v.technician_id == person.id})
    if broken:
        en = ", ".join(RULE_NAMES[rule][0] for rule in broken)
        zh = "、".join(RULE_NAMES[rule][1] for rule in broken)
        return Text(f"{who} is resting: working would break {en}", f"{who} 休息：排班会违反{zh}")
    return Text(
        f"{who} is off and could work it (the search was stopped before it could place them)",
        f"{who} 休息，可以加班（求解在安排前停止）",
    )


def explain_conflict(week: Week, conflict: Iterable[RuleRef]) -> Text:
    """``These cannot all hold: ...`` grouping the people of each rule."""
    demands: list[Text] = []
    by_rule: dict[str, list[RuleRef]] = {}
    for ref in conflict:
        if ref.rule == "demand" and ref.demand is not None:
            d = ref.demand
            shift = week.rules.shift(d.shift).label()
            day = day_text(d.date)
            held = sum(1 for person in week.people if person.holds(d.skill, d.level))
            demands.append(
                Text(
                    f"demand of {d.min_staff} × {d.skill_text()} on the {shift} shift of {day.en} "
                    f"({held} people hold it)",
                    f"{day.zh} {shift} 需要 {d.min_staff} 名 {d.skill_text()}（共 {held} 人具备）",
                )
            )
        else:
            by_rule.setdefault(ref.rule, []).append(ref)
    parts = list(demands)
    for rule, refs in by_rule.items():
        names = []
        for ref in refs:
            label = week.person(ref.technician_id).label() if ref.technician_id else ""
            names.append(f"{label} {ref.date}" if ref.date else label)
        en_rule, zh_rule = RULE_NAMES[rule]
        parts.append(Text(f"{en_rule} of {', '.join(names)}", f"{'、'.join(names)} 的{zh_rule}"))
    return Text(
        "These cannot all hold: " + "; ".join(p.en for p in parts),
        "以下规则无法同时满足：" + "；".join(p.zh for p in parts),
    )
