"""responder: drafts per classification revision, and the revision and cause of each review head

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

S = "responder"


def upgrade() -> None:
    op.add_column("review_heads", sa.Column("latest_revision", sa.Integer, nullable=False, server_default="0"),
                  schema=S)
    op.add_column("review_heads", sa.Column("cause", sa.Text), schema=S)
    op.add_column("drafts", sa.Column("classification_revision", sa.Integer, nullable=False, server_default="0"),
                  schema=S)
    op.drop_constraint("uq_drafts_version_channel", "drafts", schema=S)
    op.create_unique_constraint("uq_drafts_revision_channel", "drafts",
                                ["review_key", "review_version", "classification_revision", "channel"], schema=S)


def downgrade() -> None:
    op.drop_constraint("uq_drafts_revision_channel", "drafts", schema=S)
    op.execute(f"DELETE FROM {S}.drafts WHERE classification_revision > 0")
    op.create_unique_constraint("uq_drafts_version_channel", "drafts", ["review_key", "review_version", "channel"],
                                schema=S)
    op.drop_column("drafts", "classification_revision", schema=S)
    op.drop_column("review_heads", "cause", schema=S)
    op.drop_column("review_heads", "latest_revision", schema=S)
