"""responder: the workbench (assignment, notes) and the queue ordered by due time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

S = "responder"
OPEN_STATES = "state IN ('pending_check', 'blocked', 'ready', 'approved')"


def upgrade() -> None:
    op.add_column("drafts", sa.Column("assignee", sa.Text), schema=S)
    # What the queue shows of the review and classification, copied out of the documents once so
    # that a listing never reads them; drafts made from now on carry them from the start.
    op.add_column("drafts", sa.Column("product_title", sa.Text), schema=S)
    op.add_column("drafts", sa.Column("snippet", sa.Text, nullable=False, server_default=""), schema=S)
    op.add_column("drafts", sa.Column("review_created_at", sa.DateTime(timezone=True)), schema=S)
    op.add_column("drafts", sa.Column("needs_review", sa.Boolean, nullable=False, server_default=sa.false()),
                  schema=S)
    op.execute(
        "UPDATE responder.drafts SET product_title = review->>'product_title', "
        "snippet = coalesce(substr(review->>'body', 1, 160), ''), "
        "review_created_at = coalesce((review->>'created_at')::timestamptz, due_at - interval '24 hours'), "
        "needs_review = coalesce((classification->>'needs_review')::boolean, false)"
    )
    op.alter_column("drafts", "review_created_at", nullable=False, schema=S)
    op.drop_index("ix_drafts_queue", table_name="drafts", schema=S)
    op.create_index("ix_drafts_queue", "drafts", ["tenant_id", "due_at", "priority", "id"], schema=S)
    op.create_index("ix_drafts_open_queue", "drafts", ["tenant_id", "due_at", "priority", "id"], schema=S,
                    postgresql_where=sa.text(OPEN_STATES))
    op.create_table(
        "draft_notes",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.Uuid, nullable=False, index=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("draft_notes", schema=S)
    op.drop_index("ix_drafts_open_queue", table_name="drafts", schema=S)
    op.drop_index("ix_drafts_queue", table_name="drafts", schema=S)
    op.create_index("ix_drafts_queue", "drafts", ["tenant_id", "priority", "due_at", "id"], schema=S)
    for column in ("needs_review", "review_created_at", "snippet", "product_title", "assignee"):
        op.drop_column("drafts", column, schema=S)
