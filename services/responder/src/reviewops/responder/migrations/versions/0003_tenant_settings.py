"""responder: tenants' settings; template overrides keyed by part (a cause's layout or a paragraph)

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


def upgrade() -> None:
    op.create_table(
        "tenant_settings",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("brand_name", sa.Text),
        sa.Column("signatures", JSONB, nullable=False),
        sa.Column("return_window_days", sa.Integer),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="responder",
    )
    # A tenant's earlier overrides were whole drafts per cause; they stay, as that cause's layout.
    op.alter_column("templates", "cause", new_column_name="part", schema="responder")


def downgrade() -> None:
    op.execute("DELETE FROM responder.templates WHERE part LIKE '%.%' OR part IN "
                "('greeting', 'closing', 'item', 'return_terms', 'signature')")
    op.alter_column("templates", "part", new_column_name="cause", schema="responder")
    op.drop_table("tenant_settings", schema="responder")
