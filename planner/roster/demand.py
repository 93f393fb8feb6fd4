"""Demand from the work: how many holders of each skill each day of the week needs.

A manager should not have to type ``demand.csv`` when the open visits are
known. Each visit due by the end of the week spreads its minutes evenly
over the days from the week's start to its due date (an overdue visit, on
the first day; one without a due date, over the whole week), on the shift
its arrival window falls in (the first shift when it has none). Per day,
shift and skill, the minutes divided by what one person does on site in a
shift (the shift less the break, of which ``ON_SITE_SHARE`` is on site,
the rest travel) give the people needed. Rows typed in ``demand.csv``
win over the estimate for the same date, shift and skill.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict
from pathlib import Path

from planner.domain import Dataset, Visit
from planner.io import read_dataset
from planner.problems import Problem, errors
from planner.roster.week import Demand, Rules, Week

ON_SITE_SHARE = 0.7
"""Share of a working shift spent on site; the rest is driving between customers."""


def demand_from_dataset(week: Week, source: str | Path) -> tuple[Week, list[Problem]]:
    """The week with estimated demand added where ``demand.csv`` says nothing."""
    loaded = read_dataset(source)
    problems = list(loaded.problems)
    if errors(problems) or loaded.dataset is None:
        return week, problems
    estimated = estimate_demand(loaded.dataset, week.rules)
    typed = {(d.date, d.shift, d.skill, d.level) for d in week.demand}
    typed_keys = {(d.date, d.shift, d.skill) for d in week.demand}
    added = [
        d
        for d in estimated
        if (d.date, d.shift, d.skill) not in typed_keys and (d.date, d.shift, d.skill, d.level) not in typed
    ]
    return dataclasses.replace(week, demand=week.demand + tuple(added)), problems


def estimate_demand(dataset: Dataset, rules: Rules) -> list[Demand]:
    """People needed per date, shift and skill for the visits due by the end of the roster."""
    dates = rules.dates
    minutes: dict[tuple[dt.date, str, str], float] = defaultdict(float)
    for visit in dataset.visits:
        days = _days_of(visit, dates)
        if not days or not visit.required_skills:
            continue
        shift = _shift_of(visit, rules)
        for date in days:
            for skill in visit.required_skills:
                minutes[date, shift, skill] += visit.duration_min / len(days)
    lunch = dataset.settings.lunch_minutes
    demand = []
    for (date, shift_id, skill), total in sorted(minutes.items()):
        capacity = max(1.0, (rules.shift(shift_id).minutes - lunch) * ON_SITE_SHARE)
        demand.append(Demand(date, shift_id, skill, 1, math.ceil(total / capacity - 1e-9)))
    return demand


def _days_of(visit: Visit, dates: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
    """The roster days a visit may be done on (by its due date); none when due after the roster."""
    if visit.due_date is None:
        return dates
    if visit.due_date < dates[0]:
        return dates[:1]
    if visit.due_date > dates[-1]:
        return ()
    return tuple(d for d in dates if d <= visit.due_date)


def _shift_of(visit: Visit, rules: Rules) -> str:
    """The first shift whose hours hold the visit's arrival window (else the first shift)."""
    if visit.window_start is not None:
        for shift in rules.shifts:
            if shift.start <= visit.window_start and (visit.window_end or visit.window_start) <= shift.end:
                return shift.id
    return rules.shifts[0].id
