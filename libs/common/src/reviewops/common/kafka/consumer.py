"""The consumer loop: the Kafka edge that turns records into typed events for handlers.

Per topic and fetch (the records of every partition the fetch returned) it decodes every
record (undecodable ones go to the DLQ with the reason), opens one span per event parented on
the producer's trace context, calls the handler once with the list of events under a batch
span that links to them, and commits the offsets of those partitions only after the handler
returned, i.e. after its transaction committed.
Retriable failures are retried with backoff and nothing is committed meanwhile; other
failures are isolated event by event and only the failing events go to the DLQ.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from reviewops.common.events.codec import PoisonMessage, decode_event
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import Topic
from reviewops.common.kafka.dead_letter import dead_letter_headers
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.common.kafka.retry import backoff_seconds, is_retriable
from reviewops.common.metrics import (
    CONSUMER_LAG,
    EVENTS_DLQ,
    EVENTS_FAILED,
    EVENTS_PROCESSED,
    HANDLER_LATENCY,
)
from reviewops.common.telemetry import carrier_from_headers, carrier_of, context_from_carrier

log = logging.getLogger(__name__)
tracer = trace.get_tracer("reviewops.consumer")

Handler = Callable[[list[Event]], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """A topic and the handler that takes its events, a batch at a time."""

    topic: Topic
    handler: Handler


@dataclass(frozen=True)
class _Received:
    record: ConsumerRecord
    event: Event


class _Stopped(Exception):
    """Raised inside a retry loop when the service is stopping: leave the batch uncommitted."""


class ConsumerLoop:
    def __init__(
        self,
        *,
        service: str,
        bootstrap: str,
        subscriptions: Sequence[Subscription],
        publisher: KafkaPublisher,
        batch_size: int = 200,
        poll_ms: int = 500,
        group_id: str | None = None,
    ) -> None:
        self._service = service
        self._subscriptions = {subscription.topic.name: subscription for subscription in subscriptions}
        self._publisher = publisher
        self._batch_size = batch_size
        self._poll_ms = poll_ms
        self._stopping = asyncio.Event()
        self._consumer = AIOKafkaConsumer(
            *self._subscriptions,
            bootstrap_servers=bootstrap,
            group_id=group_id or service,
            client_id=f"{service}-consumer",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=batch_size,
        )
        self.running = False

    async def start(self) -> None:
        await self._consumer.start()

    async def run(self) -> None:
        """Poll and process until `request_stop`; a batch in progress is finished first."""
        self.running = True
        failures = 0
        try:
            while not self._stopping.is_set():
                try:
                    batches = await self._consumer.getmany(timeout_ms=self._poll_ms, max_records=self._batch_size)
                    failures = 0
                except (KafkaError, OSError) as error:
                    # A broker outage must not end the loop: the service would look alive and consume nothing.
                    log.warning("fetch failed, will retry", extra={"error_type": type(error).__name__})
                    await self._pause(backoff_seconds(failures))
                    failures += 1
                    continue
                # One handler call (one transaction) per topic for the whole fetch, not one per
                # partition: a fetch spreads over every partition, and each call costs round trips.
                # Records keep their partition order, so the events of one key keep theirs.
                by_topic: dict[str, dict[TopicPartition, list[ConsumerRecord]]] = {}
                for partition, records in batches.items():
                    by_topic.setdefault(partition.topic, {})[partition] = records
                # A stop requested meanwhile still lets the batch in hand finish and commit.
                for topic, partitions in by_topic.items():
                    try:
                        await self._process(topic, partitions)
                    except _Stopped:
                        return
        finally:
            self.running = False

    def request_stop(self) -> None:
        self._stopping.set()

    async def stop(self) -> None:
        await self._consumer.stop()

    async def _process(self, topic: str, partitions: dict[TopicPartition, list[ConsumerRecord]]) -> None:
        subscription = self._subscriptions[topic]
        received: list[_Received] = []
        for records in partitions.values():
            for record in records:
                try:
                    received.append(_Received(record, decode_event(subscription.topic, record.value)))
                except PoisonMessage as poison:
                    # The decoding reason names fields and rules, never the values: it may be logged.
                    await self._dead_letter(subscription.topic, record, poison.reason, poison.reason)
        if received:
            await self._handle(subscription, received)
        await self._commit({partition: records[-1].offset + 1 for partition, records in partitions.items()})

    async def _handle(self, subscription: Subscription, received: list[_Received]) -> None:
        topic = subscription.topic.name
        spans = []
        for item in received:
            parent = context_from_carrier(carrier_from_headers(item.record.headers))
            span = tracer.start_span(
                f"{topic} process",
                context=parent,
                kind=SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.destination.name": topic,
                    "messaging.kafka.destination.partition": item.record.partition,
                    "messaging.kafka.message.offset": item.record.offset,
                    "messaging.message.id": str(item.event.event_id),
                    "messaging.consumer.group.name": self._service,
                },
            )
            item.event.attach_trace_carrier(carrier_of(span))
            spans.append(span)
        links = [trace.Link(span.get_span_context()) for span in spans]
        try:
            with tracer.start_as_current_span(f"{topic} process batch", kind=SpanKind.CONSUMER, links=links):
                await self._handle_with_retry(subscription, received)
        finally:
            for span in spans:
                span.end()

    async def _handle_with_retry(self, subscription: Subscription, received: list[_Received]) -> None:
        topic = subscription.topic.name
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                await subscription.handler([item.event for item in received])
            except Exception as error:
                retriable = is_retriable(error)
                EVENTS_FAILED.labels(self._service, topic, str(retriable).lower()).inc(len(received))
                if not retriable:
                    await self._isolate(subscription, received, error)
                    return
                log.warning(
                    "handler failed, will retry",
                    extra={"topic": topic, "error_type": type(error).__name__, "attempt": attempt},
                )
                await self._pause(backoff_seconds(attempt))
                attempt += 1
                continue
            HANDLER_LATENCY.labels(self._service, topic).observe(time.perf_counter() - started)
            EVENTS_PROCESSED.labels(self._service, topic).inc(len(received))
            return

    async def _isolate(self, subscription: Subscription, received: list[_Received], error: Exception) -> None:
        """A batch failed for good: retry its events one by one; dead-letter those that fail alone."""
        if len(received) == 1:
            # A handler's message may quote what it failed on: the log names only its type.
            await self._dead_letter(subscription.topic, received[0].record, f"{type(error).__name__}: {error}",
                                    f"handler error {type(error).__name__}")
            return
        for item in received:
            await self._handle_with_retry(subscription, [item])

    async def _dead_letter(self, topic: Topic, record: ConsumerRecord, reason: str, logged_reason: str) -> None:
        """Send the original key, value and headers to the DLQ twin, on the source's partition (the twin
        has as many), with dlq.* headers; retried until acked. One log line per record, without its
        payload: `logged_reason` is what of the reason may be logged."""
        headers = [
            *(record.headers or ()),
            *dead_letter_headers(source_topic=topic.name, partition=record.partition, offset=record.offset,
                                 error=reason, service=self._service, at=datetime.now(UTC)),
        ]
        outbound = OutboundRecord(topic.dlq, record.key, record.value, headers, partition=record.partition)
        attempt = 0
        while True:
            try:
                await self._publisher.send_all([outbound])
                EVENTS_DLQ.labels(self._service, topic.name).inc()
                log.error("record sent to the DLQ", extra={"topic": topic.name, "partition": record.partition,
                                                           "offset": record.offset, "reason": logged_reason})
                return
            except Exception as error:
                log.warning("DLQ send failed, will retry", extra={"error_type": type(error).__name__})
                await self._pause(backoff_seconds(attempt))
                attempt += 1

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        try:
            await self._consumer.commit(offsets)
        except CommitFailedError:
            # A partition moved to another member; it will see these records again and
            # the idempotent handlers absorb the repeat.
            log.warning("offset commit failed after a rebalance", extra={"topic": next(iter(offsets)).topic})
            return
        for partition, next_offset in offsets.items():
            highwater = self._consumer.highwater(partition)
            if highwater is not None:
                CONSUMER_LAG.labels(self._service, partition.topic, str(partition.partition)).set(
                    max(0, highwater - next_offset)
                )

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            return
        raise _Stopped
