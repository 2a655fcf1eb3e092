"""Request metrics: counted and timed by method, route template and status, never by raw path."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from reviewops.common.api.observability import RequestTelemetryMiddleware, probes


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def app() -> FastAPI:
    made = FastAPI()
    made.add_middleware(RequestTelemetryMiddleware, service="unit-metrics")
    made.include_router(probes)

    @made.get("/v1/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        return {"id": thing_id}

    return made


def test_requests_are_counted_and_timed_by_route_template_and_status() -> None:
    labels = {"service": "unit-metrics", "method": "GET", "route": "/v1/things/{thing_id}"}
    before = sample("reviewops_http_requests_total", **labels, status="200")
    timed = sample("reviewops_http_request_seconds_count", **labels)
    client = TestClient(app())
    for thing in ("buyer-ottoline", "buyer-mirela"):
        assert client.get(f"/v1/things/{thing}").status_code == 200
    assert client.get("/no/such/path").status_code == 404
    assert sample("reviewops_http_requests_total", **labels, status="200") == before + 2
    assert sample("reviewops_http_request_seconds_count", **labels) == timed + 2
    assert sample("reviewops_http_requests_total", service="unit-metrics", method="GET", route="unmatched",
                  status="404") >= 1
    exposed = client.get("/metrics").text
    assert "reviewops_http_requests_total" in exposed
    assert "buyer-" not in exposed and "/no/such/path" not in exposed, "raw paths never become labels"


def test_probes_and_the_scrape_itself_are_not_counted() -> None:
    client = TestClient(app())
    for path in ("/healthz", "/metrics"):
        client.get(path)
    assert sample("reviewops_http_requests_total", service="unit-metrics", method="GET", route="/metrics",
                  status="200") == 0


def test_the_apis_own_pages_are_counted_by_their_path() -> None:
    labels = {"service": "unit-metrics", "method": "GET", "route": "/openapi.json", "status": "200"}
    before = sample("reviewops_http_requests_total", **labels)
    assert TestClient(app()).get("/openapi.json").status_code == 200
    assert sample("reviewops_http_requests_total", **labels) == before + 1
