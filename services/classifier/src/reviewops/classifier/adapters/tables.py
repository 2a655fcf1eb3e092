"""The classifier's tables, in the `classifier` schema."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index, Integer, MetaData, Table, Text, UniqueConstraint, func
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
    Column("aspects", JSONB, nullable=False, server_default="[]"),
    Column("facts_given", JSONB, nullable=False, server_default="[]"),
    Column("model_version", Text, nullable=False),
    Column("review_created_at", DateTime(timezone=True), nullable=False),
    Column("classified_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("deleted", Boolean, nullable=False, server_default="false"),
    UniqueConstraint("review_key", "review_version", name="uq_classifications_version"),
)
Index("ix_classifications_asin_time", classifications.c.tenant_id, classifications.c.marketplace,
      classifications.c.asin, classifications.c.review_created_at)

spikes = Table(
    "spikes",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("tenant_id", Text, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("asin", Text, nullable=False),
    Column("cause", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)
Index("ux_spikes_active", spikes.c.tenant_id, spikes.c.marketplace, spikes.c.asin, spikes.c.cause, unique=True,
      postgresql_where=spikes.c.ended_at.is_(None))
Index("ix_classifications_tenant_asin", classifications.c.tenant_id, classifications.c.marketplace,
      classifications.c.asin)
