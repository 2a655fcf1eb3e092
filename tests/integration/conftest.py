"""Integration fixtures: a private schema with the plumbing tables, a started publisher, spans in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import MetaData, text

from reviewops.common.db.database import Database
from reviewops.common.db.tables import plumbing_tables
from reviewops.common.kafka.publisher import KafkaPublisher
from reviewops.devstack.stack import Stack
from tests.conftest import unique

_EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="session")
def spans() -> InMemorySpanExporter:
    """Every span the tests' process ends, kept in memory."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
    return _EXPORTER


@pytest.fixture
async def database(stack: Stack) -> AsyncIterator[Database]:
    """A Database on a schema of its own, with the outbox and processed-events tables."""
    schema = unique("it_")
    metadata = MetaData(schema=schema)
    plumbing_tables(metadata)
    db = Database(stack.database_url, schema, metadata)
    async with db.engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        await connection.run_sync(metadata.create_all)
    yield db
    async with db.engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await db.dispose()


@pytest.fixture
async def publisher(stack: Stack) -> AsyncIterator[KafkaPublisher]:
    started = KafkaPublisher(stack.bootstrap, client_id=unique("it-"))
    await started.start()
    yield started
    await started.stop()
