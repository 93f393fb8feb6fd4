"""Generated weeks for the roster benchmark: believable departments of any size.

Each week is drawn from one seed: people with two to four skills at
levels 1-5 in four groups, a few days of leave, a week of history with
late shifts, some wishes, and demand per day, shift and skill sized to
nine tenths of what the people can give on a weekday (less at weekends),
so the model has real trade-offs but the demand can mostly be met.
"""

from __future__ import annotations

import datetime as dt
import random

from planner.roster.week import OFF, Demand, Leave, Person, Request, Rules, Shift, Week

SKILLS = (
    "sofa_repair",
    "leather_care",
    "electric_recliner",
    "wood_repair",
    "mattress_repair",
    "cabinet_install",
    "wardrobe_install",
    "bed_install",
    "smart_lock",
    "quality_inspection",
)
SHIFTS = {
    2: (Shift("day", "白班", 8 * 60 + 30, 17 * 60 + 30, False), Shift("late", "晚班", 12 * 60, 21 * 60, True)),
    3: (
        Shift("early", "早班", 7 * 60, 15 * 60, False),
        Shift("day", "白班", 9 * 60, 18 * 60, False),
        Shift("late", "晚班", 13 * 60, 22 * 60, True),
    ),
}
WEEK_START = dt.date(2026, 11, 23)
LEAVE_SHARE = 0.04
LOAD = 0.9


def generate_week(people: int, *, days: int = 7, shifts: int = 3, skills: int = 8, seed: int = 1) -> Week:
    """A week (or ``days``) for ``people`` technicians with ``shifts`` shifts and ``skills`` skills."""
    rng = random.Random(seed)
    rules = Rules(WEEK_START, SHIFTS[shifts], days, min_rest_days=1, max_consecutive_days=6, min_rest_hours=11)
    names = SKILLS[:skills]
    staff = tuple(_person(rng, i, names) for i in range(people))
    leave = tuple(
        Leave(p.id, d, rng.choice(("年假", "病假", "调休")))
        for p in staff
        for d in rules.dates
        if rng.random() < LEAVE_SHARE
    )
    history = {}
    for p in staff:
        rest = set(rng.sample(range(7), 2))
        for i in range(7):
            shift = OFF if i in rest else rng.choice([s.id for s in rules.shifts])
            history[p.id, WEEK_START - dt.timedelta(days=7 - i)] = shift
    requests = tuple(
        Request(p.id, rng.choice(rules.dates), rng.choice((OFF, "work", rules.shifts[-1].id)))
        for p in staff
        if rng.random() < 0.3
    )
    return Week(rules, staff, leave, _demand(rng, rules, staff, names), requests, history)


def _person(rng: random.Random, index: int, names: tuple[str, ...]) -> Person:
    held = rng.sample(names, rng.randint(2, min(4, len(names))))
    days = 4 if rng.random() < 0.1 else 5
    return Person(
        id=f"T{index + 1:03d}",
        name=f"技术员{index + 1}",
        group=f"G{index % 4 + 1}",
        skills={s: rng.randint(1, 5) for s in held},
        max_days_per_week=days + 1,
        max_hours_per_week=rng.choice((44, 48, 54)),
        days_per_week=days,
    )


def _demand(rng: random.Random, rules: Rules, staff: tuple[Person, ...], names: tuple[str, ...]) -> tuple[Demand, ...]:
    rows = []
    per_slot = len(staff) * 5 / 7 / len(rules.shifts)
    for date in rules.dates:
        scale = LOAD * (0.7 if date.weekday() >= 5 else 1.0)
        for shift in rules.shifts:
            rows.append(Demand(date, shift.id, None, 1, int(per_slot * scale)))
            for skill in names:
                level = rng.choice((1, 1, 2, 3))
                holders = sum(1 for p in staff if p.skills.get(skill, 0) >= level)
                need = int(holders * 5 / 7 / len(rules.shifts) * scale * rng.uniform(0.4, 0.8))
                if need:
                    rows.append(Demand(date, shift.id, skill, level, need))
    return tuple(rows)
