"""Ingest's tables, in the `ingest` schema."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, MetaData, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from reviewops.common.db.tables import plumbing_tables

metadata = MetaData(schema="ingest")
plumbing_tables(metadata)

reviews = Table(
    "reviews",
    metadata,
    Column("review_key", Text, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("current_version", Integer, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("snapshot", JSONB, nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("ix_reviews_tenant", reviews.c.tenant_id)

review_versions = Table(
    "review_versions",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("review_key", Text, nullable=False),
    Column("version", Integer),  # None for stale submissions, which never become current
    Column("result", Text, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("snapshot", JSONB, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
# One row per version; stale submissions (no version) are kept once per content and time.
Index("ux_review_versions_version", review_versions.c.review_key, review_versions.c.version, unique=True,
      postgresql_where=review_versions.c.version.isnot(None))
Index("ux_review_versions_stale", review_versions.c.review_key, review_versions.c.content_hash,
      review_versions.c.updated_at, unique=True, postgresql_where=review_versions.c.version.is_(None))

import_jobs = Table(
    "import_jobs",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("principal_id", Text),
    Column("format", Text, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("default_fulfillment", Text),
    Column("encoding", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("rows", Integer, nullable=False, server_default="0"),
    Column("counts", JSONB, nullable=False, server_default="{}"),
    Column("errors", JSONB, nullable=False, server_default="[]"),
    Column("problem", Text),
    Column("runner", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True)),
)
Index("ix_import_jobs_running", import_jobs.c.state, postgresql_where=import_jobs.c.state == "running")

returns = Table(
    "returns",
    metadata,
    Column("return_key", Text, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("order_id", Text, nullable=False),
    Column("line", Text, nullable=False),
    Column("asin", Text),
    Column("sku", Text, nullable=False),
    Column("returned_at", DateTime(timezone=True), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("comment", Text, nullable=False),
    Column("disposition", Text),
    Column("status", Text),
    Column("import_id", UUID(as_uuid=True)),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("ix_returns_tenant_asin", returns.c.tenant_id, returns.c.marketplace, returns.c.asin)
