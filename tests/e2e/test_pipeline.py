"""One review end to end: REST -> ingest -> classifier -> compliance -> responder queue,
with every topic read on the way by an independent consumer group."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from reviewops.common.events.registry import REVIEWS_CLASSIFIED, REVIEWS_GATED, REVIEWS_INGESTED, RESPONSES
from reviewops.devstack.stack import Stack
from reviewops.devstack.sync import run_sync
from tests.e2e.conftest import Client, review, samples, settled, wait_until
from tests.e2e.test_faults import sql
from tests.support.kafka import read_until

pytestmark = pytest.mark.e2e


def test_every_negative_sample_reaches_the_queue_checked_and_positive_ones_do_not(client: Client) -> None:
    reviews = samples()
    response = client.post("ingest", "/v1/reviews:batch", json={"items": reviews})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["result"] for r in results] == ["created"] * len(reviews)
    negative = {r["review_key"] for r, s in zip(results, reviews, strict=True) if s["rating"] <= 3}
    positive = {r["review_key"] for r, s in zip(results, reviews, strict=True) if s["rating"] >= 4}

    def all_drafted() -> list:
        items = client.queue()
        return items if {i["review_key"] for i in items} >= negative and settled(items) else []

    items = wait_until(all_drafted, timeout=60)
    assert not positive & {i["review_key"] for i in items}, "reviews rated 4-5 get no queue items"
    by_review = defaultdict(set)
    for item in items:
        by_review[item["review_key"]].add(item["channel"])
    assert all("internal_ticket" in channels for channels in by_review.values())
    feedback = [r["review_key"] for r, s in zip(results, reviews, strict=True)
                if s["kind"] == "seller_feedback" and s["rating"] <= 3]
    assert all("public_reply" in by_review[key] for key in feedback)
    # Replaying the same batch changes nothing: duplicates, and no second draft per version and channel.
    again = client.post("ingest", "/v1/reviews:batch", json={"items": reviews}).json()["results"]
    assert {r["result"] for r in again} == {"duplicate"}
    assert len(client.queue()) == len(items)


def test_one_review_travels_every_topic_and_its_draft_carries_review_classification_and_trace(
    client: Client, services: Stack, tenant: str
) -> None:
    response = client.post("ingest", "/v1/reviews", json=review())
    assert response.status_code == 201, response.text
    key = response.json()["review_key"]
    assert key.startswith(f"{tenant}:US:product_review:")

    items = wait_until(lambda: [i for i in client.queue() if i["review_key"] == key and settled([i])])
    channels = {item["channel"] for item in items}
    assert {"buyer_message", "internal_ticket"} <= channels
    message = next(i for i in items if i["channel"] == "buyer_message")
    assert message["state"] == "ready" and message["policy_version"]
    assert message["language"] == "en" and message["cause"] == "product_quality"

    draft = client.get("responder", f"/v1/drafts/{message['id']}").json()
    assert draft["review"]["review_key"] == key
    assert draft["classification"]["primary_cause"] == "product_quality"
    assert draft["text"] and draft["violations"] == []
    assert len(draft["trace_id"]) == 32

    topics = [REVIEWS_INGESTED.name, REVIEWS_CLASSIFIED.name, REVIEWS_GATED.name, RESPONSES.name]
    expected_drafts = len(items)

    def seen(records: list) -> dict[str, list]:
        found: dict[str, list] = defaultdict(list)
        for record in records:
            if record.key == key.encode():
                found[record.topic].append(json.loads(record.value))
        return found

    def complete(records: list) -> bool:
        found = seen(records)
        return all(found[t] for t in topics[:3]) and len(found[RESPONSES.name]) >= expected_drafts

    found = seen(run_sync(read_until(services.bootstrap, topics, complete)))
    [ingested] = found[REVIEWS_INGESTED.name]
    [classified] = found[REVIEWS_CLASSIFIED.name]
    [gated] = found[REVIEWS_GATED.name]
    assert ingested["event_type"] == "review.ingested" and ingested["tenant_id"] == tenant
    assert classified["payload"]["review"]["body"] == ingested["payload"]["review"]["body"]
    # The review's title and body name the aspect and say how long it was used (docs/aspects.md).
    classification = classified["payload"]["classification"]
    assert {"aspect": "stopped_working", "cause": "product_quality", "field": "title", "start": 0, "end": 15,
            "text": "Stopped working"} in [{key: value for key, value in span.items() if key != "confident"}
                                           for span in classification["aspects"]]
    assert all(isinstance(span["confident"], bool) for span in classification["aspects"])
    assert "usage_duration" in {fact["fact"] for fact in classification["facts_given"]}
    [(stored_aspects, stored_facts)] = sql(services, "SELECT aspects, facts_given FROM classifier.classifications "
                                                     "WHERE review_key = :key", key=key)
    assert (stored_aspects, stored_facts) == (classification["aspects"], classification["facts_given"])
    assert gated["payload"]["classification"] == classified["payload"]["classification"]
    assert gated["payload"]["verdict"]["policy_version"] == message["policy_version"]
    drafts = found[RESPONSES.name]
    assert {d["event_type"] for d in drafts} == {"draft.created"}
    assert {d["payload"]["draft_id"] for d in drafts} == {i["id"] for i in items}
    assert all(e["schema_version"] == "1.0" and e["key"] == key for e in [ingested, classified, gated, *drafts])


def test_a_partners_trace_continues_through_every_hop_to_the_stored_draft(client: Client) -> None:
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    response = client.post("ingest", "/v1/reviews", json=review(),
                           headers={"traceparent": f"00-{trace_id}-b7ad6b7169203331-01"})
    key = response.json()["review_key"]
    items = wait_until(lambda: [i for i in client.queue() if i["review_key"] == key and settled([i])])
    for item in items:
        assert client.get("responder", f"/v1/drafts/{item['id']}").json()["trace_id"] == trace_id


def test_classify_over_rest_answers_the_aspects_and_the_facts_given(client: Client) -> None:
    response = client.post("classifier", "/v1/classify", json={
        "title": "", "rating": 1, "language": "de",
        "body": "Der Mixer funktioniert nach zwei Wochen nicht mehr. Ich habe ihn zurückgesetzt, ohne Erfolg."})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["primary_cause"] == "product_quality"
    assert [(a["aspect"], a["field"], a["text"]) for a in result["aspects"]] == [
        ("stopped_working", "body", "nach zwei Wochen")]
    assert {fact["fact"] for fact in result["facts_given"]} == {"usage_duration", "tried_fix"}
