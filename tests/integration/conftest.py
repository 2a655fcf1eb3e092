"""Integration fixtures: a private schema with the plumbing tables, a started publisher, spans in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import MetaData, text

from reviewops.common.api.app import Runtime
from reviewops.common.api.ratelimit import RateLimiter
from reviewops.common.auth.keys import KeyStore
from reviewops.common.db.database import Database
from reviewops.common.db.tables import plumbing_tables
from reviewops.common.kafka.publisher import KafkaPublisher
from reviewops.common.settings import ServiceSettings
from reviewops.devstack.stack import Stack
from reviewops.responder.adapters.tables import metadata as responder_metadata
from tests.support.stack import unique

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


@pytest.fixture
async def runtime(services: Stack) -> AsyncIterator[Runtime]:
    """The responder's runtime in the test process, on the test stack: to call its handlers directly."""
    database = Database(services.database_url, "responder", responder_metadata)
    publisher = KafkaPublisher(services.bootstrap, client_id=unique("in-process-"))
    await publisher.start()
    settings = ServiceSettings(DATABASE_URL=services.database_url, kafka_bootstrap=services.bootstrap)
    yield Runtime("responder", settings, database, publisher, KeyStore(database.engine), RateLimiter(100, 100))
    await publisher.stop()
    await database.dispose()
