"""Topic creation from the registry through the Kafka admin API."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from reviewops.common.events.registry import TOPICS, Topic

_TOPIC_ALREADY_EXISTS = 36
# DLQ records keep the original bytes, buyer-written text included: long enough to fix and
# replay, then gone (docs/dlq.md: Protection and retention).
DLQ_RETENTION_MS = 14 * 24 * 60 * 60 * 1000


def new_topics(topics: Iterable[Topic], existing: set[str]) -> list[NewTopic]:
    """The topics and DLQ twins missing from `existing`; the DLQs with their bounded retention."""
    return [
        new for topic in topics
        for new in (NewTopic(topic.name, topic.partitions, 1),
                    NewTopic(topic.dlq, topic.partitions, 1, topic_configs={"retention.ms": str(DLQ_RETENTION_MS)}))
        if new.name not in existing
    ]


async def ensure_topics(bootstrap: str, topics: Iterable[Topic] = TOPICS) -> list[str]:
    """Create every topic and its DLQ twin that is missing; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="reviewops-admin")
    await admin.start()
    try:
        missing = new_topics(topics, set(await admin.list_topics()))
        if not missing:
            return []
        response = await admin.create_topics(missing)
        failures = [
            f"{name}: error {code} {message or ''}".strip()
            for name, code, *rest in response.topic_errors
            for message in [rest[0] if rest else None]
            if code not in (0, _TOPIC_ALREADY_EXISTS)
        ]
        if failures:
            raise RuntimeError("could not create topics: " + "; ".join(failures))
        return [topic.name for topic in missing]
    finally:
        await admin.close()
