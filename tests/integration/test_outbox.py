"""The unit of work and the outbox relay against the real PostgreSQL and Kafka."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from reviewops.common.db.database import Database
from reviewops.common.db.uow import SqlUnitOfWork as UnitOfWork
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import CauseSpiked
from reviewops.common.events.registry import INSIGHTS_SPIKES
from reviewops.common.kafka.publisher import KafkaPublisher
from reviewops.common.kafka.relay import OutboxRelay
from reviewops.devstack.stack import Stack
from tests.support.kafka import read_until

pytestmark = pytest.mark.integration


def spike(asin: str) -> CauseSpiked:
    now = datetime.now(UTC)
    return CauseSpiked(marketplace="US", asin=asin, cause="logistics", recent_share=0.6, baseline_share=0.1,
                       recent_count=9, window_start=now, window_end=now)


async def outbox_rows(database: Database) -> int:
    async with database.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(database.outbox))


async def test_outbox_rows_commit_with_the_transaction_and_vanish_with_its_rollback(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with UnitOfWork(database, "it") as uow:
            await uow.publish("cause.spiked", "t1", "t1:US:B000000001", spike("B000000001"))
            raise RuntimeError("the handler failed after publishing")
    assert await outbox_rows(database) == 0
    assert not database.outbox_written.is_set()

    async with UnitOfWork(database, "it") as uow:
        await uow.publish("cause.spiked", "t1", "t1:US:B000000001", spike("B000000001"))
    assert await outbox_rows(database) == 1
    assert database.outbox_written.is_set(), "the relay is woken only after the commit"


async def test_publish_refuses_a_payload_of_another_event_type(database: Database) -> None:
    async with UnitOfWork(database, "it") as uow:
        with pytest.raises(TypeError):
            await uow.publish("review.ingested", "t1", "k", spike("B000000001"))


async def test_relay_publishes_in_order_with_trace_context_then_deletes(
    stack: Stack, database: Database, publisher: KafkaPublisher, spans: InMemorySpanExporter
) -> None:
    tenant = f"t{uuid.uuid4().hex[:8]}"
    key = f"{tenant}:US:B000000002"
    tracer = trace.get_tracer("test")
    published: list[Event] = []
    with tracer.start_as_current_span("work that wrote the rows") as span:
        async with UnitOfWork(database, "it") as uow:
            for _ in range(3):
                published.append(await uow.publish("cause.spiked", tenant, key, spike("B000000002")))
        trace_id = format(span.get_span_context().trace_id, "032x")

    relay = OutboxRelay(database, publisher, "it", batch_size=100, interval=0.1)
    assert await relay.publish_pending() == 3
    assert await outbox_rows(database) == 0

    wanted = {str(event.event_id) for event in published}

    def mine(records: list) -> list:
        return [r for r in records if r.key == key.encode()]

    records = mine(await read_until(stack.bootstrap, [INSIGHTS_SPIKES.name], lambda rs: len(mine(rs)) >= 3))
    assert [Event[CauseSpiked].model_validate_json(r.value).event_id for r in records] == [
        e.event_id for e in published
    ], "rows of one key arrive in the order they were written"
    assert {str(Event[CauseSpiked].model_validate_json(r.value).event_id) for r in records} == wanted
    writer = format(span.get_span_context().span_id, "016x")
    producer_spans = {format(s.context.span_id, "016x"): s for s in spans.get_finished_spans()
                      if s.kind == SpanKind.PRODUCER}
    for record in records:
        headers = dict(record.headers)
        _, header_trace, header_span, _ = headers["traceparent"].decode().split("-")
        assert header_trace == trace_id
        # The record carries the relay's producer span, a child of the work that wrote the row.
        producer = producer_spans[header_span]
        assert format(producer.parent.span_id, "016x") == writer
        assert producer.name == f"{INSIGHTS_SPIKES.name} publish"
        assert producer.attributes["messaging.message.id"] == str(
            Event[CauseSpiked].model_validate_json(record.value).event_id)


async def test_claim_applies_each_event_once_across_batches_and_within_one(database: Database) -> None:
    event = Event[CauseSpiked](event_type="cause.spiked", producer="it", tenant_id="t", key="k",
                               payload=spike("B000000003"))
    other = Event[CauseSpiked](event_type="cause.spiked", producer="it", tenant_id="t", key="k",
                               payload=spike("B000000003"))
    async with UnitOfWork(database, "it") as uow:
        assert [e.event_id for e in await uow.claim("group-a", [event, event, other])] == [
            event.event_id, other.event_id
        ]
    async with UnitOfWork(database, "it") as uow:
        assert await uow.claim("group-a", [event, other]) == []
        assert [e.event_id for e in await uow.claim("group-b", [event])] == [event.event_id], (
            "each consumer group keeps its own record"
        )


async def test_a_rolled_back_claim_can_be_claimed_again(database: Database) -> None:
    event = Event[CauseSpiked](event_type="cause.spiked", producer="it", tenant_id="t", key="k",
                               payload=spike("B000000004"))
    with pytest.raises(RuntimeError):
        async with UnitOfWork(database, "it") as uow:
            assert await uow.claim("group", [event])
            raise RuntimeError("effects failed")
    async with UnitOfWork(database, "it") as uow:
        assert await uow.claim("group", [event]), "a failed transaction must not mark the event processed"


class _UnreachableBroker:
    """A publisher whose broker never acknowledges."""

    async def send_all(self, records: list) -> None:
        raise ConnectionError("broker unreachable")


def pending_gauge(service: str) -> float | None:
    return REGISTRY.get_sample_value("reviewops_outbox_pending", {"service": service})


async def test_the_pending_gauge_counts_the_rows_waiting_also_while_the_broker_is_down(
    database: Database, publisher: KafkaPublisher
) -> None:
    service = f"it-{uuid.uuid4().hex[:8]}"
    async with UnitOfWork(database, service) as uow:
        for number in range(5):
            await uow.publish("cause.spiked", "t1", f"t1:US:B00000000{number}", spike(f"B00000000{number}"))

    stuck = OutboxRelay(database, _UnreachableBroker(), service, batch_size=2, interval=0.1)  # type: ignore[arg-type]
    with pytest.raises(ConnectionError):
        await stuck.publish_pending()
    assert pending_gauge(service) == 5, "all rows counted, not only the batch in hand"

    relay = OutboxRelay(database, publisher, service, batch_size=2, interval=0.1)
    left = []
    while await relay.publish_pending():
        left.append(pending_gauge(service))
    assert left == [3, 1, 0]
    assert await outbox_rows(database) == 0
