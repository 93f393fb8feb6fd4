"""What changed between two plans of one day, in terms a dispatcher acts on.

Every visit whose technician or start time changed is listed, with a flag
on the customers to call (start moved by more than the threshold, or the
visit dropped); visits called off and new visits are listed too. Only ids
and times: no customer data, so the diff can be sent on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from planner.plan import Plan

#: Each kind of change with its words, (Chinese, English), as the board and the terminal say it.
KINDS: dict[str, tuple[str, str]] = {
    "reassigned": ("改派", "Reassigned"),
    "retimed": ("改时间", "Retimed"),
    "dropped": ("移出今日", "Dropped"),
    "now_served": ("补排入", "Now planned"),
    "added": ("新增已排", "New, planned"),
    "new_unassigned": ("新增未排", "New, not planned"),
    "cancelled": ("客户取消", "Cancelled"),
    "not_home": ("客户不在家", "Nobody home"),
}


@dataclass(frozen=True)
class Change:
    """One visit's change: who and when before and after, and whether to call the customer."""

    visit_id: str
    kind: str
    technician_before: str | None
    technician_after: str | None
    start_before: str | None
    start_after: str | None
    minutes_moved: int | None
    call_customer: bool
    reason: str = ""


@dataclass(frozen=True)
class PlanDiff:
    """All changes, and how many planned visits stayed exactly as they were."""

    changes: tuple[Change, ...]
    unchanged: int

    def to_dict(self) -> dict:
        """JSON form for files and the API."""
        return {
            "changes": [asdict(c) for c in self.changes],
            "unchanged": self.unchanged,
            "to_call": [c.visit_id for c in self.changes if c.call_customer],
        }


def _served(plan: Plan) -> dict[str, tuple[str, dt.datetime]]:
    return {s.visit_id: (r.technician_id, s.start) for r in plan.routes for s in r.stops}


def _clock(moment: dt.datetime | None) -> str | None:
    return moment.strftime("%H:%M") if moment is not None else None


def diff_plans(
    old: Plan, new: Plan, threshold_min: int, cancelled: Iterable[str] = (), not_home: Iterable[str] = ()
) -> PlanDiff:
    """Compare the plan before and after re-planning, visit by visit."""
    before, after = _served(old), _served(new)
    reasons = {u.visit_id: u.reason for u in new.unassigned}
    known = set(before) | {u.visit_id for u in old.unassigned}
    gone = dict.fromkeys(cancelled, "cancelled") | dict.fromkeys(not_home, "not_home")
    changes: list[Change] = []
    unchanged = 0
    for visit_id in sorted(set(before) | set(after) | set(reasons) | set(gone)):
        was, now = before.get(visit_id), after.get(visit_id)
        if visit_id in gone:
            changes.append(
                Change(
                    visit_id,
                    gone[visit_id],
                    was[0] if was else None,
                    None,
                    _clock(was[1]) if was else None,
                    None,
                    None,
                    False,
                )
            )
        elif was and now:
            moved = round((now[1] - was[1]).total_seconds() / 60)
            if was[0] == now[0] and moved == 0:
                unchanged += 1
                continue
            kind = "reassigned" if was[0] != now[0] else "retimed"
            changes.append(
                Change(
                    visit_id, kind, was[0], now[0], _clock(was[1]), _clock(now[1]), moved, abs(moved) > threshold_min
                )
            )
        elif was:
            changes.append(
                Change(visit_id, "dropped", was[0], None, _clock(was[1]), None, None, True, reasons.get(visit_id, ""))
            )
        elif now:
            kind = "now_served" if visit_id in known else "added"
            changes.append(Change(visit_id, kind, None, now[0], None, _clock(now[1]), None, False))
        elif visit_id not in known:
            changes.append(
                Change(visit_id, "new_unassigned", None, None, None, None, None, False, reasons.get(visit_id, ""))
            )
    return PlanDiff(tuple(changes), unchanged)
