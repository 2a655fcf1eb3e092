"""The responder's tables, in the `responder` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from reviewops.common.db.tables import plumbing_tables
from reviewops.responder.domain.lifecycle import OPEN_STATES

metadata = MetaData(schema="responder")
plumbing_tables(metadata)

review_heads = Table(
    "review_heads",
    metadata,
    Column("review_key", Text, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("latest_version", Integer, nullable=False),
    # The classification revision of that version, and the primary cause its drafts were made for:
    # a person's correction is a higher revision, which makes drafts only if it changes the cause.
    Column("latest_revision", Integer, nullable=False, server_default="0"),
    Column("cause", Text),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("review_key", Text, nullable=False),
    Column("review_version", Integer, nullable=False),
    Column("classification_revision", Integer, nullable=False, server_default="0"),
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
    Column("product_title", Text),
    Column("rating", Integer, nullable=False),
    # What the queue shows of the review and classification, copied when the draft is made (like
    # asin and rating) so that a listing never reads the review and classification documents.
    Column("snippet", Text, nullable=False, server_default=""),
    Column("review_created_at", DateTime(timezone=True), nullable=False),
    Column("needs_review", Boolean, nullable=False, server_default=false()),
    Column("priority", Integer, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("review", JSONB, nullable=False),
    Column("classification", JSONB, nullable=False),
    Column("trace_id", Text),
    Column("assignee", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # One draft per review version, classification revision and channel; the older revision's open
    # drafts are retired in the transaction that inserts the newer one's.
    UniqueConstraint("review_key", "review_version", "classification_revision", "channel",
                     name="uq_drafts_revision_channel"),
)
# The queue's order (due time, priority, id) per tenant; the open items, which the queue lists by
# default, have their own partial index so that closed ones never slow the first page down.
Index("ix_drafts_queue", drafts.c.tenant_id, drafts.c.due_at, drafts.c.priority, drafts.c.id)
Index("ix_drafts_open_queue", drafts.c.tenant_id, drafts.c.due_at, drafts.c.priority, drafts.c.id,
      postgresql_where=drafts.c.state.in_(OPEN_STATES))
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

draft_notes = Table(
    "draft_notes",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("draft_id", Uuid, nullable=False, index=True),
    Column("tenant_id", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
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
