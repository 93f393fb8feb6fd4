"""What the KPIs need of an order's status history, kept on the order itself as the history grows.

Every KPI asks the same few questions of an order's history: when was it
first done, first closed (done or cancelled), first reached (``on_site``),
and how many times did a technician come to the door
(``planner.history.kpis.order_facts`` answers them from the records).
Answering them by summing months of status changes at every query costs
seconds; the order's row keeps the answers instead, updated in the same
transaction as the change that alters them (``orders.record``) and by the
writers that load a whole history at once. Instants are whole UTC seconds
since 1970: both databases compare and index integers far faster than
they parse times, and the KPIs' counting reads them as they are
(``kpi_count`` turns them into local days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from planner.history.records import TERMINAL_STATUSES, VISIT_STATUSES

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

#: The work order's columns this module keeps, and their value before any change.
FACTS: Mapping[str, int | None] = {"done_s": None, "closed_s": None, "arrived_s": None, "door_visits": 0}


def utc_second(moment: dt.datetime) -> int:
    """An aware instant (or a naive one meaning UTC, as the store's DateTime columns hold it) as whole seconds."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return (aware - _EPOCH) // dt.timedelta(seconds=1)


def _earlier(second: int, kept: int | None) -> bool:
    return kept is None or second < kept


def facts_after(facts: Mapping[str, Any], status: str, second: int) -> dict[str, int]:
    """The facts a change to ``status`` at ``second`` alters, given the order's ``facts`` so far.

    The first done, closing and arrival are the earliest by time, not by
    when they were reported: a change reported late with an earlier time
    moves them back, as the records' ``order_facts`` says.
    """
    altered: dict[str, int] = {}
    if status in TERMINAL_STATUSES and _earlier(second, facts["closed_s"]):
        altered["closed_s"] = second
    if status == "done" and _earlier(second, facts["done_s"]):
        altered["done_s"] = second
    if status in VISIT_STATUSES:
        altered["door_visits"] = (facts["door_visits"] or 0) + 1  # None: a new row not yet written
        if status == "on_site" and _earlier(second, facts["arrived_s"]):
            altered["arrived_s"] = second
    return altered


def fold(changes: list[tuple[str, int]]) -> dict[str, Any]:
    """The facts of a whole history given as (status, second) pairs, in any order (bulk writers)."""
    facts: dict[str, Any] = dict(FACTS)
    for status, second in changes:
        facts.update(facts_after(facts, status, second))
    return facts
