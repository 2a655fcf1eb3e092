"""auth: principals, tenant grants, hashed API keys

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "principals",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("scopes", ARRAY(sa.Text), nullable=False),
        sa.Column("all_tenants", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("kind IN ('person', 'service')", name="principals_kind"),
        schema="auth",
    )
    op.create_table(
        "principal_tenants",
        sa.Column("principal_id", sa.Uuid, sa.ForeignKey("auth.principals.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tenant_id", sa.Text, primary_key=True),
        schema="auth",
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("principal_id", sa.Uuid, sa.ForeignKey("auth.principals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key_hash", sa.LargeBinary, nullable=False, unique=True),
        sa.Column("key_prefix", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        schema="auth",
    )


def downgrade() -> None:
    op.drop_table("api_keys", schema="auth")
    op.drop_table("principal_tenants", schema="auth")
    op.drop_table("principals", schema="auth")
