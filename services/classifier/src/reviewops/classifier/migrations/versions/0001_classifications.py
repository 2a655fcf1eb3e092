"""classifier: classifications, outbox and processed events

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
    create_plumbing_tables("classifier")
    op.create_table(
        "classifications",
        sa.Column("review_key", sa.Text, nullable=False),
        sa.Column("review_version", sa.Integer, nullable=False),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("marketplace", sa.Text, nullable=False),
        sa.Column("asin", sa.Text),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("primary_cause", sa.Text, nullable=False),
        sa.Column("causes", JSONB, nullable=False),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("detected_language", sa.Text, nullable=False),
        sa.Column("removal_signals", JSONB, nullable=False),
        sa.Column("model_version", sa.Text, nullable=False),
        sa.Column("review_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("review_key", "review_version", name="uq_classifications_version"),
        schema="classifier",
    )
    op.create_index(
        "ix_classifications_tenant_asin", "classifications", ["tenant_id", "marketplace", "asin"], schema="classifier"
    )


def downgrade() -> None:
    op.drop_table("classifications", schema="classifier")
    drop_plumbing_tables("classifier")
