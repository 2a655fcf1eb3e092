"""The outbox relay: publishes committed outbox rows in order, then deletes them."""

from __future__ import annotations

import asyncio
import logging
import zlib
from typing import Any

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind
from sqlalchemy import delete, func, select

from reviewops.common.db.database import Database
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.common.metrics import OUTBOX_PENDING, OUTBOX_PUBLISHED
from reviewops.common.telemetry import carrier_of, context_from_carrier, headers_from_carrier, record_failure

log = logging.getLogger(__name__)
tracer = trace.get_tracer("reviewops.relay")


class OutboxRelay:
    """One relay at a time per service (an advisory lock), so rows of one key keep their order."""

    def __init__(
        self, database: Database, publisher: KafkaPublisher, service: str, batch_size: int, interval: float
    ) -> None:
        self._database = database
        self._publisher = publisher
        self._service = service
        self._batch_size = batch_size
        self._interval = interval
        self._lock_id = zlib.crc32(f"reviewops.outbox.{database.schema}".encode())

    async def publish_pending(self) -> int:
        """Publish up to one batch; the rows are deleted only after the broker acknowledged them."""
        outbox = self._database.outbox
        async with self._database.engine.begin() as connection:
            if not await connection.scalar(select(func.pg_try_advisory_xact_lock(self._lock_id))):
                return 0
            rows = (await connection.execute(select(outbox).order_by(outbox.c.id).limit(self._batch_size))).all()
            # A short batch is the whole outbox; only a full one needs counting. Set before sending,
            # so a broker outage shows as rows waiting (and growing), not as the last value.
            pending = len(rows)
            if pending == self._batch_size:
                pending = await connection.scalar(select(func.count()).select_from(outbox))
            OUTBOX_PENDING.labels(self._service).set(pending)
            if not rows:
                return 0
            spans = [self._publish_span(row) for row in rows]
            try:
                await self._publisher.send_all(
                    [
                        OutboundRecord(row.topic, row.key.encode(), row.value, headers_from_carrier(carrier_of(span)))
                        for row, span in zip(rows, spans, strict=True)
                    ]
                )
            except Exception as error:
                for span in spans:
                    record_failure(span, error)
                raise
            finally:
                for span in spans:
                    span.end()
            await connection.execute(delete(outbox).where(outbox.c.id.in_([row.id for row in rows])))
        OUTBOX_PENDING.labels(self._service).set(pending - len(rows))
        for row in rows:
            OUTBOX_PUBLISHED.labels(self._service, row.topic).inc()
        return len(rows)

    def _publish_span(self, row: Any) -> Span:
        """A producer span per record, a child of the work that wrote the row; the record's
        headers carry this span's context, so each consumer span is parented on its publication."""
        return tracer.start_span(
            f"{row.topic} publish",
            context=context_from_carrier(row.trace_carrier),
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": "kafka",
                "messaging.operation.type": "send",
                "messaging.destination.name": row.topic,
                "messaging.message.id": str(row.event_id),
            },
        )

    async def run(self, stopping: asyncio.Event) -> None:
        """Publish until stopped; woken early by committed outbox writes, else polls."""
        wake = self._database.outbox_written
        while not stopping.is_set():
            # Cleared before reading, so a commit that lands while we publish wakes the next round.
            wake.clear()
            try:
                published = await self.publish_pending()
            except Exception:  # a broker or database outage: keep the rows, try again shortly
                log.warning("outbox relay failed; retrying", exc_info=True)
                published = 0
                await _sleep_unless(stopping, self._interval * 10)
            if published < self._batch_size:
                try:
                    await asyncio.wait_for(wake.wait(), timeout=self._interval)
                except TimeoutError:
                    pass
        await self._flush_on_stop()

    async def _flush_on_stop(self) -> None:
        try:
            while await self.publish_pending() == self._batch_size:
                pass
        except Exception:
            log.warning("outbox rows left for the next start", exc_info=True)


async def _sleep_unless(stopping: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
    except TimeoutError:
        pass
