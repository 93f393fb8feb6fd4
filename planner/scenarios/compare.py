"""Measures of each variant's plan and their differences from the base.

A manager compares service (served by priority, due work done today,
the priority-weighted service level), cost (travel, overtime) and load
(utilisation and how evenly it is spread). All come from ``plan.kpis``
and the day itself, so they match what ``planner plan`` reports for the
same day. A variant that follows a roster (``roster:``) is also measured
by its coverage: the demand rows of the week its roster leaves short and
the people missing in all, counted from the roster CP-SAT made. ``comparison_document`` is the machine-readable result the
report files and the web page are made from: it holds measures, deltas,
search figures and advice, but never customer data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from statistics import pstdev
from typing import Any

from planner.domain import Dataset
from planner.plan import Plan
from planner.scenarios.advise import Advice, best_for_visit, missing_skill_visits, top
from planner.scenarios.roster_change import FollowRoster, roster_for
from planner.scenarios.run import Outcome, ScenarioRun

#: Measures that are single numbers, in the order tables show them; their delta is a difference.
NUMBERS: tuple[str, ...] = (
    "headcount",
    "visits_total",
    "visits_served",
    "due_served",
    "due_total",
    "due_done",
    "priority_weighted_service",
    "travel_km",
    "travel_hours",
    "utilisation",
    "utilisation_sd",
    "utilisation_range",
    "extra_shift_min",
    "overtime_min",
    "roster_shortfall_rows",
    "roster_short_staff",
)
#: Measures that are only reported when a variant lengthens shifts beyond the base ("n/a" otherwise).
OVERTIME: tuple[str, ...] = ("extra_shift_min", "overtime_min")


def _minute(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def overtime(day: Dataset, plan: Plan, base_day: Dataset) -> tuple[int | None, int | None]:
    """(extra shift minutes offered, minutes worked outside the base shift), None when no shift is longer.

    Only people on both days count: a new hire's shift is not overtime.
    """
    base = {t.id: t for t in base_day.technicians}
    extra = sum(
        max(0, base[t.id].shift_start - t.shift_start) + max(0, t.shift_end - base[t.id].shift_end)
        for t in day.technicians
        if t.id in base
    )
    if not extra:
        return None, None
    used = sum(
        max(0, base[r.technician_id].shift_start - _minute(r.depart))
        + max(0, _minute(r.return_) - base[r.technician_id].shift_end)
        for r in plan.routes
        if r.technician_id in base
    )
    return extra, used


def coverage(changes: Iterable[object]) -> tuple[int | None, int | None]:
    """(demand rows of the week the roster leaves short, people missing in all), None without a roster.

    ``changes`` are the base's then the variant's, in the order they are
    applied: the last ``roster:`` is the one the days follow (a variant
    without one keeps the base's). A new hire is on no roster, so adds no
    coverage; no roster keeping the rules measures nothing either.
    """
    follows = [change for change in changes if isinstance(change, FollowRoster)]
    made = roster_for(follows[-1].rules_week()) if follows else None
    if made is None:
        return None, None
    return len(made.shortfalls), sum(s.missing for s in made.shortfalls)


def measures(day: Dataset, plan: Plan, base_day: Dataset, changes: Iterable[object] = ()) -> dict[str, Any]:
    """The comparison's figures for one variant made by ``changes`` (coverage only when they follow a roster)."""
    kpis = plan.kpis
    shares = [row["utilisation"] for row in kpis["technicians"]] or [0.0]
    due = kpis["due_served"]
    extra, used = overtime(day, plan, base_day)
    short_rows, short_staff = coverage(changes)
    return {
        "headcount": len(day.technicians),
        "visits_total": kpis["visits_total"],
        "visits_served": kpis["visits_served"],
        "served_by_priority": kpis["served_by_priority"],
        "due_served": due["served"],
        "due_total": due["total"],
        "due_done": round(due["served"] / due["total"], 4) if due["total"] else None,
        "priority_weighted_service": kpis["priority_weighted_service"],
        "travel_km": kpis["travel_km"],
        "travel_hours": round(kpis["travel_min"] / 60, 2),
        "utilisation": kpis["utilisation"],
        "utilisation_sd": round(pstdev(shares), 3),
        "utilisation_range": round(max(shares) - min(shares), 3),
        "extra_shift_min": extra,
        "overtime_min": used,
        "roster_shortfall_rows": short_rows,
        "roster_short_staff": short_staff,
        "unassigned_by_reason": kpis["unassigned_by_reason"],
    }


def _difference(value: Any, base: Any, key: str) -> float | int | None:
    if value is None:
        return None
    if base is None:
        base = 0 if key in OVERTIME else None  # the base works no overtime by definition
    if base is None:
        return None
    return round(value - base, 4)


def delta(current: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """Each measure minus the base's; counts by priority and by reason as differences too."""
    out: dict[str, Any] = {key: _difference(current[key], base[key], key) for key in NUMBERS}
    served, served_base = current["served_by_priority"], base["served_by_priority"]
    out["served_by_priority"] = {
        p: served.get(p, {}).get("served", 0) - served_base.get(p, {}).get("served", 0)
        for p in sorted(set(served) | set(served_base))
    }
    reasons = sorted(set(current["unassigned_by_reason"]) | set(base["unassigned_by_reason"]))
    out["unassigned_by_reason"] = {
        code: current["unassigned_by_reason"].get(code, 0) - base["unassigned_by_reason"].get(code, 0)
        for code in reasons
    }
    return out


def _entry(run: ScenarioRun, outcome: Outcome, kind: str, base_measures: Mapping[str, Any] | None) -> dict[str, Any]:
    variant, solved = outcome.variant, outcome.solved
    changes = variant.changes if outcome is run.base else (*run.base.variant.changes, *variant.changes)
    figures = measures(outcome.dataset, solved.plan, run.base.dataset, changes)
    step = variant.step
    return {
        "name": variant.name,
        "label": variant.label,
        "kind": kind,
        "changes": [change.describe() for change in variant.changes],
        "sweep": {"name": step.sweep, "like": step.like, "extra": step.extra} if step else None,
        "plan": f"plans/{variant.name}.json",
        "same_as": outcome.same_as,
        "search": {
            "seconds": round(solved.seconds, 2),
            "stopped_by": solved.stopped_by,
            "warm_started": solved.warm_started,
            "started_from": outcome.start,
        },
        "violations": [str(v) for v in solved.violations],
        "measures": figures,
        "delta": delta(figures, base_measures if base_measures is not None else figures),
    }


def _key(advice: Advice | None) -> str | None:
    return advice.candidate.key if advice is not None else None


def comparison_document(run: ScenarioRun, dataset_label: str) -> dict[str, Any]:
    """The whole comparison as plain JSON data (``comparison.json``), base first."""
    base_day = run.base.dataset
    base = _entry(run, run.base, "base", None)
    variants = [_entry(run, o, "sweep" if o.variant.step else "variant", base["measures"]) for o in run.variants]
    by_name = {v["name"]: v for v in variants}
    sweeps = [
        {
            "name": s.name,
            "label": s.label,
            "like": s.like,
            "steps": list(s.step_names()),
            "headcount": [by_name[n]["measures"]["headcount"] for n in s.step_names()],
            "priority_weighted_service": [by_name[n]["measures"]["priority_weighted_service"] for n in s.step_names()],
            "due_done": [by_name[n]["measures"]["due_done"] for n in s.step_names()],
        }
        for s in run.scenario.sweeps
    ]
    return {
        "version": 1,
        "dataset": dataset_label,
        "scenario_file": run.scenario.file,
        "date": base_day.settings.date.isoformat(),
        "horizon_days": base_day.settings.horizon_days,
        "search": {
            "time_limit": run.params.time_limit,
            "seed": run.params.seed,
            "solution_limit": run.params.solution_limit,
        },
        "base": run.base.variant.name,
        "variants": [base, *variants],
        "sweeps": sweeps,
        "advice": None
        if run.advice is None
        else {
            "tried": [a.as_dict() for a in run.advice],
            "top": [a.candidate.key for a in top(run.advice)],
            "for_visits": {
                visit: _key(best_for_visit(run.advice, visit)) for visit in missing_skill_visits(run.base.solved.plan)
            },
        },
        "violations": [f"{where}: {v}" for where, v in run.violations()],
    }
