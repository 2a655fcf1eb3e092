"""Bad events on every topic a reviewops service consumes go to the DLQ with the reason, the stream
goes on (invariant 4), and a DLQ can be replayed after a fix with the documented command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import pytest

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewIngested, ReviewSnapshot
from reviewops.common.events.registry import REVIEWS_CLASSIFIED, REVIEWS_GATED, REVIEWS_INGESTED, Topic
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.devstack.stack import Stack
from reviewops.devstack.sync import run_sync
from tests.e2e.conftest import Client, review, settled, wait_until
from tests.support.kafka import read_until

pytestmark = pytest.mark.e2e

CONSUMERS = {REVIEWS_INGESTED.name: "classifier", REVIEWS_CLASSIFIED.name: "compliance",
             REVIEWS_GATED.name: "responder"}


def ingested_event(tenant: str) -> Event[ReviewIngested]:
    now = datetime.now(UTC)
    external_id = f"R{uuid.uuid4().hex[:10]}"
    key = f"{tenant}:US:product_review:{external_id}"
    snapshot = ReviewSnapshot(review_key=key, tenant_id=tenant, marketplace="US", kind="product_review",
                              external_id=external_id, version=1, content_hash="h", rating=1,
                              body="It stopped working after two days.", created_at=now, updated_at=now,
                              asin="B0POISON01", order_id="113-0000000-0000009", language="en")
    return Event[ReviewIngested](event_type="review.ingested", producer="test", tenant_id=tenant, key=key,
                                 payload=ReviewIngested(result="created", review=snapshot))


def poisons(topic: Topic, tenant: str) -> dict[str, bytes]:
    """The four kinds of bad record, each with the reason the DLQ must give."""
    envelope = json.loads(ingested_event(tenant).to_json())
    event_type = next(iter(topic.event_types))
    envelope["event_type"] = event_type
    return {
        "invalid envelope": b"\xff\x00 not an event",
        "unsupported schema major version": json.dumps({**envelope, "schema_version": "2.0"}).encode(),
        "unknown event type": json.dumps({**envelope, "event_type": "review.teleported"}).encode(),
        f"invalid {event_type} payload": json.dumps({**envelope, "payload": {"review": {"rating": "five"}}}).encode(),
    }


async def produce(stack: Stack, records: list[OutboundRecord]) -> None:
    publisher = KafkaPublisher(stack.bootstrap, client_id="poison-test")
    await publisher.start()
    try:
        await publisher.send_all(records)
    finally:
        await publisher.stop()


@pytest.mark.parametrize("topic", [REVIEWS_INGESTED, REVIEWS_CLASSIFIED, REVIEWS_GATED], ids=lambda t: t.name)
def test_bad_records_land_in_the_dlq_with_their_reason_and_the_stream_goes_on(
    client: Client, services: Stack, tenant: str, topic: Topic
) -> None:
    marker = uuid.uuid4().hex.encode()
    bad = poisons(topic, tenant)
    run_sync(produce(services, [OutboundRecord(topic.name, b"poison-" + marker, value, [])
                                for value in bad.values()]))

    def mine(records: list) -> list:
        return [r for r in records if r.key == b"poison-" + marker]

    dead = mine(run_sync(read_until(services.bootstrap, [topic.dlq], lambda records: len(mine(records)) >= 4)))
    assert len(dead) == 4
    for record, (reason, value) in zip(dead, bad.items(), strict=True):
        headers = dict(record.headers)
        assert record.value == value
        assert reason in headers["dlq.error"].decode()
        assert headers["dlq.service"].decode() == CONSUMERS[topic.name]
        assert headers["dlq.source.topic"].decode() == topic.name
    # The consumer went on: a good review still reaches the queue.
    key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    wait_until(lambda: settled([i for i in client.queue() if i["review_key"] == key]))


def test_a_dlq_is_replayed_to_its_topic_with_the_documented_command(
    client: Client, services: Stack, tenant: str
) -> None:
    event = ingested_event(tenant)  # stands for a record that failed once and is fine after a fix
    run_sync(produce(services, [OutboundRecord(REVIEWS_INGESTED.dlq, event.key.encode(), event.to_json(),
                                               [("dlq.error", b"was broken before the fix")])]))
    replay = subprocess.run(
        [sys.executable, "-m", "reviewops.common.kafka", "--bootstrap", services.bootstrap, "replay-dlq",
         REVIEWS_INGESTED.name],
        capture_output=True, text=True, timeout=120, env={**os.environ}, check=False,
    )
    assert replay.returncode == 0, replay.stderr
    assert "replayed" in replay.stdout
    items = wait_until(lambda: [i for i in client.queue() if i["review_key"] == event.key])
    assert {"buyer_message", "internal_ticket"} <= {item["channel"] for item in items}
