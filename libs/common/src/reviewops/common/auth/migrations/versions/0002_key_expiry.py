"""auth: an optional expiry on API keys, for rotation with a grace period

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("expires_at", sa.DateTime(timezone=True)), schema="auth")


def downgrade() -> None:
    op.drop_column("api_keys", "expires_at", schema="auth")
