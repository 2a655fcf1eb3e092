"""The idempotent Kafka producer every service publishes through (acks=all)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer


@dataclass(frozen=True)
class OutboundRecord:
    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]
    # None: the producer's partitioner hashes the key. Set where the partition is the record's own
    # already (a DLQ copy and its replay keep the source's, whatever client produced it).
    partition: int | None = None


class KafkaPublisher:
    """Sends records and returns only when the broker has acknowledged every one."""

    def __init__(self, bootstrap: str, client_id: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            client_id=client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            # A relay or consumer batch is hundreds of 2-6 KB events; the 16 KB default would cut
            # it into a produce batch every few records. Stays under the broker's 1 MB message.max.bytes.
            max_batch_size=512 * 1024,
            request_timeout_ms=30_000,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def send_all(self, records: Sequence[OutboundRecord]) -> None:
        """Enqueue all records, then wait for all acknowledgements (order per partition is kept)."""
        pending = [
            await self._producer.send(record.topic, record.value, key=record.key, headers=record.headers,
                                      partition=record.partition)
            for record in records
        ]
        await asyncio.gather(*pending)

    async def ping(self) -> None:
        """Raises if no broker answers a metadata request."""
        if not await self._producer.client.fetch_all_metadata():
            raise ConnectionError("no metadata from Kafka")
