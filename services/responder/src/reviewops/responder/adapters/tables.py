"""The responder's tables, in the `responder` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from reviewops.common.db.tables import plumbing_tables

metadata = MetaData(schema="responder")
plumbing_tables(metadata)

review_heads = Table(
    "review_heads",
    metadata,
    Column("review_key", Text, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("latest_version", Integer, nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("review_key", Text, nullable=False),
    Column("review_version", Integer, nullable=False),
    Column("channel", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("text", Text),
    Column("violations", JSONB, nullable=False, server_default="[]"),
    Column("unchecked", JSONB, nullable=False, server_default="[]"),
    Column("policy_version", Text),
    Column("evidence", JSONB, nullable=False, server_default="[]"),
    Column("action", JSONB, nullable=False),
    Column("language", Text, nullable=False),
    Column("cause", Text, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("external_id", Text, nullable=False),
    Column("asin", Text),
    Column("rating", Integer, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("review", JSONB, nullable=False),
    Column("classification", JSONB, nullable=False),
    Column("trace_id", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("review_key", "review_version", "channel", name="uq_drafts_version_channel"),
)
Index("ix_drafts_queue", drafts.c.tenant_id, drafts.c.priority, drafts.c.due_at, drafts.c.id)
Index("ix_drafts_pending", drafts.c.state, postgresql_where=drafts.c.state == "pending_check")

draft_audit = Table(
    "draft_audit",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("draft_id", Uuid, nullable=False, index=True),
    Column("tenant_id", Text, nullable=False),
    Column("principal", Text, nullable=False),
    Column("change", Text, nullable=False),
    Column("before", JSONB),
    Column("after", JSONB, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

templates = Table(
    "templates",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("channel", Text, primary_key=True),
    Column("language", Text, primary_key=True),
    Column("part", Text, primary_key=True),  # a cause (its whole layout) or a paragraph key
    Column("template", Text, nullable=False),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

tenant_settings = Table(
    "tenant_settings",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("brand_name", Text),
    Column("signatures", JSONB, nullable=False),
    Column("return_window_days", Integer),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
