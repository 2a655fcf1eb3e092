"""An OTLP/HTTP trace receiver inside the test process, and the four services exporting to it.

The receiver accepts POST /v1/traces (binary protobuf, as the services' OTLP/HTTP exporter
sends it) and keeps every span flat, with its service name, so tests can follow a trace
across the services or scan everything the services exported.
"""

from __future__ import annotations

import gzip
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span as SpanProto

from reviewops.devstack.processes import ensure_service, stop_service
from reviewops.devstack.stack import SERVICES, Stack, start_services


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [_value(item) for item in value.array_value.values]
    if kind == "kvlist_value":
        return {item.key: _value(item.value) for item in value.kvlist_value.values}
    return getattr(value, kind) if kind else None


def _attributes(items: Any) -> dict[str, Any]:
    return {item.key: _value(item.value) for item in items}


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    resource: dict[str, Any]
    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    kind: str
    attributes: dict[str, Any]
    events: list[dict[str, Any]]
    links: list[dict[str, Any]]
    status_message: str

    def texts(self) -> Iterator[str]:
        """Every string this span exported: names, attributes, events, links, status, resource."""
        yield self.name
        yield self.status_message
        for attributes in (self.resource, self.attributes, *self.events, *self.links):
            for key, value in attributes.items():
                yield key
                yield str(value)


@dataclass
class OtlpReceiver:
    """Collects the spans POSTed to http://127.0.0.1:{port}/v1/traces."""

    spans: list[ReceivedSpan] = field(default_factory=list)
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def received(self) -> list[ReceivedSpan]:
        with self._lock:
            return list(self.spans)

    def in_trace(self, trace_id: str) -> list[ReceivedSpan]:
        return [span for span in self.received() if span.trace_id == trace_id]

    def accept(self, body: bytes) -> None:
        request = ExportTraceServiceRequest.FromString(body)
        found = []
        for resource_spans in request.resource_spans:
            resource = _attributes(resource_spans.resource.attributes)
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    found.append(ReceivedSpan(
                        service=str(resource.get("service.name", "")),
                        resource=resource,
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex(),
                        name=span.name,
                        kind=SpanProto.SpanKind.Name(span.kind),
                        attributes=_attributes(span.attributes),
                        events=[{"name": event.name, **_attributes(event.attributes)} for event in span.events],
                        links=[{"trace_id": link.trace_id.hex(), "span_id": link.span_id.hex(),
                                **_attributes(link.attributes)} for link in span.links],
                        status_message=span.status.message,
                    ))
        with self._lock:
            self.spans += found
            self.requests += 1

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces":
                    self.send_response(404)
                    self.end_headers()
                    return
                receiver.accept(body)
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, name="otlp-receiver", daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def observed_env(receiver: OtlpReceiver, log_level: str) -> dict[str, str]:
    """What turns on export to `receiver` (batches sent every 200 ms) and sets the log level."""
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "200",
        "REVIEWOPS_LOG_LEVEL": log_level,
        # The exporter honours proxy variables; the receiver is on this machine.
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }


@dataclass(frozen=True)
class ObservedStack:
    stack: Stack
    receiver: OtlpReceiver

    def log_file(self, service: str) -> Path:
        return self.stack.service(service).log_file

    def stop(self) -> None:
        """Stop the services, which exports the spans they still buffer."""
        for name in SERVICES:
            stop_service(self.stack.service(name))


def observe(stack: Stack, log_level: str) -> Iterator[ObservedStack]:
    """Restart the four services exporting to a fresh receiver at `log_level`; afterwards stop
    them (flushing their last spans) and bring the normal services back for the other tests."""
    receiver = OtlpReceiver()
    receiver.start()
    env = observed_env(receiver, log_level)
    for name in SERVICES:
        stop_service(stack.service(name))
    try:
        for name in SERVICES:
            normal = stack.service(name)
            ensure_service(replace(normal, env={**normal.env, **env}), Path(sys.executable))
        yield ObservedStack(stack, receiver)
    finally:
        for name in SERVICES:
            stop_service(stack.service(name))
        receiver.stop()
        start_services(stack)


@pytest.fixture(scope="module")
def observed(services: Stack) -> Iterator[ObservedStack]:
    """The four services exporting spans to this module's receiver, logging at DEBUG."""
    yield from observe(services, "DEBUG")
