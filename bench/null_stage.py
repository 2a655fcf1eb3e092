"""One hop of the null pipeline: the libs/common consumer loop with a handler that does no work.

It consumes one topic and forwards each event, re-encoded as the outbox would encode it, to the
next topic through the same KafkaPublisher the services use (same producer settings), with the
consumer loop's default batch size and poll. No database, no domain logic: what is left is what
the topology itself costs (fetch, decode, spans, encode, produce, commit).

The last hop is given --expect and exits when it has forwarded that many events; the others run
until SIGTERM. On the way out each writes {"count", "last_at", "cpu_s"} to --result (its CPU
seconds since it started, so the bench can charge it after it has gone).
Usage: python bench/null_stage.py --bootstrap HOST:PORT --source TOPIC --sink TOPIC --name NAME
       --result FILE [--expect N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time
from pathlib import Path

import uvloop

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewIngested
from reviewops.common.events.registry import Topic
from reviewops.common.kafka.consumer import ConsumerLoop, Subscription
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.common.logging import configure_logging
from reviewops.common.settings import ServiceSettings
from reviewops.common.telemetry import configure_tracing, headers_from_carrier

NULL_TOPICS = ("bench.null.ingested", "bench.null.classified", "bench.null.gated", "bench.null.responses")


def null_topic(name: str, event_types: dict) -> Topic:
    return Topic(name=name, partitions=6, key="review_key", event_types=event_types,
                 description="make bench: the null pipeline")


async def run(args: argparse.Namespace) -> None:
    configure_logging(args.name, "WARNING")
    configure_tracing(args.name)
    defaults = ServiceSettings.model_fields
    publisher = KafkaPublisher(args.bootstrap, client_id=args.name)
    await publisher.start()
    done = asyncio.Event()
    forwarded = 0
    last_at = 0.0

    async def forward(events: list[Event]) -> None:
        nonlocal forwarded, last_at
        await publisher.send_all([
            OutboundRecord(args.sink, event.key.encode(), event.to_json(), headers_from_carrier(event.trace_carrier))
            for event in events
        ])
        forwarded += len(events)
        last_at = time.time()
        if args.expect and forwarded >= args.expect:
            done.set()

    consumer = ConsumerLoop(
        service=args.name,
        bootstrap=args.bootstrap,
        subscriptions=[Subscription(null_topic(args.source, {"review.ingested": ReviewIngested}), forward)],
        publisher=publisher,
        batch_size=defaults["consumer_batch_size"].default,
        poll_ms=defaults["consumer_poll_ms"].default,
    )
    await consumer.start()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, done.set)
    task = asyncio.create_task(consumer.run())
    await done.wait()
    consumer.request_stop()
    await task
    await consumer.stop()
    await publisher.stop()
    Path(args.result).write_text(json.dumps({"count": forwarded, "last_at": last_at, "cpu_s": time.process_time()}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--sink", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--expect", type=int, default=0)
    parser.add_argument("--result", required=True)
    # uvloop, as uvicorn runs the services.
    uvloop.run(run(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
