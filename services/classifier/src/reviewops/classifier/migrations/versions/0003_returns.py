"""classifier: returns' causes, counted in the insights

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

S = "classifier"


def upgrade() -> None:
    op.create_table(
        "return_classifications",
        sa.Column("return_key", sa.Text, primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("marketplace", sa.Text, nullable=False),
        sa.Column("asin", sa.Text),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("primary_cause", sa.Text, nullable=False),
        sa.Column("causes", JSONB, nullable=False),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("model_version", sa.Text, nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=S,
    )
    op.create_index("ix_return_classifications_asin_time", "return_classifications",
                    ["tenant_id", "marketplace", "asin", "returned_at"], schema=S)


def downgrade() -> None:
    op.drop_table("return_classifications", schema=S)
