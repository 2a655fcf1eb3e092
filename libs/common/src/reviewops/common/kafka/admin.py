"""Topic creation from the registry through the Kafka admin API."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from reviewops.common.events.registry import TOPICS, Topic

_TOPIC_ALREADY_EXISTS = 36


async def ensure_topics(bootstrap: str, topics: Iterable[Topic] = TOPICS) -> list[str]:
    """Create every topic and its DLQ twin that is missing; returns the names created."""
    wanted = {name: topic.partitions for topic in topics for name in (topic.name, topic.dlq)}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="reviewops-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(name, partitions, 1) for name, partitions in wanted.items() if name not in existing]
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
