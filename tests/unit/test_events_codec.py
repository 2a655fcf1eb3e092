"""The event envelope, registry and decoder (DESIGN.md: Events; invariant 4)."""

from __future__ import annotations

import json
import uuid

import pytest
from pydantic import ValidationError

from reviewops.common.events.codec import PoisonMessage, decode_event
from reviewops.common.events.envelope import SCHEMA_VERSION, Event
from reviewops.common.events.payloads import ReviewGated, ReviewIngested
from reviewops.common.events.registry import (
    INSIGHTS_SPIKES,
    REVIEWS_GATED,
    REVIEWS_INGESTED,
    RESPONSES,
    TOPICS,
    all_topic_names,
    topic_for_event_type,
)

from tests.support.factories import gated, review

DESIGN_EVENT_TYPES = {
    "review.ingested", "review.classified", "review.gated", "draft.created", "draft.checked", "draft.updated",
    "draft.approved", "draft.rejected", "draft.sent", "draft.withdrawn", "draft.superseded", "draft.expired",
    "cause.spiked", "return.ingested",
}


def ingested_event() -> Event:
    snapshot = review()
    return Event[ReviewIngested](event_type="review.ingested", producer="ingest", tenant_id="demo",
                                 key=snapshot.review_key, payload=ReviewIngested(result="created", review=snapshot))


def wire(event: Event) -> dict:
    return json.loads(event.to_json())


def encode(document: dict) -> bytes:
    return json.dumps(document).encode()


def test_round_trip_gives_the_typed_event_back():
    event = ingested_event()
    decoded = decode_event(REVIEWS_INGESTED, event.to_json())
    assert isinstance(decoded.payload, ReviewIngested)
    assert decoded.payload == event.payload
    assert (decoded.event_id, decoded.key, decoded.tenant_id) == (event.event_id, event.key, event.tenant_id)
    assert decoded.schema_version == SCHEMA_VERSION == "1.0"


def test_nested_payload_round_trips():
    payload = gated()
    event = Event[ReviewGated](event_type="review.gated", producer="compliance", tenant_id="demo",
                               key=payload.review.review_key, payload=payload)
    assert decode_event(REVIEWS_GATED, event.to_json()).payload == payload


def test_a_newer_minor_with_unknown_fields_is_accepted():
    document = wire(ingested_event())
    document["schema_version"] = "1.7"
    document["added_in_1_7"] = "envelope extra"
    document["payload"]["added_in_1_7"] = {"anything": True}
    document["payload"]["review"]["sentiment"] = -0.9
    decoded = decode_event(REVIEWS_INGESTED, encode(document))
    assert decoded.schema_version == "1.7"
    assert decoded.payload.review.rating == 1
    assert not hasattr(decoded.payload, "added_in_1_7")


def mutate(change) -> bytes:
    document = wire(ingested_event())
    change(document)
    return encode(document)


@pytest.mark.parametrize(("value", "reason"), [
    (None, "empty"),
    (b"", "invalid envelope"),
    (b"\xff\xfe\x00garbage", "invalid envelope"),
    (b"not json at all", "invalid envelope"),
    (b"[1, 2, 3]", "invalid envelope"),
    (b"{}", "invalid envelope"),
    (mutate(lambda d: d.pop("event_id")), "invalid envelope"),
    (mutate(lambda d: d.update(event_id="not-a-uuid")), "invalid envelope"),
    (mutate(lambda d: d.update(schema_version="1")), "invalid envelope"),
    (mutate(lambda d: d.update(payload="a string")), "invalid envelope"),
    (mutate(lambda d: d.update(schema_version="2.0")), "major"),
    (mutate(lambda d: d.update(schema_version="0.9")), "major"),
    (mutate(lambda d: d.update(event_type="review.exploded")), "unknown event type"),
    (mutate(lambda d: d.update(event_type="review.gated")), "unknown event type"),
    (mutate(lambda d: d["payload"]["review"].update(rating=9)), "invalid review.ingested payload"),
    (mutate(lambda d: d["payload"].update(result="duplicate")), "invalid review.ingested payload"),
    (mutate(lambda d: d["payload"].pop("review")), "invalid review.ingested payload"),
])
def test_undecodable_or_invalid_records_are_poison_with_a_reason(value, reason):
    with pytest.raises(PoisonMessage) as raised:
        decode_event(REVIEWS_INGESTED, value)
    assert reason in raised.value.reason
    assert str(raised.value) == raised.value.reason


def test_invalid_payload_reason_names_the_field():
    with pytest.raises(PoisonMessage) as raised:
        decode_event(REVIEWS_INGESTED, mutate(lambda d: d["payload"]["review"].update(rating=9)))
    assert "review.rating" in raised.value.reason


def test_envelope_is_frozen():
    event = ingested_event()
    with pytest.raises(ValidationError):
        event.key = "other"
    with pytest.raises(ValidationError):
        event.payload.review.rating = 5


def test_every_designed_event_type_lives_on_exactly_one_topic():
    found = [event_type for topic in TOPICS for event_type in topic.event_types]
    assert sorted(found) == sorted(DESIGN_EVENT_TYPES)
    for event_type in DESIGN_EVENT_TYPES:
        assert event_type in topic_for_event_type(event_type).event_types


def test_unknown_event_type_has_no_topic():
    with pytest.raises(KeyError):
        topic_for_event_type("review.exploded")


def test_topic_names_are_versioned_and_each_has_a_dlq_twin():
    names = all_topic_names()
    assert len(names) == 2 * len(TOPICS) == len(set(names))
    for topic in TOPICS:
        assert topic.name.endswith(".v1")
        assert topic.dlq == topic.name + ".dlq"
        assert topic.dlq in names
        assert topic.partitions >= 1
    assert {t.name for t in TOPICS} == {"reviews.ingested.v1", "returns.ingested.v1", "reviews.classified.v1",
                                        "reviews.gated.v1", "responses.v1", "insights.spikes.v1"}


def test_topic_keys():
    assert "{tenant_id}:{marketplace}:{kind}:{external_id}" in REVIEWS_INGESTED.key
    assert "{tenant_id}:{marketplace}:{kind}:{external_id}" in RESPONSES.key
    assert INSIGHTS_SPIKES.key == "{tenant_id}:{marketplace}:{asin}"


def test_event_defaults():
    event = ingested_event()
    assert isinstance(event.event_id, uuid.UUID)
    assert event.occurred_at.tzinfo is not None
    assert event.event_id != ingested_event().event_id
