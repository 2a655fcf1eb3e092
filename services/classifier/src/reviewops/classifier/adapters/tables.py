"""The classifier's tables, in the `classifier` schema."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, Table, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB

from reviewops.common.db.tables import plumbing_tables

metadata = MetaData(schema="classifier")
plumbing_tables(metadata)

classifications = Table(
    "classifications",
    metadata,
    Column("review_key", Text, nullable=False),
    Column("review_version", Integer, nullable=False),
    Column("tenant_id", Text, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("asin", Text),
    Column("rating", Integer, nullable=False),
    Column("primary_cause", Text, nullable=False),
    Column("causes", JSONB, nullable=False),
    Column("language", Text, nullable=False),
    Column("detected_language", Text, nullable=False),
    Column("removal_signals", JSONB, nullable=False),
    Column("model_version", Text, nullable=False),
    Column("review_created_at", DateTime(timezone=True), nullable=False),
    Column("classified_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("review_key", "review_version", name="uq_classifications_version"),
)
Index("ix_classifications_tenant_asin", classifications.c.tenant_id, classifications.c.marketplace,
      classifications.c.asin)
