"""compliance: a verdict per classification revision, so a corrected cause is gated again

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "compliance"


def upgrade() -> None:
    op.add_column("verdicts", sa.Column("classification_revision", sa.Integer, nullable=False, server_default="0"),
                  schema=S)
    op.drop_constraint("uq_verdicts_version", "verdicts", schema=S)
    op.create_unique_constraint("uq_verdicts_revision", "verdicts",
                                ["review_key", "review_version", "classification_revision"], schema=S)


def downgrade() -> None:
    op.drop_constraint("uq_verdicts_revision", "verdicts", schema=S)
    op.execute(f"DELETE FROM {S}.verdicts WHERE classification_revision > 0")
    op.create_unique_constraint("uq_verdicts_version", "verdicts", ["review_key", "review_version"], schema=S)
    op.drop_column("verdicts", "classification_revision", schema=S)
