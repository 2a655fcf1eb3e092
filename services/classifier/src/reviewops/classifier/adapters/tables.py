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
    # 0 is the model's answer; each human correction of the same version is the next revision,
    # and the highest revision of the latest version is what the insights count.
    Column("classification_revision", Integer, nullable=False, server_default="0"),
    Column("labelled_by", Text),
    # The snapshot and the whole classification as published, so a correction can publish the
    # version again with everything else carried over (null on rows stored before revision 0004).
    Column("review", JSONB),
    Column("classification", JSONB),
    UniqueConstraint("review_key", "review_version", "classification_revision", name="uq_classifications_revision"),
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

labels = Table(
    "labels",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("tenant_id", Text, nullable=False),
    Column("review_key", Text, nullable=False),
    Column("review_version", Integer, nullable=False),
    Column("classification_revision", Integer, nullable=False),
    Column("primary_cause", Text, nullable=False),
    Column("causes", JSONB, nullable=False),
    Column("labelled_by", Text, nullable=False),
    Column("labelled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("review_key", "review_version", "classification_revision", name="uq_labels_revision"),
)
Index("ix_labels_tenant_id", labels.c.tenant_id, labels.c.id)

return_classifications = Table(
    "return_classifications",
    metadata,
    Column("return_key", Text, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("asin", Text),
    Column("sku", Text, nullable=False),
    Column("returned_at", DateTime(timezone=True), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("primary_cause", Text, nullable=False),
    Column("causes", JSONB, nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("model_version", Text, nullable=False),
    Column("classified_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("ix_return_classifications_asin_time", return_classifications.c.tenant_id,
      return_classifications.c.marketplace, return_classifications.c.asin, return_classifications.c.returned_at)
