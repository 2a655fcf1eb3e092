"""Prometheus metrics every service exposes on /metrics. Labels never carry buyer data."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "reviewops_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "reviewops_http_request_seconds", "HTTP request latency", ["service", "method", "route"]
)
EVENTS_PROCESSED = Counter(
    "reviewops_events_processed_total", "Events handled and committed", ["service", "topic"]
)
EVENTS_FAILED = Counter(
    "reviewops_events_failed_total", "Handler failures (retried or sent to the DLQ)", ["service", "topic", "retriable"]
)
EVENTS_DLQ = Counter("reviewops_events_dlq_total", "Records sent to a DLQ", ["service", "topic"])
HANDLER_LATENCY = Histogram("reviewops_handler_seconds", "Handler latency per batch", ["service", "topic"])
CONSUMER_LAG = Gauge("reviewops_consumer_lag", "Records behind the partition end", ["service", "topic", "partition"])
OUTBOX_PUBLISHED = Counter("reviewops_outbox_published_total", "Outbox rows published", ["service", "topic"])
OUTBOX_PENDING = Gauge("reviewops_outbox_pending", "Outbox rows not yet published", ["service"])
UPSTREAM_FAILURES = Counter(
    "reviewops_upstream_failures_total", "Calls to another service that got no usable answer", ["service", "upstream"]
)
# The responder's queue, read from its tables at an interval (never at scrape time): every replica
# reports the whole queue, so aggregate with max, not sum.
QUEUE_ITEMS = Gauge("reviewops_queue_items", "Open drafts in the queue", ["service", "state", "channel"])
QUEUE_OVERDUE = Gauge("reviewops_queue_overdue", "Open drafts past their due time", ["service"])
QUEUE_OLDEST_READY = Gauge(
    "reviewops_queue_oldest_ready_seconds", "How long the longest-waiting ready draft has waited", ["service"]
)
