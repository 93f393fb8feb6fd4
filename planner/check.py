"""An independent checker of ``plan.json`` against the hard rules of the data contract.

A plan is only trustworthy when something other than the solver that made
it confirms it, so the plan is read as plain parsed JSON and every broken
rule comes back as a ``Violation`` instead of an exception. This module
only chooses the checker: a plan of one day goes to the one-day rules
(``planner.check_day``, where the rule codes are listed), a plan over
several days or with crews or shifts by date to ``planner.check_horizon``,
which applies the same one-day rules to each of its days.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from planner.check_day import Violation, check_day_plan
from planner.check_horizon import check_horizon_plan
from planner.domain import Dataset
from planner.plan import Plan

__all__ = ["Violation", "check", "check_plan"]


def check_plan(dataset: Dataset, plan: object) -> list[Violation]:
    """Every hard rule the raw ``plan.json`` (parsed JSON, of any shape) breaks; empty when the plan is valid.

    Never raises on a malformed plan: what cannot be read is reported as
    ``format`` or ``times`` and the rest is still checked.
    """
    if isinstance(plan, Mapping) and ("days" in plan or dataset.spans_days):
        return check_horizon_plan(dataset, plan)
    return check_day_plan(dataset, plan)


def check(dataset: Dataset, plan: Plan | BaseModel | object) -> list[Violation]:
    """``check_plan`` for a ``Plan`` (or multi-day plan) object too, checked in its ``plan.json`` form."""
    raw = plan.model_dump(mode="json", by_alias=True) if isinstance(plan, BaseModel) else plan
    return check_plan(dataset, raw)
