"""Health, readiness, Prometheus metrics and per-request metrics and spans."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from reviewops.common.metrics import HTTP_LATENCY, HTTP_REQUESTS
from reviewops.common.telemetry import TRACE_HEADERS, context_from_carrier

tracer = trace.get_tracer("reviewops.http")
probes = APIRouter(include_in_schema=False)


@probes.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process serves requests."""
    return {"status": "ok"}


@probes.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Readiness: the database and Kafka answer, and the consumer (if any) runs."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    checks: dict[str, str] = {}
    for name, probe in (("database", runtime.database.ping), ("kafka", runtime.publisher.ping)):
        try:
            await asyncio.wait_for(probe(), timeout=2.0)
            checks[name] = "ok"
        except Exception as error:
            checks[name] = f"unavailable: {type(error).__name__}"
    if runtime.consumer is not None:
        checks["consumer"] = "ok" if runtime.consumer.running else "not running"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503)


@probes.get("/metrics")
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class RequestTelemetryMiddleware(BaseHTTPMiddleware):
    """Counts and times requests by route template (never by raw path: paths carry ids)."""

    def __init__(self, app: FastAPI, service: str) -> None:
        super().__init__(app)
        self.service = service

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.url.path in ("/healthz", "/readyz", "/metrics"):
            return await call_next(request)
        started = time.perf_counter()
        # Continue the caller's W3C trace, so one trace runs from a partner's call to the stored draft.
        parent = context_from_carrier({name: request.headers[name] for name in TRACE_HEADERS
                                       if name in request.headers})
        with tracer.start_as_current_span(f"{request.method}", context=parent, kind=SpanKind.SERVER) as span:
            response = await call_next(request)
            route = request.scope.get("route")
            template = getattr(route, "path", "unmatched")
            span.update_name(f"{request.method} {template}")
            span.set_attribute("http.route", template)
            span.set_attribute("http.response.status_code", response.status_code)
        HTTP_REQUESTS.labels(self.service, request.method, template, str(response.status_code)).inc()
        HTTP_LATENCY.labels(self.service, request.method, template).observe(time.perf_counter() - started)
        return response
