"""The operations contract's status table (section 4), written out once for the tests.

Kept apart from ``planner.workorders`` on purpose: the tests compare the code's table and the
simulated history against this independent copy of the contract.
"""

#: status -> the statuses allowed next.
CONTRACT = {
    "open": {"planned", "cancelled"},
    "planned": {"en_route", "on_site", "open", "rescheduled", "cancelled"},
    "en_route": {"on_site", "not_home", "rescheduled"},
    "on_site": {"done", "needs_part"},
    "done": set(),
    "not_home": {"open", "rescheduled", "cancelled"},
    "needs_part": {"open", "rescheduled"},
    "rescheduled": {"planned", "open", "cancelled"},
    "cancelled": set(),
}
