"""Compliance's tables, in the `compliance` schema."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB

from reviewops.common.db.tables import plumbing_tables

metadata = MetaData(schema="compliance")
plumbing_tables(metadata)

verdicts = Table(
    "verdicts",
    metadata,
    Column("review_key", Text, nullable=False),
    Column("review_version", Integer, nullable=False),
    # 0 for the gate's verdict on the model's classification; a cause correction of the same
    # version (a higher classification revision) is gated again and gets its own row.
    Column("classification_revision", Integer, nullable=False, server_default="0"),
    Column("tenant_id", Text, nullable=False),
    Column("policy_version", Text, nullable=False),
    Column("actions", JSONB, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("review_key", "review_version", "classification_revision", name="uq_verdicts_revision"),
)
