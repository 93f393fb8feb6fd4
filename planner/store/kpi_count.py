"""The KPIs' counting over every order of months of history at once, with NumPy arrays.

The rules are ``planner.history.kpis``'s (which counts record by record);
here each is a comparison over whole columns, one per fact of every order
(``OrderColumns``, read by ``planner.store.kpi_query``). Instants are
whole UTC seconds; a fact not there yet (an order not done, a callback
not called) is ``NEVER``, later than any day, so that no comparison needs
a special case. Each event goes to a slot, a period's index times the
number of keys plus the key's index, and every rate, the backlog and the
median's groups are counted per slot by ``np.bincount`` or one sort: a
few milliseconds for 180,000 orders, where a database sorts for every
grouping. The sums are integers, exact; the median is the float
``statistics.median`` gives.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.history.kpis import Figure, Slot, Tally
from planner.history.periods import Period
from planner.store.kpi_sql import NEVER, Numbers

Flags = npt.NDArray[np.bool_]
_DAY = 86400
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class OrderColumns:
    """One entry per order: its key's index and the facts the KPIs read, in whole UTC seconds or day numbers.

    ``resolution_s`` is a complaint's resolution hours in seconds (its
    grade's), -1 for any other order; the callback columns are those of
    the order's settled callback (``NEVER``, and neither reached nor
    satisfied, when there is none).
    """

    key: Numbers
    due_day: Numbers
    created_s: Numbers
    done_s: Numbers
    closed_s: Numbers
    arrived_s: Numbers
    door_visits: Numbers
    resolution_s: Numbers
    callback_due_day: Numbers
    called_s: Numbers
    satisfied: Flags
    reached: Flags

    @classmethod
    def none(cls) -> OrderColumns:
        """No order at all."""
        n, flags = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.bool_)
        return cls(n, n, n, n, n, n, n, n, n, n, satisfied=flags, reached=flags)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH).days


def _offsets(zone: zoneinfo.ZoneInfo, first: int, last: int) -> tuple[Numbers, Numbers]:
    """(from this UTC second on, the zone's offset in seconds) over the seconds ``first``..``last``, in order.

    The zone is asked once a day and each change found to the second: one
    offset for China (no summer time since 1991), two a year where summer
    time is kept.
    """

    def offset(second: int) -> int:
        aware = dt.datetime.fromtimestamp(second, zone)  # zone-aware, so it always has an offset
        return int((aware.utcoffset() or dt.timedelta()).total_seconds())

    second, stop = first - 2 * _DAY, last + 2 * _DAY
    starts, offsets = [-NEVER], [offset(second)]
    while second < stop:
        if offset(second + _DAY) != offsets[-1]:
            low, high = second, second + _DAY  # the change lies in (low, high]: halve to the second
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == offsets[-1] else (low, middle)
            starts.append(high)
            offsets.append(offset(high))
        second += _DAY
    return np.array(starts, dtype=np.int64), np.array(offsets, dtype=np.int64)


class SlotCounter:
    """Counts the KPIs of ``orders`` per period of ``spans`` and key (``names``: the keys by index) in one time zone."""

    def __init__(self, orders: OrderColumns, spans: list[Period], names: list[str], timezone: str) -> None:
        self.orders, self.spans, self.keys = orders, spans, len(names)
        #: Each slot's (period index, key), made once: a technician x day table has 18,000 of them.
        self.slots: list[Slot] = [(period, name) for period in range(len(spans)) for name in names]
        self.first, self.last = day_number(spans[0].start), day_number(spans[-1].end)
        self.ends = np.array([day_number(span.end) for span in spans], dtype=np.int64)
        self.deadline_s = orders.created_s + orders.resolution_s
        instants = np.concatenate(
            [orders.created_s, orders.done_s, orders.closed_s, orders.arrived_s, orders.called_s, self.deadline_s]
        )
        instants = instants[instants < NEVER]
        first, last = (int(instants.min()), int(instants.max())) if instants.size else (0, 0)
        self._starts, self._offsets = _offsets(zoneinfo.ZoneInfo(timezone), first, last)

    def local_day(self, seconds: Numbers) -> Numbers:
        """The department's local day number of each instant (``NEVER`` stays after every day)."""
        if len(self._offsets) == 1:
            return (seconds + self._offsets[0]) // _DAY
        return (seconds + self._offsets[np.searchsorted(self._starts, seconds, side="right") - 1]) // _DAY

    def _slots(self, days: Numbers) -> tuple[Numbers, Flags]:
        """The slot of each day with each order's key, and whether the day is in the range at all."""
        within = (days >= self.first) & (days <= self.last)
        period = np.searchsorted(self.ends, np.where(within, days, self.first))
        return period * self.keys + self.orders.key, within

    def _rate(self, days: Numbers, counted: Flags, hit: Flags) -> dict[Slot, Tally]:
        """Per slot, how many events on ``days`` are counted and how many of those are hits."""
        slots, within = self._slots(days)
        counted = counted & within
        totals = np.bincount(slots[counted], minlength=len(self.slots))
        hits = np.bincount(slots[counted & hit], minlength=len(self.slots))
        filled = np.flatnonzero(totals)
        return dict(
            zip(
                map(self.slots.__getitem__, filled.tolist()),
                map(Tally, hits[filled].tolist(), totals[filled].tolist()),
                strict=True,
            )
        )

    def rates(self) -> dict[str, dict[Slot, Tally]]:
        """Every rate's counts per slot, by the rules of ``planner.history.kpis`` (its ``*_event`` functions)."""
        o = self.orders
        done_day, called_day = self.local_day(o.done_s), self.local_day(o.called_s)
        every = np.ones(len(o.key), dtype=np.bool_)
        return {
            "on_time_completion": self._rate(o.due_day, every, done_day <= o.due_day),
            "complaint_timeliness": self._rate(
                self.local_day(self.deadline_s), o.resolution_s >= 0, o.done_s <= self.deadline_s
            ),
            "first_time_fix": self._rate(done_day, every, o.door_visits <= 1),
            "callback_completion": self._rate(o.callback_due_day, every, called_day <= o.callback_due_day),
            "satisfaction": self._rate(called_day, o.reached, o.satisfied),
        }

    def medians(self) -> dict[Slot, Figure]:
        """The median response time (hours) of each slot, over the orders first reached on its days.

        One sort by slot then wait puts each slot's waits in order side by
        side; the middle two, in hours, are averaged as ``statistics.median``
        does (one in the middle is itself), so both give the same float.
        """
        o = self.orders
        slots, within = self._slots(self.local_day(o.arrived_s))
        slots, waits = slots[within], (o.arrived_s - o.created_s)[within]
        order = np.lexsort((waits, slots))
        slots, waits = slots[order], waits[order]
        counts = np.bincount(slots, minlength=len(self.slots))
        filled = np.flatnonzero(counts)
        first = np.cumsum(counts)[filled] - counts[filled]
        hours = waits / 3600
        middle = (hours[first + (counts[filled] - 1) // 2] + hours[first + counts[filled] // 2]) / 2
        return {
            self.slots[slot]: Figure(value=value, count=n)
            for slot, value, n in zip(filled.tolist(), middle.tolist(), counts[filled].tolist(), strict=True)
        }

    def backlog(self) -> tuple[Numbers, Numbers]:
        """Per key (rows) and period end (columns, one more at the end), how many orders open and close there
        and the sum of their creation seconds: the difference arrays ``backlog_figures`` adds up.

        An order is open at the end of a period when created on or before
        its last day and not done or cancelled by then: it opens at the
        first period ending on or after its creation day and leaves at the
        first ending on or after its closing day (after the last, never).
        """
        o = self.orders
        opens = np.searchsorted(self.ends, self.local_day(o.created_s))
        closes = np.searchsorted(self.ends, self.local_day(o.closed_s))
        open_a_while = opens < closes
        width = len(self.spans) + 1
        key = o.key[open_a_while] * width
        opens, closes, created = opens[open_a_while] + key, closes[open_a_while] + key, o.created_s[open_a_while]
        size = self.keys * width
        opened = np.bincount(opens, minlength=size) - np.bincount(closes, minlength=size)
        created_sum = np.zeros(size, dtype=np.int64)
        np.add.at(created_sum, opens, created)
        np.subtract.at(created_sum, closes, created)
        return opened.reshape(self.keys, width), created_sum.reshape(self.keys, width)
