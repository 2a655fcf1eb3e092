"""Replaying a DLQ after a fix: each dead record goes back to its source topic, as it was.

The original key, value and headers are republished (the `dlq.*` headers dropped); the DLQ
offsets are committed under the group `reviewops-dlq-replay` only after the broker has
acknowledged the republished records, so a replay interrupted half-way resumes where it
stopped and repeats at most the records in flight (consumers are idempotent). A replay stops at
the DLQ's end as it was when it started: a record that fails again goes back to the DLQ and
waits for the next replay instead of looping.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from reviewops.common.events.registry import Topic
from reviewops.common.kafka.dead_letter import DLQ_HEADER_PREFIX
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord

REPLAY_GROUP = "reviewops-dlq-replay"


async def replay_dlq(bootstrap: str, topic: Topic, limit: int | None = None) -> int:
    """Republish the records of `topic`'s DLQ not replayed yet, up to its end now; returns how many."""
    dlq = topic.dlq
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=REPLAY_GROUP, enable_auto_commit=False,
                                auto_offset_reset="earliest")
    publisher = KafkaPublisher(bootstrap, client_id="reviewops-dlq-replay")
    await consumer.start()
    await publisher.start()
    replayed = 0
    try:
        # The registry is the source of partition counts; a DLQ twin has its topic's.
        partitions = [TopicPartition(dlq, number) for number in range(topic.partitions)]
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for partition in partitions:
            committed = await consumer.committed(partition)
            if committed is None:
                await consumer.seek_to_beginning(partition)
            else:
                consumer.seek(partition, committed)
        pending = {p for p in partitions if await consumer.position(p) < ends[p]}
        while pending and (limit is None or replayed < limit):
            batches = await consumer.getmany(*pending, timeout_ms=1000, max_records=100)
            for partition, records in batches.items():
                records = [r for r in records if r.offset < ends[partition]]
                records = records[: None if limit is None else limit - replayed]
                if records:
                    await publisher.send_all([
                        OutboundRecord(topic.name, record.key, record.value,
                                       [(name, value) for name, value in record.headers or ()
                                        if not name.startswith(DLQ_HEADER_PREFIX)],
                                       partition=_source_partition(record.headers, record.partition))
                        for record in records
                    ])
                    await consumer.commit({partition: records[-1].offset + 1})
                    replayed += len(records)
                if not records or records[-1].offset + 1 >= ends[partition]:
                    pending.discard(partition)
    finally:
        await consumer.stop()
        await publisher.stop()
    return replayed


def _source_partition(headers: Sequence[tuple[str, bytes]] | None, fallback: int) -> int:
    """The partition the record was consumed from (`dlq.source.partition`); the DLQ copy's own
    where a record carries none (one written before the header existed)."""
    for name, value in headers or ():
        if name == "dlq.source.partition":
            return int(value)
    return fallback
