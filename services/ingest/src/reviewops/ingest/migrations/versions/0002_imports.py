"""ingest: file import jobs and return lines

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "ingest"


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("principal_id", sa.Text),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("marketplace", sa.Text, nullable=False),
        sa.Column("default_fulfillment", sa.Text),
        sa.Column("encoding", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False, server_default="0"),
        sa.Column("counts", JSONB, nullable=False, server_default="{}"),
        sa.Column("errors", JSONB, nullable=False, server_default="[]"),
        sa.Column("problem", sa.Text),
        sa.Column("runner", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_index("ix_import_jobs_running", "import_jobs", ["state"], schema=S,
                    postgresql_where=sa.text("state = 'running'"))
    op.create_table(
        "returns",
        sa.Column("return_key", sa.Text, primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("marketplace", sa.Text, nullable=False),
        sa.Column("order_id", sa.Text, nullable=False),
        sa.Column("line", sa.Text, nullable=False),
        sa.Column("asin", sa.Text),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("disposition", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("import_id", UUID(as_uuid=True)),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=S,
    )
    op.create_index("ix_returns_tenant_asin", "returns", ["tenant_id", "marketplace", "asin"], schema=S)


def downgrade() -> None:
    op.drop_table("returns", schema=S)
    op.drop_table("import_jobs", schema=S)
