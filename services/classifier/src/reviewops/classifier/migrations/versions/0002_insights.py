"""classifier: deleted flag on classifications, and the spikes announced

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "classifier"


def upgrade() -> None:
    op.add_column("classifications", sa.Column("deleted", sa.Boolean, nullable=False, server_default="false"),
                  schema=S)
    op.create_index("ix_classifications_asin_time", "classifications",
                    ["tenant_id", "marketplace", "asin", "review_created_at"], schema=S)
    op.create_table(
        "spikes",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("marketplace", sa.Text, nullable=False),
        sa.Column("asin", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_index("ux_spikes_active", "spikes", ["tenant_id", "marketplace", "asin", "cause"], unique=True,
                    schema=S, postgresql_where=sa.text("ended_at IS NULL"))


def downgrade() -> None:
    op.drop_table("spikes", schema=S)
    op.drop_index("ix_classifications_asin_time", "classifications", schema=S)
    op.drop_column("classifications", "deleted", schema=S)
