"""The record of changes made to a date's plan from the dispatch board, kept beside its plan versions.

A plan version says who made it and when; this says what was done
("V003 moved to 王建军", in both languages), whose routes it changed, and
for an undo or redo the earlier plan it returned to. So the record
outlives the app: route pages tell a technician when the dispatcher
changed their day, and the lead can read back the morning's edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from planner.store.clock import as_utc
from planner.store.database import Database
from planner.store.models import PlanEditRow


@dataclass(frozen=True)
class PlanEdit:
    """One recorded change: the plan version it made, its kind, who, when (UTC), what, whose routes."""

    date: dt.date
    version: int
    kind: str
    made_by: str
    made_at: dt.datetime
    what_en: str
    what_zh: str
    technicians: tuple[str, ...]
    returns_to: int | None = None


def record_plan_edit(db: Database, edit: PlanEdit) -> None:
    """Keep the change (its moment stored in UTC, as plan versions are)."""
    with db.transaction() as session:
        session.add(
            PlanEditRow(
                date=edit.date,
                version=edit.version,
                kind=edit.kind,
                made_by=edit.made_by,
                made_at=as_utc(edit.made_at),
                what_en=edit.what_en,
                what_zh=edit.what_zh,
                technicians=list(edit.technicians),
                returns_to=edit.returns_to,
            )
        )


def plan_edits(db: Database, date: dt.date, technician_id: str | None = None) -> list[PlanEdit]:
    """The date's changes, first made first; only those that changed a technician's route when one is named."""
    with db.transaction() as session:
        rows = session.scalars(select(PlanEditRow).where(PlanEditRow.date == date).order_by(PlanEditRow.id))
        found = [
            PlanEdit(
                row.date,
                row.version,
                row.kind,
                row.made_by,
                row.made_at,
                row.what_en,
                row.what_zh,
                tuple(row.technicians),
                row.returns_to,
            )
            for row in rows
        ]
    return [e for e in found if technician_id is None or technician_id in e.technicians]


#: Kinds of record that step back or forth to an earlier plan rather than make a new one.
STEPS = ("undo", "redo")


def undo_stack(edits: list[PlanEdit]) -> tuple[list[tuple[int, int]], int]:
    """Where undo stood after ``edits`` (a date's records, first made first), so a restarted server can go on.

    Returns the plans undo and redo move between, as (number of the record
    that made it, 0 for the plan before; its plan version), and the index
    of the live one. Records are numbered from 1 in order, as the board
    numbers them. A record made on a plan other than the one the previous
    record left (someone re-planned in between) starts the stack again from
    that plan, as the board does.
    """
    stack: list[tuple[int, int]] = []
    position, current = 0, None
    for number, edit in enumerate(edits, 1):
        if edit.kind in STEPS:
            position = next((i for i, (made, _) in enumerate(stack) if made == edit.returns_to), position)
        else:
            if current != edit.version - 1:
                stack, position = [(0, edit.version - 1)], 0
            del stack[position + 1 :]
            stack.append((number, edit.version))
            position += 1
        current = edit.version
    return stack, position
