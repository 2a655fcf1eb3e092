"""responder: drafts, review heads, audit trail, outbox and processed events

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

S = "responder"


def upgrade() -> None:
    create_plumbing_tables(S)
    op.create_table(
        "review_heads",
        sa.Column("review_key", sa.Text, primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("latest_version", sa.Integer, nullable=False),
        schema=S,
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("review_key", sa.Text, nullable=False),
        sa.Column("review_version", sa.Integer, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("violations", JSONB, nullable=False, server_default="[]"),
        sa.Column("unchecked", JSONB, nullable=False, server_default="[]"),
        sa.Column("policy_version", sa.Text),
        sa.Column("evidence", JSONB, nullable=False, server_default="[]"),
        sa.Column("action", JSONB, nullable=False),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("marketplace", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("external_id", sa.Text, nullable=False),
        sa.Column("asin", sa.Text),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("review", JSONB, nullable=False),
        sa.Column("classification", JSONB, nullable=False),
        sa.Column("trace_id", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("review_key", "review_version", "channel", name="uq_drafts_version_channel"),
        sa.CheckConstraint(
            "state IN ('pending_check','blocked','ready','approved','sent','rejected','withdrawn','superseded',"
            "'expired')",
            name="drafts_state",
        ),
        schema=S,
    )
    op.create_index("ix_drafts_queue", "drafts", ["tenant_id", "priority", "due_at", "id"], schema=S)
    op.create_index("ix_drafts_pending", "drafts", ["state"], schema=S,
                    postgresql_where=sa.text("state = 'pending_check'"))
    op.create_table(
        "draft_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.Uuid, nullable=False, index=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("principal", sa.Text, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("before", JSONB),
        sa.Column("after", JSONB, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("draft_audit", schema=S)
    op.drop_table("drafts", schema=S)
    op.drop_table("review_heads", schema=S)
    drop_plumbing_tables(S)
