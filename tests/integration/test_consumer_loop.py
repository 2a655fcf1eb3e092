"""The consumer loop against the real broker: typed batches, DLQ, retries, commits, traces, drain."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import pytest
from aiokafka import TopicPartition
from aiokafka.partitioner import DefaultPartitioner
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from reviewops.common.errors import DependencyUnavailable
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import CauseSpiked
from reviewops.common.events.registry import Topic
from reviewops.common.kafka.admin import ensure_topics
from reviewops.common.kafka.consumer import ConsumerLoop, Subscription
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.common.kafka.replay import replay_dlq
from reviewops.devstack.stack import Stack
from tests.support.stack import unique
from tests.support.kafka import committed_offset, read_until, wait_for

pytestmark = pytest.mark.integration

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN = "00f067aa0ba902b7"


def spike_event(asin: str = "B000000001") -> Event[CauseSpiked]:
    now = datetime.now(UTC)
    payload = CauseSpiked(marketplace="US", asin=asin, cause="logistics", recent_share=0.5, baseline_share=0.1,
                          recent_count=7, window_start=now, window_end=now)
    return Event[CauseSpiked](event_type="cause.spiked", producer="test", tenant_id="t", key=f"t:US:{asin}",
                              payload=payload)


@pytest.fixture
async def topic(stack: Stack) -> Topic:
    created = Topic(name=unique("it.spikes."), partitions=1, key="test", event_types={"cause.spiked": CauseSpiked},
                    description="test topic")
    await ensure_topics(stack.bootstrap, [created])
    return created


async def produce(publisher: KafkaPublisher, topic: Topic, values: list[bytes | None],
                  headers: list[tuple[str, bytes]] | None = None) -> None:
    await publisher.send_all([OutboundRecord(topic.name, b"k", value, headers or []) for value in values])


class Running:
    """A consumer loop running in the background for one test."""

    def __init__(self, stack: Stack, publisher: KafkaPublisher, topic: Topic,
                 handler: Callable[[list[Event]], Awaitable[None]]) -> None:
        self.group = unique("it-group-")
        self.loop = ConsumerLoop(service=self.group, bootstrap=stack.bootstrap,
                                 subscriptions=[Subscription(topic, handler)], publisher=publisher,
                                 batch_size=10, poll_ms=100)
        self.task: asyncio.Task | None = None

    async def __aenter__(self) -> Running:
        await self.loop.start()
        self.task = asyncio.create_task(self.loop.run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.loop.request_stop()
        await asyncio.wait_for(self.task, 30)
        await self.loop.stop()


@pytest.fixture
async def handled() -> AsyncIterator[list[Event]]:
    yield []


async def test_valid_events_reach_the_handler_typed_and_poison_goes_to_the_dlq_with_reasons(
    stack: Stack, publisher: KafkaPublisher, topic: Topic, handled: list[Event]
) -> None:
    good = [spike_event(f"B00000000{i}") for i in range(3)]
    envelope = json.loads(good[0].to_json())
    poison = {
        b"\xff\xfe not json": "invalid envelope",
        json.dumps({**envelope, "schema_version": "2.0"}).encode(): "unsupported schema major version",
        json.dumps({**envelope, "event_type": "cause.vanished"}).encode(): "unknown event type",
        json.dumps({**envelope, "payload": {"asin": 5}}).encode(): "invalid cause.spiked payload",
    }
    await produce(publisher, topic, [good[0].to_json(), *poison, good[1].to_json(), good[2].to_json()],
                  headers=[("origin", b"test")])

    async def handler(events: list[Event]) -> None:
        handled.extend(events)

    async with Running(stack, publisher, topic, handler) as running:
        await wait_for(lambda: len(handled) == 3)
        await wait_for_committed(stack, running.group, topic, 7)

    assert [event.event_id for event in handled] == [event.event_id for event in good]
    assert all(isinstance(event.payload, CauseSpiked) for event in handled)
    dead = await read_until(stack.bootstrap, [topic.dlq], lambda records: len(records) >= 4)
    assert len(dead) == 4
    for record, (value, reason) in zip(dead, poison.items(), strict=True):
        headers = dict(record.headers)
        assert record.value == value and record.key == b"k", "the DLQ keeps the original bytes"
        assert headers["origin"] == b"test", "and the original headers"
        assert reason in headers["dlq.error"].decode()
        assert headers["dlq.source.topic"].decode() == topic.name
        assert headers["dlq.service"].decode() == running.group
        assert int(headers["dlq.source.offset"]) in range(1, 5)


async def wait_for_committed(stack: Stack, group: str, topic: Topic, offset: int, timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    partition = TopicPartition(topic.name, 0)
    while await committed_offset(stack.bootstrap, group, partition) != offset:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"offset {offset} not committed")
        await asyncio.sleep(0.1)


async def test_a_retriable_failure_is_retried_and_nothing_is_committed_until_it_succeeds(
    stack: Stack, publisher: KafkaPublisher, topic: Topic
) -> None:
    event = spike_event()
    await produce(publisher, topic, [event.to_json()])
    attempts: list[uuid.UUID] = []
    committed_while_failing: list[int] = []
    group_holder: dict[str, str] = {}

    async def handler(events: list[Event]) -> None:
        attempts.append(events[0].event_id)
        if len(attempts) < 3:
            committed_while_failing.append(
                await committed_offset(stack.bootstrap, group_holder["group"], TopicPartition(topic.name, 0))
            )
            raise DependencyUnavailable("database is down")

    running = Running(stack, publisher, topic, handler)
    group_holder["group"] = running.group
    async with running:
        await wait_for(lambda: len(attempts) >= 3, timeout=30)
        await wait_for_committed(stack, running.group, topic, 1)
    assert attempts == [event.event_id] * 3
    assert all(offset < 1 for offset in committed_while_failing), "no commit while the handler fails"
    assert await read_until(stack.bootstrap, [topic.dlq], lambda records: False, timeout=1) == []


async def test_a_permanent_failure_sends_only_the_failing_event_to_the_dlq(
    stack: Stack, publisher: KafkaPublisher, topic: Topic, handled: list[Event]
) -> None:
    events = [spike_event(f"B00000001{i}") for i in range(4)]
    bad = events[2].event_id
    await produce(publisher, topic, [event.to_json() for event in events])

    async def handler(batch: list[Event]) -> None:
        if any(event.event_id == bad for event in batch):
            raise ValueError("this event breaks the handler")
        handled.extend(batch)

    async with Running(stack, publisher, topic, handler) as running:
        await wait_for_committed(stack, running.group, topic, 4)
    assert sorted(str(e.event_id) for e in handled) == sorted(str(e.event_id) for e in events if e.event_id != bad)
    dead = await read_until(stack.bootstrap, [topic.dlq], lambda records: len(records) >= 1)
    assert len(dead) == 1
    assert Event[CauseSpiked].model_validate_json(dead[0].value).event_id == bad
    assert dict(dead[0].headers)["dlq.error"].startswith(b"ValueError")


async def test_each_event_span_continues_the_producer_trace_and_the_batch_span_links_to_them(
    stack: Stack, publisher: KafkaPublisher, topic: Topic, spans: InMemorySpanExporter, handled: list[Event]
) -> None:
    events = [spike_event(f"B00000002{i}") for i in range(2)]
    traceparent = f"00-{TRACE_ID}-{PARENT_SPAN}-01".encode()
    await produce(publisher, topic, [event.to_json() for event in events], headers=[("traceparent", traceparent)])

    async def handler(batch: list[Event]) -> None:
        handled.extend(batch)

    async with Running(stack, publisher, topic, handler):
        await wait_for(lambda: len(handled) == 2)
    for event in handled:
        assert event.trace_carrier["traceparent"].split("-")[1] == TRACE_ID, "handlers get the continued context"
    finished = spans.get_finished_spans()
    event_spans = [s for s in finished if s.name == f"{topic.name} process"]
    assert len(event_spans) == 2
    for span in event_spans:
        assert format(span.context.trace_id, "032x") == TRACE_ID
        assert format(span.parent.span_id, "016x") == PARENT_SPAN
    [batch_span] = [s for s in finished if s.name == f"{topic.name} process batch"]
    assert {link.context.span_id for link in batch_span.links} == {s.context.span_id for s in event_spans}


async def test_stop_drains_the_batch_in_hand_and_commits_it(
    stack: Stack, publisher: KafkaPublisher, topic: Topic, handled: list[Event]
) -> None:
    await produce(publisher, topic, [spike_event().to_json()])
    entered = asyncio.Event()

    async def slow_handler(batch: list[Event]) -> None:
        entered.set()
        await asyncio.sleep(1.0)
        handled.extend(batch)

    running = Running(stack, publisher, topic, slow_handler)
    async with running:
        await asyncio.wait_for(entered.wait(), 30)
    assert len(handled) == 1, "the handler finished although stop was requested while it ran"
    assert await committed_offset(stack.bootstrap, running.group, TopicPartition(topic.name, 0)) == 1


async def test_a_dead_letter_keeps_its_partition_and_logs_one_line_without_the_payload(
    stack: Stack, publisher: KafkaPublisher, caplog: pytest.LogCaptureFixture
) -> None:
    """Records placed on a partition by a client that does not hash keys as Kafka's Java client does
    (kcat, librdkafka) keep that partition in the DLQ twin, and a replay puts them back there."""
    partitioned = Topic(name=unique("it.partitions."), partitions=6, key="test",
                        event_types={"cause.spiked": CauseSpiked}, description="test topic")
    await ensure_topics(stack.bootstrap, [partitioned])
    key = b"placed-by-another-client"
    hashed = DefaultPartitioner()(key, list(range(6)), list(range(6)))
    undecodable, failing = 4 if hashed != 4 else 5, 2 if hashed != 2 else 1
    good = spike_event("B0PARTITN1")
    await publisher.send_all([
        OutboundRecord(partitioned.name, key, b"\xff not json: buyer@example.com", [], partition=undecodable),
        OutboundRecord(partitioned.name, key, good.to_json(), [], partition=failing),
    ])

    async def handler(events: list[Event]) -> None:
        raise ValueError("cannot handle buyer@example.com")

    caplog.set_level("ERROR", logger="reviewops.common.kafka.consumer")
    async with Running(stack, publisher, partitioned, handler):
        dead = await read_until(stack.bootstrap, [partitioned.dlq], lambda records: len(records) >= 2)
    assert sorted((record.partition, int(dict(record.headers)["dlq.source.partition"])) for record in dead) == sorted(
        [(undecodable, undecodable), (failing, failing)])
    lines = [record for record in caplog.records if record.getMessage() == "record sent to the DLQ"]
    assert sorted((line.partition, line.topic) for line in lines) == sorted(
        [(undecodable, partitioned.name), (failing, partitioned.name)])
    assert all("buyer@example.com" not in str(line.__dict__) for line in lines)

    replayed = await replay_dlq(stack.bootstrap, partitioned)
    assert replayed == 2
    back = await read_until(stack.bootstrap, [partitioned.name], lambda records: len(records) >= 4)
    assert sorted(record.partition for record in back) == sorted([undecodable, failing] * 2)
