"""Invariant 6: every service's /metrics moves with the work it does, on bounded labels only.

Requests by method, route template and status; events processed, failed and dead-lettered by
topic; handler latency by topic; consumer lag by topic and partition.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from reviewops.common.events.registry import REVIEWS_INGESTED, TOPICS
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.devstack.stack import SERVICES, Stack
from reviewops.devstack.sync import run_sync
from reviewops.responder.domain.lifecycle import OPEN_STATES, TASK_CHANNELS, TEXT_CHANNELS
from tests.support.stack import unique
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
CONSUMES = {"classifier": "reviews.ingested.v1", "compliance": "reviews.classified.v1",
            "responder": "reviews.gated.v1"}
TOPIC_NAMES = {name for topic in TOPICS for name in (topic.name, topic.dlq)}
# Every value each label may take: a closed set, or a shape with a bounded number of values.
BOUNDED = {
    "service": lambda v: v in SERVICES,
    "method": lambda v: v in {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"},
    "route": lambda v: v == "unmatched" or (v.startswith("/") and not re.search(r"\d{3,}|[0-9a-f]{8}-", v)),
    "status": lambda v: re.fullmatch(r"[1-5]\d\d", v) is not None,
    "topic": lambda v: v in TOPIC_NAMES,
    "partition": lambda v: re.fullmatch(r"\d{1,3}", v) is not None,
    "retriable": lambda v: v in {"true", "false"},
    "state": lambda v: v in OPEN_STATES,
    "channel": lambda v: v in TEXT_CHANNELS + TASK_CHANNELS,
    "upstream": lambda v: v in {"compliance", "classifier"},
}


def scrape(stack: Stack, service: str) -> Samples:
    text = httpx.get(stack.profile.url(service) + "/metrics", timeout=10, trust_env=False).text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_events_latency_lag_and_dlq_counts_move(client: Client, services: Stack) -> None:
    before = {service: scrape(services, service) for service in SERVICES}
    key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    wait_until(lambda: settled([i for i in client.queue() if i["review_key"] == key]), timeout=60)

    async def poison() -> None:
        publisher = KafkaPublisher(services.bootstrap, client_id=unique("it-"))
        await publisher.start()
        try:
            await publisher.send_all([OutboundRecord(REVIEWS_INGESTED.name, b"k", b"not json", [])])
        finally:
            await publisher.stop()

    dlq_before = value(before["classifier"], "reviewops_events_dlq_total", service="classifier",
                       topic=REVIEWS_INGESTED.name)
    run_sync(poison())
    wait_until(lambda: value(scrape(services, "classifier"), "reviewops_events_dlq_total", service="classifier",
                             topic=REVIEWS_INGESTED.name) > dlq_before)
    after = {service: scrape(services, service) for service in SERVICES}

    posted = {"service": "ingest", "method": "POST", "route": "/v1/reviews"}
    assert value(after["ingest"], "reviewops_http_requests_total", **posted, status="201") > \
        value(before["ingest"], "reviewops_http_requests_total", **posted, status="201")
    assert value(after["ingest"], "reviewops_http_request_seconds_count", **posted) > \
        value(before["ingest"], "reviewops_http_request_seconds_count", **posted)
    assert value(after["ingest"], "reviewops_outbox_published_total", service="ingest",
                 topic=REVIEWS_INGESTED.name) > 0

    for service, topic in CONSUMES.items():
        for name in ("reviewops_events_processed_total", "reviewops_handler_seconds_count"):
            assert value(after[service], name, service=service, topic=topic) > \
                value(before[service], name, service=service, topic=topic), f"{service} {name}"
        lags = [v for (name, labels), v in after[service].items()
                if name == "reviewops_consumer_lag" and ("topic", topic) in labels]
        assert lags and all(lag >= 0 for lag in lags), f"{service} reports its lag per partition of {topic}"

    for service, samples in after.items():
        for name, labels in samples:
            if not name.startswith("reviewops_"):
                continue  # the client library's process and runtime metrics
            for label, label_value in labels:
                if label == "le":
                    continue  # a histogram's fixed buckets
                assert label in BOUNDED, f"{service} {name} has an unexpected label {label}"
                assert BOUNDED[label](label_value), f"{service} {name}{{{label}={label_value!r}}} is not bounded"


def test_the_responder_reports_its_queue_its_upstream_failures_and_its_outbox(client: Client,
                                                                           services: Stack) -> None:
    # Written 30 hours ago: its drafts are due 24 hours after that, so overdue from the start.
    late = datetime.now(UTC) - timedelta(hours=30)
    key = client.post("ingest", "/v1/reviews", json=review(created_at=late.isoformat())).json()["review_key"]
    items = wait_until(lambda: [i for i in client.queue() if i["review_key"] == key and settled([i])], timeout=60)
    assert {i["state"] for i in items} == {"ready"}
    assert client.queue(overdue="true"), "the API lists them as overdue"

    def reported() -> Samples | None:
        samples = scrape(services, "responder")
        counted = value(samples, "reviewops_queue_overdue", service="responder")
        return samples if counted >= 1 else None

    samples = wait_until(reported, timeout=20)
    for item in items:
        assert value(samples, "reviewops_queue_items", service="responder", state="ready",
                     channel=item["channel"]) >= 1
    series = {(name, dict(labels).get("state"), dict(labels).get("channel")) for name, labels in samples
              if name == "reviewops_queue_items"}
    assert len(series) == len(OPEN_STATES) * len(TEXT_CHANNELS + TASK_CHANNELS), "every open state and channel"
    oldest_ready = value(samples, "reviewops_queue_oldest_ready_seconds", service="responder")
    assert 0 <= oldest_ready < 24 * 3600, "ready drafts of this test run, waiting seconds to minutes"
    for upstream in ("compliance", "classifier"):
        assert ("reviewops_upstream_failures_total",
                frozenset({"service": "responder", "upstream": upstream}.items())) in samples
    assert ("reviewops_outbox_pending", frozenset({"service": "responder"}.items())) in samples
    assert value(samples, "reviewops_outbox_pending", service="responder") < 1000
