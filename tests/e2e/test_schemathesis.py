"""Property-based tests of each running service against the OpenAPI document it publishes.

Schemathesis generates requests for every operation (valid ones and ones that break the schema)
and checks that no answer is a server error and that every answer's status, content type, body
and headers are among those the operation documents. Bounded and derandomized, so `make test`
runs the same cases every time in a few minutes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reviewops.devstack.stack import Stack
from tests.support.stack import make_key, unique
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

SERVICES = ("ingest", "classifier", "compliance", "responder")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
MAX_EXAMPLES = 50


@dataclass(frozen=True)
class Caller:
    headers: dict[str, str]
    # Path parameters naming objects that exist, so that commands reach their lifecycle logic
    # and reads their full answer, instead of only the 404 of a generated id.
    existing: dict[str, str]


@pytest.fixture(scope="module")
def caller(services: Stack) -> Caller:
    """A fresh tenant's key with every scope but admin, and a review of that tenant with its drafts.
    X-Tenant-Id is always the tenant, so no generated value sends a case to the tenant-not-granted 404."""
    tenant = unique("tenant-fuzz-")
    key = make_key(services, [tenant])
    client = Client(services, key)
    review_key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]

    def drafts() -> list[dict[str, Any]]:
        items = [item for item in client.queue() if item["review_key"] == review_key]
        return items if settled(items) else []

    draft = next(item for item in wait_until(drafts) if item["channel"] == "buyer_message")
    return Caller({"Authorization": f"Bearer {key}", "X-Tenant-Id": tenant},
                  {"review_key": review_key, "draft_id": draft["id"]})


def fuzz(operation: schemathesis.APIOperation, caller: Caller) -> None:
    """Valid and schema-breaking requests for one operation, always with the caller's key and tenant."""
    strategies = [operation.as_strategy(mode, headers=caller.headers) for mode in GenerationMode]
    existing = {name: value for name, value in caller.existing.items() if f"{{{name}}}" in operation.path}
    if existing:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, headers=caller.headers,
                                                path_parameters=existing))

    @given(case=st.one_of(*strategies))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    def calls(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=caller.headers, checks=CHECKS)

    calls()


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_as_its_openapi_documents(
    services: Stack, caller: Caller, service: str, subtests: pytest.Subtests
) -> None:
    base_url = services.profile.url(service)
    api = schemathesis.openapi.from_url(f"{base_url}/openapi.json",
                                        config=schemathesis.Config.from_dict({"base-url": base_url}))
    operations = [result.ok() for result in api.get_all_operations()]
    assert operations
    for operation in operations:
        with subtests.test(operation.label):
            fuzz(operation, caller)


@pytest.mark.parametrize("service", SERVICES)
def test_every_documented_operation_answers_401_without_a_valid_key(services: Stack, service: str) -> None:
    """Read from the document, so an operation added later is covered without a change here."""
    base_url = services.profile.url(service)
    with httpx.Client(base_url=base_url, timeout=30, trust_env=False) as http:
        document = http.get("/openapi.json").json()
        operations = [(method, path) for path, methods in document["paths"].items() for method in methods]
        assert operations
        for method, path in operations:
            # Path parameters get a well-formed value, so the route matches and authentication decides.
            url = (path.replace("{draft_id}", str(uuid.uuid4())).replace("{import_id}", str(uuid.uuid4()))
                   .replace("{review_key}", "t:US:product_review:R1"))
            assert "{" not in url, f"no value for a path parameter of {path}"
            for headers in ({}, {"Authorization": "Bearer rvo_00000000_not-a-real-key"},
                            {"Authorization": "Basic dXNlcjpwYXNz"}):
                response = http.request(method.upper(), url, headers=headers, json={})
                assert response.status_code == 401, (method, path, headers, response.text)
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["www-authenticate"].startswith("Bearer")
                assert response.json()["status"] == 401


# Regressions for what schemathesis found; each was a 500 or an undocumented status before its fix.

def test_a_nul_character_in_stored_or_queried_text_is_a_422_naming_the_field(caller: Caller, services: Stack) -> None:
    """PostgreSQL text cannot hold NUL: these were 500s (or a reset connection) from the database."""
    client = Client(services, None)
    client.http.headers.update(caller.headers)
    problems = {
        "title": client.post("ingest", "/v1/reviews", json=review(title="a\x00b")),
        "body": client.post("ingest", "/v1/reviews", json=review(body="a\x00b")),
        "review_key": client.get("ingest", "/v1/reviews/a%00b"),
        "text": client.http.patch(client.url("responder", f"/v1/drafts/{caller.existing['draft_id']}"),
                                  json={"text": "Hello\x00"}),
        "items[0].template": client.http.put(client.url("responder", "/v1/templates"), json={"items": [
            {"cause": "other", "channel": "buyer_message", "language": "en", "template": "Hi\x00"}]}),
        "brand_name": client.http.put(client.url("responder", "/v1/settings"), json={"brand_name": "a\x00b"}),
    }
    for name, field in (("cause", "cause[0]"), ("channel", "channel[0]"), ("asin", "asin"),
                        ("marketplace", "marketplace"), ("language", "language")):
        problems[field] = client.get("responder", "/v1/queue", params={name: "a\x00b"})
    for field, response in problems.items():
        assert response.status_code == 422, (field, response.text)
        assert field in {error["field"] for error in response.json()["errors"]}, (field, response.text)
    batch = client.post("ingest", "/v1/reviews:batch", json={"items": [review(body="a\x00b")]}).json()["results"]
    assert batch[0]["result"] == "invalid" and batch[0]["errors"][0]["field"] == "body"


@pytest.mark.parametrize("command", ["approve", "reject", "mark-sent"])
def test_a_draft_command_on_an_id_that_is_not_a_uuid_is_a_422_naming_it(
    caller: Caller, services: Stack, command: str
) -> None:
    """Was 405: the path did not match the command's route, only the draft's GET and PATCH."""
    client = Client(services, None)
    client.http.headers.update(caller.headers)
    response = client.post("responder", f"/v1/drafts/not-a-uuid:{command}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "draft_id"
