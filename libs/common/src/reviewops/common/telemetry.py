"""OpenTelemetry setup and W3C trace-context propagation through Kafka headers."""

from __future__ import annotations

from collections.abc import Sequence

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider

TRACE_HEADERS = ("traceparent", "tracestate")


def configure_tracing(service: str) -> None:
    """Install an SDK tracer provider so spans get real ids (exporters are added by deployment config)."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    trace.set_tracer_provider(TracerProvider(resource=Resource.create({"service.name": f"reviewops-{service}"})))


def current_carrier() -> dict[str, str]:
    """The W3C trace context of the current span, as a string carrier."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
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

