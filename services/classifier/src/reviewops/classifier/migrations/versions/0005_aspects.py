"""classifier: the aspects and facts given of each classification (issue 15, docs/aspects.md)

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

S = "classifier"


def upgrade() -> None:
    # Rows classified before aspects existed have none: an empty list, not an unknown.
    op.add_column("classifications", sa.Column("aspects", JSONB, nullable=False, server_default="[]"), schema=S)
    op.add_column("classifications", sa.Column("facts_given", JSONB, nullable=False, server_default="[]"), schema=S)


def downgrade() -> None:
    op.drop_column("classifications", "facts_given", schema=S)
    op.drop_column("classifications", "aspects", schema=S)
