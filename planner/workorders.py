"""The life of a work order: its statuses and which change may follow which.

One home for the rule of operations-contract section 4, read by the store
(which refuses a change), the API (which names both statuses in its 409)
and the route page (which offers only the buttons that can succeed).
"""

from __future__ import annotations

from collections.abc import Mapping

#: Every status, in the order an order usually moves through them.
STATUSES: tuple[str, ...] = (
    "open",
    "planned",
    "en_route",
    "on_site",
    "done",
    "not_home",
    "needs_part",
    "rescheduled",
    "cancelled",
)

#: status -> the statuses allowed next (the contract's table, exactly).
NEXT: Mapping[str, frozenset[str]] = {
    "open": frozenset({"planned", "cancelled"}),
    "planned": frozenset({"en_route", "on_site", "open", "rescheduled", "cancelled"}),
    "en_route": frozenset({"on_site", "not_home", "rescheduled"}),
    "on_site": frozenset({"done", "needs_part"}),
    "done": frozenset(),
    "not_home": frozenset({"open", "rescheduled", "cancelled"}),
    "needs_part": frozenset({"open", "rescheduled"}),
    "rescheduled": frozenset({"planned", "open", "cancelled"}),
    "cancelled": frozenset(),
}

#: status -> (中文, English) as people read them on the board and the route page.
LABELS: Mapping[str, tuple[str, str]] = {
    "open": ("待派", "Open"),
    "planned": ("已派", "Planned"),
    "en_route": ("已出发", "On the way"),
    "on_site": ("已到达", "On site"),
    "done": ("已完成", "Done"),
    "not_home": ("客户不在家", "Customer not home"),
    "needs_part": ("需配件", "Needs a part"),
    "rescheduled": ("改约", "Rescheduled"),
    "cancelled": ("已取消", "Cancelled"),
}

#: Orders in these statuses wait for a technician: a plan of a later day takes them in.
PLANNABLE: frozenset[str] = frozenset({"open", "planned", "rescheduled"})
#: Orders in these statuses are finished for good.
CLOSED: frozenset[str] = frozenset({"done", "cancelled"})


def allowed(current: str, wanted: str) -> bool:
    """True when an order in ``current`` may move to ``wanted``."""
    return wanted in NEXT.get(current, frozenset())


def refusal(current: str, wanted: str) -> tuple[str, str]:
    """Why a change is refused, (中文, English), naming both statuses."""
    zh_now, en_now = LABELS[current]
    zh_new, en_new = LABELS.get(wanted, (wanted, wanted))
    options = sorted(NEXT[current], key=STATUSES.index)
    en_next = ", ".join(options) if options else "nothing"
    zh_next = "、".join(LABELS[s][0] for s in options) if options else "无"
    return (
        f"工单状态为「{zh_now}」({current})，不能改为「{zh_new}」({wanted})；可改为：{zh_next}",
        f"the order is {current} ({en_now}) and cannot become {wanted} ({en_new}); allowed next: {en_next}",
    )
