"""Invariant 6: one trace from the REST call through every Kafka hop to the stored draft.

The services export over OTLP/HTTP to a receiver in this process. Each hop must show the
W3C context travelling in the Kafka headers (DESIGN.md: Events): the relay's producer span
publishes the record, and the next service's consumer span is its child.
"""

from __future__ import annotations

import secrets

import pytest

from reviewops.devstack.stack import SERVICES
from tests.support.stack import make_key, unique
from tests.e2e.conftest import Client, review, settled, wait_until
from tests.e2e.otlp import ObservedStack, ReceivedSpan, observed

pytestmark = pytest.mark.e2e

__all__ = ["observed"]

# Each consumed topic and the service whose relay publishes it.
HOPS = {
    "reviews.ingested.v1": ("ingest", "classifier"),
    "reviews.classified.v1": ("classifier", "compliance"),
    "reviews.gated.v1": ("compliance", "responder"),
}


def by_id(spans: list[ReceivedSpan]) -> dict[str, ReceivedSpan]:
    return {span.span_id: span for span in spans}


def test_one_trace_runs_from_the_rest_call_through_every_hop_to_the_draft(observed: ObservedStack) -> None:
    tenant = unique("tenant-")
    client = Client(observed.stack, make_key(observed.stack, [tenant]))
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    posted = client.post("ingest", "/v1/reviews", json=review(),
                         headers={"traceparent": f"00-{trace_id}-{caller_span}-01"})
    assert posted.status_code == 201, posted.text
    review_key = posted.json()["review_key"]
    drafts = wait_until(lambda: (items := [i for i in client.queue() if i["review_key"] == review_key])
                        and settled(items) and items, timeout=60)

    def complete() -> list[ReceivedSpan] | None:
        spans = observed.receiver.in_trace(trace_id)
        names = {(span.service, span.name) for span in spans}
        wanted = {("reviewops-responder", "reviews.gated.v1 process"), ("reviewops-responder", "responses.v1 publish")}
        return spans if wanted <= names else None

    spans = wait_until(complete, timeout=30)
    spans_by_id = by_id(spans)

    assert {span.service for span in spans} >= {f"reviewops-{name}" for name in SERVICES}

    # The REST call continues the caller's trace, and ingest's publication is its child.
    [server] = [s for s in spans if s.service == "reviewops-ingest" and s.kind == "SPAN_KIND_SERVER"]
    assert server.parent_span_id == caller_span
    assert server.attributes["http.route"] == "/v1/reviews"
    [ingested] = [s for s in spans if s.name == "reviews.ingested.v1 publish"]
    assert ingested.parent_span_id == server.span_id

    for topic, (producer, consumer) in HOPS.items():
        consumed = [s for s in spans if s.kind == "SPAN_KIND_CONSUMER" and s.name == f"{topic} process"]
        assert len(consumed) == 1, f"one {topic} event, one consumer span in {consumer}"
        span = consumed[0]
        assert span.service == f"reviewops-{consumer}"
        parent = spans_by_id.get(span.parent_span_id)
        assert parent is not None, f"the {topic} consumer span's parent was not exported"
        assert parent.kind == "SPAN_KIND_PRODUCER" and parent.name == f"{topic} publish"
        assert parent.service == f"reviewops-{producer}"
        assert parent.attributes["messaging.message.id"] == span.attributes["messaging.message.id"], \
            "the consumer span is parented on the publication of the very event it processes"
        if consumer != "responder":
            # The next hop's publication continues from this consumer span.
            [onward] = [s for s in spans if s.kind == "SPAN_KIND_PRODUCER" and s.parent_span_id == span.span_id]
            assert onward.service == span.service

    for item in drafts:
        draft = client.get("responder", f"/v1/drafts/{item['id']}")
        assert draft.status_code == 200, draft.text
        assert draft.json()["trace_id"] == trace_id


def test_a_rest_call_without_a_caller_context_starts_the_trace_the_draft_records(observed: ObservedStack) -> None:
    tenant = unique("tenant-")
    client = Client(observed.stack, make_key(observed.stack, [tenant]))
    posted = client.post("ingest", "/v1/reviews", json=review())
    review_key = posted.json()["review_key"]
    drafts = wait_until(lambda: (items := [i for i in client.queue() if i["review_key"] == review_key])
                        and settled(items) and items, timeout=60)
    trace_ids = {client.get("responder", f"/v1/drafts/{item['id']}").json()["trace_id"] for item in drafts}
    assert len(trace_ids) == 1
    [trace_id] = trace_ids

    def root() -> ReceivedSpan | None:
        found = [s for s in observed.receiver.in_trace(trace_id)
                 if s.service == "reviewops-ingest" and s.kind == "SPAN_KIND_SERVER"]
        return found[0] if found else None

    server = wait_until(root, timeout=30)
    assert server.parent_span_id == "", "the ingest request span is the root of the draft's trace"
