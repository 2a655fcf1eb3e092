"""Tenants override the templates their drafts are written from, inside the sandbox."""

from __future__ import annotations

import pytest

from reviewops.devstack.stack import Stack
from tests.support.stack import make_key, unique
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

OVERRIDE = {"channel": "buyer_message", "language": "en", "cause": "product_quality",
            "template": "Hello, we are so sorry it failed. A replacement is on its way. Kind regards, {{ seller_name }}"}


def templates(client: Client) -> dict[tuple[str, str, str], dict]:
    results = client.get("responder", "/v1/templates").json()["results"]
    return {(t["channel"], t["language"], t["cause"]): t for t in results}


def test_an_unsafe_or_broken_template_is_refused_and_nothing_is_saved(client: Client) -> None:
    escape = {**OVERRIDE, "template": "{{ ''.__class__.__mro__[1].__subclasses__() }}"}
    unknown = {**OVERRIDE, "cause": "logistics", "template": "Dear {{ buyer_email }}"}
    response = client.http.put(client.url("responder", "/v1/templates"), json={"items": [OVERRIDE, escape, unknown]})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["items[1].template"].startswith("SecurityError")
    assert errors["items[2].template"].startswith("UndefinedError")
    assert "items[0].template" not in errors
    assert all(t["source"] == "default" for t in templates(client).values()), "all or nothing"


def test_a_tenant_override_writes_that_tenants_next_drafts_and_no_one_elses(
    client: Client, services: Stack
) -> None:
    listed = templates(client)
    assert len(listed) == 2 * 6 * 7
    saved = client.http.put(client.url("responder", "/v1/templates"), json={"items": [OVERRIDE]})
    assert saved.status_code == 200 and saved.json()["results"] == [{"index": 0, "result": "saved"}]
    assert templates(client)[("buyer_message", "en", "product_quality")]["source"] == "tenant"

    key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    items = wait_until(lambda: (lambda xs: xs if settled(xs) else [])(
        [i for i in client.queue() if i["review_key"] == key]))
    message = next(i for i in items if i["channel"] == "buyer_message")
    draft = client.get("responder", f"/v1/drafts/{message['id']}").json()
    assert draft["cause"] == "product_quality"
    assert draft["text"] == OVERRIDE["template"].replace("{{ seller_name }}", "the seller support team")
    assert draft["state"] == "ready", "the override passes compliance like any draft"

    other = Client(services, make_key(services, [unique("tenant-")]))
    assert templates(other)[("buyer_message", "en", "product_quality")]["source"] == "default"


def test_writing_templates_needs_its_scope(services: Stack, tenant: str) -> None:
    reader = Client(services, make_key(services, [tenant], scopes=("queue:read",)))
    assert reader.http.put(reader.url("responder", "/v1/templates"), json={"items": [OVERRIDE]}).status_code == 403
    assert reader.get("responder", "/v1/templates").status_code == 200
