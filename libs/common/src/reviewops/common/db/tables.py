"""Tables every service owns in its own schema: the outbox and the processed-event records."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    LargeBinary,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB


def outbox_table(metadata: MetaData) -> Table:
    """Events committed with the data that caused them, waiting for the relay."""
    return Table(
        "outbox",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("topic", Text, nullable=False),
        Column("key", Text, nullable=False),
        Column("value", LargeBinary, nullable=False),
        Column("trace_carrier", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def processed_events_table(metadata: MetaData) -> Table:
    """Which events a consumer group has applied, written in the same transaction as their effects."""
    return Table(
        "processed_events",
        metadata,
        Column("consumer", Text, primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def plumbing_tables(metadata: MetaData) -> tuple[Table, Table]:
    outbox = outbox_table(metadata)
    processed = processed_events_table(metadata)
    Index(f"ix_{metadata.schema}_outbox_created", outbox.c.created_at)
    return outbox, processed
