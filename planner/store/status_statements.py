"""The statements of a status change from the field, built once with their parameters left open.

A status update is the store's busiest write (every phone of the
department, all day), and on SQLite every other writer waits while one
runs. Built once, a statement is not put together from the ORM's
attributes again at each update (that was a third of its CPU time); each
execution only binds the values. ``planner.store.orders`` runs them.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from planner.store.models import Base
from planner.store.order_facts import FACTS

ORDERS = Base.metadata.tables["work_orders"]
CHANGES = Base.metadata.tables["status_changes"]
SETTINGS = Base.metadata.tables["settings"]
CALLBACKS = Base.metadata.tables["callbacks"]

#: A history record's columns, in the order of ``planner.store.orders.Change``'s fields.
CHANGE_FIELDS = ("status", "from_status", "at", "by", "note", "client_id", "part_id", "version")

#: The order's status, version and type, the facts the KPIs keep on it (``order_facts.FACTS``, in order), then
#: its history oldest first (one row per record, from column ``HISTORY_FROM``), the order locked:
#: ``FOR UPDATE OF`` the order on PostgreSQL; SQLite has no row locks (the transaction holds the write lock).
ORDER_WITH_HISTORY = (
    select(
        ORDERS.c.status,
        ORDERS.c.version,
        ORDERS.c.type,
        *(ORDERS.c[name] for name in FACTS),
        *(CHANGES.c[name] for name in CHANGE_FIELDS),
    )
    .select_from(ORDERS.outerjoin(CHANGES, CHANGES.c.visit_id == ORDERS.c.id))
    .where(ORDERS.c.id == bindparam("order_id"))
    .order_by(CHANGES.c.id)
    .with_for_update(of=ORDERS)
)
HISTORY_FROM = 3 + len(FACTS)

#: The order moves on only from the version it was read at: a row changed meanwhile is not touched.
#: Its KPI facts are written with it (``new_<fact>``).
MOVE = (
    update(ORDERS)
    .where(ORDERS.c.id == bindparam("order_id"), ORDERS.c.version == bindparam("seen"))
    .values(
        status=bindparam("new_status"),
        version=bindparam("new_version"),
        **{name: bindparam(f"new_{name}") for name in FACTS},
    )
)

#: A record of the history, all its columns bound.
RECORD = insert(CHANGES)

#: The department's settings of the keys given (``keys``, a list).
SETTINGS_OF = select(SETTINGS.c.key, SETTINGS.c.value).where(SETTINGS.c.key.in_(bindparam("keys", expanding=True)))

#: The order's callback task, if it has one.
CALLBACK_OF = select(CALLBACKS.c.id).where(CALLBACKS.c.visit_id == bindparam("order_id"))
#: A new callback task, all its columns bound.
NEW_CALLBACK = insert(CALLBACKS)
