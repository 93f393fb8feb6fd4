"""plan edits made from the dispatch board

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_edits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("made_by", sa.String(length=100), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("what_en", sa.Text(), nullable=False),
        sa.Column("what_zh", sa.Text(), nullable=False),
        sa.Column("technicians", sa.JSON(), nullable=False),
        sa.Column("returns_to", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_edits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_edits_date"), ["date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_edits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_edits_date"))
    op.drop_table("plan_edits")
