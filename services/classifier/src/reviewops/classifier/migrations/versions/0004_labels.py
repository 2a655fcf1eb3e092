"""classifier: human labels, a classification row per revision, and the snapshot a correction republishes

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

S = "classifier"


def upgrade() -> None:
    op.add_column("classifications",
                  sa.Column("classification_revision", sa.Integer, nullable=False, server_default="0"), schema=S)
    op.add_column("classifications", sa.Column("labelled_by", sa.Text), schema=S)
    op.add_column("classifications", sa.Column("review", JSONB), schema=S)
    op.add_column("classifications", sa.Column("classification", JSONB), schema=S)
    op.drop_constraint("uq_classifications_version", "classifications", schema=S)
    op.create_unique_constraint("uq_classifications_revision", "classifications",
                                ["review_key", "review_version", "classification_revision"], schema=S)
    op.create_table(
        "labels",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("review_key", sa.Text, nullable=False),
        sa.Column("review_version", sa.Integer, nullable=False),
        sa.Column("classification_revision", sa.Integer, nullable=False),
        sa.Column("primary_cause", sa.Text, nullable=False),
        sa.Column("causes", JSONB, nullable=False),
        sa.Column("labelled_by", sa.Text, nullable=False),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("review_key", "review_version", "classification_revision", name="uq_labels_revision"),
        schema=S,
    )
    op.create_index("ix_labels_tenant_id", "labels", ["tenant_id", "id"], schema=S)


def downgrade() -> None:
    op.drop_table("labels", schema=S)
    op.drop_constraint("uq_classifications_revision", "classifications", schema=S)
    op.execute(f"DELETE FROM {S}.classifications WHERE classification_revision > 0")
    op.create_unique_constraint("uq_classifications_version", "classifications", ["review_key", "review_version"],
                                schema=S)
    for column in ("classification", "review", "labelled_by", "classification_revision"):
        op.drop_column("classifications", column, schema=S)
