"""Health, readiness, Prometheus metrics and per-request metrics and spans."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reviewops.common.metrics import HTTP_LATENCY, HTTP_REQUESTS
from reviewops.common.telemetry import TRACE_HEADERS, context_from_carrier, record_failure

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


class RequestTelemetryMiddleware:
    """Counts and times requests by route template (never by raw path: paths carry ids), in a span
    that continues the caller's W3C trace. Plain ASGI: no extra task per request."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/healthz", "/readyz", "/metrics"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers") or ()}
        parent = context_from_carrier({name: headers[name] for name in TRACE_HEADERS if name in headers})
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        with tracer.start_as_current_span(scope["method"], context=parent, kind=SpanKind.SERVER,
                                          record_exception=False, set_status_on_exception=False) as span:
            try:
                await self.app(scope, receive, record_status)
            except Exception as error:
                record_failure(span, error)
                raise
            finally:
                template = _route_template(scope)
                span.update_name(f"{scope['method']} {template}")
                span.set_attribute("http.route", template)
                span.set_attribute("http.response.status_code", status)
                HTTP_REQUESTS.labels(self.service, scope["method"], template, str(status)).inc()
                HTTP_LATENCY.labels(self.service, scope["method"], template).observe(time.perf_counter() - started)


def _route_template(scope: Scope) -> str:
    """The matched route's template. FastAPI's own pages (/openapi.json, /docs) are plain Starlette
    routes that set an endpoint but no `route`: their paths are fixed, so the path is the template.
    Nothing matched (a 404) is `unmatched`: a raw path never becomes a label."""
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path", "unmatched"))
    return str(scope["path"]) if "endpoint" in scope else "unmatched"
