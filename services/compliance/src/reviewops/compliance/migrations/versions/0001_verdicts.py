"""compliance: verdicts, outbox and processed events

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from reviewops.common.db.migration_ops import create_plumbing_tables, drop_plumbing_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing_tables("compliance")
    op.create_table(
        "verdicts",
        sa.Column("review_key", sa.Text, nullable=False),
        sa.Column("review_version", sa.Integer, nullable=False),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("policy_version", sa.Text, nullable=False),
        sa.Column("actions", JSONB, nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("review_key", "review_version", name="uq_verdicts_version"),
        schema="compliance",
    )


def downgrade() -> None:
    op.drop_table("verdicts", schema="compliance")
    drop_plumbing_tables("compliance")
