"""OpenTelemetry setup and W3C trace-context propagation through Kafka headers.

Spans carry ids, names, topics, routes and status codes only: never request or event
bodies, and never exception messages (they can quote buyer text), only exception types.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, Status, StatusCode

TRACE_HEADERS = ("traceparent", "tracestate")
# The standard variables of the OTLP exporter; either one turns export on.
OTLP_ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def configure_tracing(service: str) -> None:
    """Install an SDK tracer provider so spans get real ids, exporting them over OTLP/HTTP when
    OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set (batching tuned by the standard OTEL_BSP_* variables)."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": f"reviewops-{service}"}))
    if any(os.environ.get(name) for name in OTLP_ENDPOINT_VARIABLES):
        # Imported here: a process that exports nothing never loads the exporter and its protobuf.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


def shutdown_tracing() -> None:
    """Export the spans still buffered; called when a service stops, so its last spans are not lost."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush(timeout_millis=5_000)


def record_failure(span: Span, error: BaseException) -> None:
    """Mark a span failed by the exception's type alone (its message may quote buyer text)."""
    span.set_attribute("error.type", type(error).__qualname__)
    span.set_status(Status(StatusCode.ERROR, type(error).__qualname__))


def current_carrier() -> dict[str, str]:
    """The W3C trace context of the current span, as a string carrier."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def carrier_of(span: Span) -> dict[str, str]:
    """The W3C trace context of `span`, as a string carrier."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    return carrier


def carrier_from_headers(headers: Sequence[tuple[str, bytes]] | None) -> dict[str, str]:
    return {
        name: value.decode("latin-1")
        for name, value in headers or ()
        if name in TRACE_HEADERS and value is not None
    }


def headers_from_carrier(carrier: dict[str, str]) -> list[tuple[str, bytes]]:
    return [(name, carrier[name].encode("latin-1")) for name in TRACE_HEADERS if name in carrier]


def context_from_carrier(carrier: dict[str, str]) -> otel_context.Context:
    return propagate.extract(carrier)
