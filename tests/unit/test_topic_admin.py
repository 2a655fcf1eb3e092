"""Topic creation: every registry topic and its DLQ twin, the DLQs with a bounded retention."""

from __future__ import annotations

from reviewops.common.events.registry import TOPICS
from reviewops.common.kafka.admin import new_topics


def test_every_topic_and_its_dlq_is_created_and_only_the_dlqs_get_a_14_day_retention() -> None:
    created = {topic.name: topic for topic in new_topics(TOPICS, existing=set())}
    assert set(created) == {name for topic in TOPICS for name in (topic.name, topic.dlq)}
    for topic in TOPICS:
        assert created[topic.dlq].topic_configs == {"retention.ms": str(14 * 24 * 3600 * 1000)}
        assert created[topic.dlq].num_partitions == topic.partitions
        assert "retention.ms" not in (created[topic.name].topic_configs or {})


def test_topics_that_exist_are_left_alone() -> None:
    existing = {TOPICS[0].name, TOPICS[0].dlq}
    assert not existing & {topic.name for topic in new_topics(TOPICS, existing)}
