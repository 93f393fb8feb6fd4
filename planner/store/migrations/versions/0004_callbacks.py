"""callback attempts, complaint grade and link, who an order counts for, when it was made

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("grade", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("complaint_of", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("technician_id", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("group_id", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("department_id", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("done_at", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint("uq_callbacks_visit", ["visit_id"])
    op.create_table(
        "callback_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["work_orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "client_id", name="uq_callback_attempts_visit_client"),
    )
    with op.batch_alter_table("callback_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_callback_attempts_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callback_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_attempts_visit_id"))
    op.drop_table("callback_attempts")
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.drop_constraint("uq_callbacks_visit", type_="unique")
        batch_op.drop_column("done_at")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        for name in ("department_id", "group_id", "technician_id", "complaint_of", "grade", "created_at"):
            batch_op.drop_column(name)
