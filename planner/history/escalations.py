"""The manager's escalation list from the store's records: complaint orders and their status changes.

``planner.complaints`` decides what is overdue from a complaint's state;
this module reads that state off the records, the way the store keeps
them, so the page and any report build the list the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from planner.complaints import ComplaintState, Escalation, escalations
from planner.history.records import TERMINAL_STATUSES, OrderRecord, StatusRecord
from planner.service_rules import ServiceRules


def complaint_states(orders: Iterable[OrderRecord], statuses: Iterable[StatusRecord]) -> list[ComplaintState]:
    """Each complaint order with when it was first taken up, resolved and closed.

    Taken up (responded) is the first change to any status but ``open``:
    someone planned it, set off, or called it off with the customer.
    """
    changes: dict[str, list[StatusRecord]] = defaultdict(list)
    for change in statuses:
        changes[change.visit_id].append(change)
    states = []
    for order in orders:
        if order.type != "complaint":
            continue
        mine = sorted(changes.get(order.id, ()), key=lambda c: c.at)
        responded = next((c.at for c in mine if c.status != "open"), None)
        resolved = next((c.at for c in mine if c.status == "done"), None)
        states.append(
            ComplaintState(
                visit_id=order.id,
                grade=order.grade,
                created_at=order.created_at,
                responded_at=responded,
                resolved_at=resolved,
                closed=any(c.status in TERMINAL_STATUSES for c in mine),
            )
        )
    return states


def escalation_list(
    orders: Iterable[OrderRecord], statuses: Iterable[StatusRecord], now: dt.datetime, rules: ServiceRules | None = None
) -> list[Escalation]:
    """Complaints past a deadline or open a month at ``now``, major and longest overdue first.

    Only orders made and changes recorded by ``now`` count, so the list
    can also be shown as it stood on an earlier day.
    """
    made = [o for o in orders if o.created_at <= now]
    known = [c for c in statuses if c.at <= now]
    return escalations(complaint_states(made, known), now, rules or ServiceRules())
