"""The topic registry: the single source of topic names, partition counts, keys and
which event types each topic carries. Manifests, compose files and docs are generated
from it or tested against it."""

from __future__ import annotations

from dataclasses import dataclass

from reviewops.common.events.envelope import Payload
from reviewops.common.events.payloads import (
    CauseSpiked,
    DraftChanged,
    ReviewClassified,
    ReviewGated,
    ReturnIngested,
    ReviewIngested,
)

DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    key: str
    event_types: dict[str, type[Payload]]
    description: str

    @property
    def dlq(self) -> str:
        return self.name + DLQ_SUFFIX


REVIEW_KEY = "review_key: {tenant_id}:{marketplace}:{kind}:{external_id}"

REVIEWS_INGESTED = Topic(
    name="reviews.ingested.v1",
    partitions=6,
    key=REVIEW_KEY,
    event_types={"review.ingested": ReviewIngested},
    description="Created and updated review versions, as ingest stored them.",
)
RETURNS_INGESTED = Topic(
    name="returns.ingested.v1",
    partitions=6,
    key="{tenant_id}:{marketplace}:return:{order_id}:{line}",
    event_types={"return.ingested": ReturnIngested},
    description="Each new returned order line, with its reason code and the customer's comment.",
)
REVIEWS_CLASSIFIED = Topic(
    name="reviews.classified.v1",
    partitions=6,
    key=REVIEW_KEY,
    event_types={"review.classified": ReviewClassified},
    description="Each review version with its causes, languages and removal signals.",
)
REVIEWS_GATED = Topic(
    name="reviews.gated.v1",
    partitions=6,
    key=REVIEW_KEY,
    event_types={"review.gated": ReviewGated},
    description="Each classified review version with the actions policy allows for it.",
)
RESPONSES = Topic(
    name="responses.v1",
    partitions=6,
    key=REVIEW_KEY,
    event_types={
        f"draft.{change}": DraftChanged
        for change in (
            "created",
            "checked",
            "updated",
            "approved",
            "rejected",
            "sent",
            "withdrawn",
            "superseded",
            "expired",
        )
    },
    description="Every change of a response draft in the queue.",
)
INSIGHTS_SPIKES = Topic(
    name="insights.spikes.v1",
    partitions=3,
    key="{tenant_id}:{marketplace}:{asin}",
    event_types={"cause.spiked": CauseSpiked},
    description="A cause whose recent share for one ASIN is well above its baseline.",
)

TOPICS: tuple[Topic, ...] = (
    REVIEWS_INGESTED, RETURNS_INGESTED, REVIEWS_CLASSIFIED, REVIEWS_GATED, RESPONSES, INSIGHTS_SPIKES
)
TOPICS_BY_NAME: dict[str, Topic] = {topic.name: topic for topic in TOPICS}


def topic_for_event_type(event_type: str) -> Topic:
    """The topic that carries an event type; every event type lives on exactly one topic."""
    for topic in TOPICS:
        if event_type in topic.event_types:
            return topic
    raise KeyError(event_type)


def all_topic_names() -> list[str]:
    """Every topic and its DLQ twin."""
    return [name for topic in TOPICS for name in (topic.name, topic.dlq)]
