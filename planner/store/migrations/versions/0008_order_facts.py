"""what the KPIs read of an order's history kept on the order, and the indexes the KPI queries need

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

The new columns are filled from the status history already kept (the
same rules as planner.store.order_facts): the first done, the first done
or cancelled, the first on_site and the trips to the door. Orders made
before their creation time was kept count from local midnight of their
created date, in the department's time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_INDEXED = ("created_s", "done_s", "closed_s", "arrived_s", "due_date", "technician_id", "group_id", "department_id")


def _second(expression: str, *, text: bool = False) -> str:
    """SQL for an instant (a naive UTC timestamp, or ``text`` an ISO text with offset) as whole UTC seconds."""
    if op.get_bind().dialect.name == "postgresql":
        moment = f"CAST({expression} AS TIMESTAMPTZ)" if text else expression
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM {moment})) AS BIGINT)"
    return f"CAST(strftime('%s', {expression}) AS INTEGER)"


def _backfill() -> None:
    op.execute(f"UPDATE work_orders SET created_s = {_second('created_at', text=True)} WHERE created_at IS NOT NULL")
    op.execute(
        f"""
        UPDATE work_orders SET
            done_s = {_second("history.done")},
            closed_s = {_second("history.closed")},
            arrived_s = {_second("history.arrived")},
            door_visits = history.visits
        FROM (
            SELECT visit_id,
                MIN(CASE WHEN status = 'done' THEN at_utc END) AS done,
                MIN(CASE WHEN status IN ('done', 'cancelled') THEN at_utc END) AS closed,
                MIN(CASE WHEN status = 'on_site' THEN at_utc END) AS arrived,
                SUM(CASE WHEN status IN ('on_site', 'not_home') THEN 1 ELSE 0 END) AS visits
            FROM status_changes
            WHERE status IN ('done', 'cancelled', 'on_site', 'not_home')
            GROUP BY visit_id
        ) AS history
        WHERE history.visit_id = work_orders.id
        """
    )
    bind = op.get_bind()
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
    zone = zoneinfo.ZoneInfo(
        bind.scalar(sa.select(settings.c.value).where(settings.c.key == "timezone")) or "Asia/Shanghai"
    )
    orders = sa.table(
        "work_orders", sa.column("id", sa.String), sa.column("created_date", sa.Date), sa.column("created_s")
    )
    for visit_id, created in bind.execute(
        sa.select(orders.c.id, orders.c.created_date).where(orders.c.created_s.is_(None))
    ).all():
        midnight = dt.datetime.combine(created, dt.time(), zone)
        second = int((midnight - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).total_seconds())
        bind.execute(sa.update(orders).where(orders.c.id == visit_id).values(created_s=second))


def upgrade() -> None:
    # Plain ALTER TABLE, never batch mode: SQLite would copy work_orders, which the status history
    # references, and its foreign keys refuse that. So created_s stays nullable in the database;
    # every writer gives it (the model's default refuses an order without created_at).
    op.add_column("work_orders", sa.Column("created_s", sa.BigInteger(), nullable=True))
    op.add_column("work_orders", sa.Column("done_s", sa.BigInteger(), nullable=True))
    op.add_column("work_orders", sa.Column("closed_s", sa.BigInteger(), nullable=True))
    op.add_column("work_orders", sa.Column("arrived_s", sa.BigInteger(), nullable=True))
    op.add_column("work_orders", sa.Column("door_visits", sa.Integer(), nullable=False, server_default="0"))
    _backfill()
    for name in _INDEXED:
        op.create_index(op.f(f"ix_work_orders_{name}"), "work_orders", [name], unique=False)
    op.create_index(op.f("ix_callbacks_due_date"), "callbacks", ["due_date"], unique=False)
    op.create_index(op.f("ix_callbacks_called_at"), "callbacks", ["called_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_callbacks_called_at"), table_name="callbacks")
    op.drop_index(op.f("ix_callbacks_due_date"), table_name="callbacks")
    for name in reversed(_INDEXED):
        op.drop_index(op.f(f"ix_work_orders_{name}"), table_name="work_orders")
    for name in ("door_visits", "arrived_s", "closed_s", "done_s", "created_s"):
        op.drop_column("work_orders", name)
