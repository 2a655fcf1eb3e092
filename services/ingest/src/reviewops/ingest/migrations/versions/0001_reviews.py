"""ingest: reviews, their versions, outbox and processed events

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
    create_plumbing_tables("ingest")
    op.create_table(
        "reviews",
        sa.Column("review_key", sa.Text, primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", JSONB, nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("last_changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="ingest",
    )
    op.create_index("ix_reviews_tenant", "reviews", ["tenant_id"], schema="ingest")
    op.create_table(
        "review_versions",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("review_key", sa.Text, nullable=False),
        sa.Column("version", sa.Integer),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", JSONB, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="ingest",
    )
    op.create_index(
        "ux_review_versions_version",
        "review_versions",
        ["review_key", "version"],
        unique=True,
        schema="ingest",
        postgresql_where=sa.text("version IS NOT NULL"),
    )
    op.create_index(
        "ux_review_versions_stale",
        "review_versions",
        ["review_key", "content_hash", "updated_at"],
        unique=True,
        schema="ingest",
        postgresql_where=sa.text("version IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("review_versions", schema="ingest")
    op.drop_table("reviews", schema="ingest")
    drop_plumbing_tables("ingest")
