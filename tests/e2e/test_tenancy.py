"""Tenant isolation and authentication across the services' REST APIs (invariant 3)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from reviewops.devstack.stack import Stack
from tests.support.stack import make_key, unique
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_tenants(services: Stack) -> tuple[Client, Client, str]:
    """Tenant A with a review in the queue, and tenant B's client; returns (a, b, A's review key)."""
    a = Client(services, make_key(services, [unique("tenant-a-")]))
    b = Client(services, make_key(services, [unique("tenant-b-")]))
    key = a.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    wait_until(lambda: settled([i for i in a.queue() if i["review_key"] == key]))
    return a, b, key


def test_a_second_tenant_sees_none_of_the_first_tenants_reviews_or_drafts(
    two_tenants: tuple[Client, Client, str]
) -> None:
    a, b, key = two_tenants
    draft_id = next(i["id"] for i in a.queue() if i["review_key"] == key)
    assert a.get("ingest", f"/v1/reviews/{key}").status_code == 200
    assert a.get("responder", f"/v1/drafts/{draft_id}").status_code == 200

    assert b.get("ingest", f"/v1/reviews/{key}").status_code == 404
    assert b.get("responder", f"/v1/drafts/{draft_id}").status_code == 404
    assert b.queue() == []
    # The same external id under tenant B is a different review, not a duplicate of A's.
    external_id = key.rsplit(":", 1)[1]
    created = b.post("ingest", "/v1/reviews", json=review(external_id))
    assert created.status_code == 201 and created.json()["review_key"] != key


def test_naming_a_tenant_not_granted_is_404_and_a_multi_tenant_key_must_name_one(
    services: Stack, two_tenants: tuple[Client, Client, str]
) -> None:
    a, _, key = two_tenants
    tenant_a = key.split(":", 1)[0]
    outsider = Client(services, make_key(services, [unique("tenant-c-")]), tenant_header=tenant_a)
    assert outsider.get("ingest", f"/v1/reviews/{key}").status_code == 404
    assert outsider.get("responder", "/v1/queue").status_code == 404

    several = make_key(services, [tenant_a, unique("tenant-d-")])
    missing = Client(services, several).get("responder", "/v1/queue")
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"field": "X-Tenant-Id", "message": "required for a key granted several tenants"}
    ]
    named = Client(services, several, tenant_header=tenant_a)
    assert {i["review_key"] for i in named.queue()} == {key}


@pytest.mark.parametrize(
    ("service", "method", "path"),
    [
        ("ingest", "POST", "/v1/reviews"),
        ("ingest", "POST", "/v1/reviews:batch"),
        ("ingest", "GET", "/v1/reviews/x:US:product_review:R1"),
        ("classifier", "POST", "/v1/classify"),
        ("compliance", "POST", "/v1/checks"),
        ("compliance", "GET", "/v1/policies"),
        ("responder", "GET", "/v1/queue"),
        ("responder", "GET", "/v1/drafts/00000000-0000-0000-0000-000000000000"),
    ],
)
def test_requests_without_a_valid_key_get_401_as_a_problem_document(
    services: Stack, service: str, method: str, path: str
) -> None:
    for key in (None, "rvo_00000000_not-a-real-key"):
        response = Client(services, key).http.request(method, services.profile.url(service) + path, json={})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 401
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_key_without_the_scope_gets_403(services: Stack, tenant: str) -> None:
    reader = Client(services, make_key(services, [tenant], scopes=("queue:read",)))
    assert reader.post("ingest", "/v1/reviews", json=review()).status_code == 403
    assert reader.get("responder", "/v1/queue").status_code == 200


# One authenticated read per service; any answer but 401 means the key was accepted.
_READS = {
    "ingest": "/v1/reviews/00000000-0000-0000-0000-000000000000",
    "classifier": "/v1/insights/causes?asin=B0TEST0001",
    "compliance": "/v1/policies",
    "responder": "/v1/queue",
}


def test_a_revoked_key_gets_401_from_every_service_within_two_seconds(services: Stack, tenant: str) -> None:
    key = make_key(services, [tenant])
    client = Client(services, key)
    for service, path in _READS.items():
        # Twice, so each service's key cache surely holds the key's answer when it is revoked.
        for _ in range(2):
            assert client.get(service, path).status_code != 401, service
    revoked = subprocess.run([sys.executable, "-m", "reviewops.common.auth", "revoke-key", key[:12]],
                             env={**os.environ, "DATABASE_URL": services.database_url},
                             capture_output=True, text=True, check=False)
    assert revoked.returncode == 0, revoked.stderr
    revoked_at = time.monotonic()
    refused: set[str] = set()
    while len(refused) < len(_READS):
        for service, path in _READS.items():
            if service not in refused and client.get(service, path).status_code == 401:
                refused.add(service)
        assert time.monotonic() - revoked_at < 2.0, f"still accepted after 2 s by {set(_READS) - refused}"
        time.sleep(0.05)


def test_probes_stay_open(services: Stack) -> None:
    anonymous = Client(services, None)
    for service in ("ingest", "classifier", "compliance", "responder"):
        assert anonymous.get(service, "/healthz").status_code == 200
        ready = anonymous.get(service, "/readyz")
        assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
        assert "reviewops_http_requests_total" in anonymous.get(service, "/metrics").text
