"""Tenants override the layouts and paragraphs their drafts are composed from, inside the sandbox, and
sign them with their own settings (GET/PUT /v1/settings)."""

from __future__ import annotations

import pytest

from reviewops.devstack.stack import Stack
from tests.support.stack import make_key, unique
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

OVERRIDE = {"channel": "buyer_message", "language": "en", "cause": "product_quality",
            "template": "Hello, we are so sorry it failed. A replacement is on its way. Kind regards, {{ seller_name }}"}
PARAGRAPH = {"channel": "buyer_message", "language": "de", "paragraph": "fix.product_quality",
             "template": "Wir schicken Ihnen noch heute einen neuen Artikel."}
SETTINGS = {"brand_name": "Acme Home", "signatures": {"de": "Ihr Acme-Home-Team"}, "return_window_days": 30}


def templates(client: Client) -> dict[tuple[str, str, str], dict]:
    results = client.get("responder", "/v1/templates").json()["results"]
    return {(t["channel"], t["language"], t["cause"] or t["paragraph"]): t for t in results}


def put(client: Client, path: str, body: dict):
    return client.http.put(client.url("responder", path), json=body)


def buyer_message(client: Client, **fields) -> dict:
    key = client.post("ingest", "/v1/reviews", json=review(**fields)).json()["review_key"]
    items = wait_until(lambda: (lambda xs: xs if settled(xs) else [])(
        [i for i in client.queue() if i["review_key"] == key]))
    message = next(i for i in items if i["channel"] == "buyer_message")
    return client.get("responder", f"/v1/drafts/{message['id']}").json()


def test_an_unsafe_or_broken_template_is_refused_and_nothing_is_saved(client: Client) -> None:
    escape = {**OVERRIDE, "template": "{{ ''.__class__.__mro__[1].__subclasses__() }}"}
    unknown = {**OVERRIDE, "cause": "logistics", "template": "Dear {{ buyer_email }}"}
    no_such = {**PARAGRAPH, "paragraph": "fix.teleportation"}
    response = put(client, "/v1/templates", {"items": [OVERRIDE, escape, unknown, PARAGRAPH, no_such]})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["items[1].template"].startswith("SecurityError")
    assert errors["items[2].template"].startswith("UndefinedError")
    assert "items[4].paragraph" in errors
    assert "items[0].template" not in errors and "items[3].template" not in errors
    assert all(t["source"] == "default" for t in templates(client).values()), "all or nothing"


def test_a_tenant_override_writes_that_tenants_next_drafts_and_no_one_elses(
    client: Client, services: Stack
) -> None:
    listed = templates(client)
    assert sum(1 for key in listed if key[2] == "product_quality") == 2 * 6
    assert ("buyer_message", "ja", "fix.lost") in listed and ("public_reply", "en", "acknowledge.late") in listed
    saved = put(client, "/v1/templates", {"items": [OVERRIDE, PARAGRAPH]})
    assert saved.status_code == 200 and saved.json()["results"] == [{"index": 0, "result": "saved"},
                                                                      {"index": 1, "result": "saved"}]
    assert templates(client)[("buyer_message", "en", "product_quality")]["source"] == "tenant"
    assert templates(client)[("buyer_message", "de", "fix.product_quality")]["source"] == "tenant"

    draft = buyer_message(client)
    assert draft["cause"] == "product_quality"
    assert draft["text"] == OVERRIDE["template"].replace("{{ seller_name }}", "Your customer service team")
    assert draft["state"] == "ready", "the override passes compliance like any draft"

    other = Client(services, make_key(services, [unique("tenant-")]))
    assert templates(other)[("buyer_message", "en", "product_quality")]["source"] == "default"


def test_settings_sign_the_tenants_next_drafts_in_the_buyers_language(client: Client, services: Stack) -> None:
    assert client.get("responder", "/v1/settings").json() == {"brand_name": None, "signatures": {},
                                                              "return_window_days": None}
    saved = put(client, "/v1/settings", SETTINGS)
    assert saved.status_code == 200 and saved.json() == SETTINGS
    assert client.get("responder", "/v1/settings").json() == SETTINGS

    german = buyer_message(client, language="de", marketplace="DE", product_title="Acme Mixer 500 W, Edelstahl",
                           title="Defekt", body="Der Mixer funktioniert nach einer Woche nicht mehr.")
    assert german["text"].splitlines()[-1] == "Ihr Acme-Home-Team"
    assert "Acme Mixer 500 W" in german["text"] and german["review"]["product_title"] == "Acme Mixer 500 W, Edelstahl"
    english = buyer_message(client)
    assert english["text"].splitlines()[-1] == "The Acme Home customer service team"
    assert {german["state"], english["state"]} == {"ready"}

    other = Client(services, make_key(services, [unique("tenant-")]))
    assert other.get("responder", "/v1/settings").json()["brand_name"] is None
    assert buyer_message(other)["text"].splitlines()[-1] == "Your customer service team"


@pytest.mark.parametrize(("body", "field"), [
    ({"signatures": {"xx": "Team"}}, "signatures.xx"),
    ({"signatures": {"en": " "}}, "signatures.en"),
    ({"return_window_days": 0}, "return_window_days"),
    ({"return_window_days": "30"}, "return_window_days"),
    ({"brand_name": ""}, "brand_name"),
    ({"colour": "red"}, "colour"),
])
def test_invalid_settings_are_refused_naming_the_field_and_nothing_is_saved(client: Client, body, field) -> None:
    response = put(client, "/v1/settings", {**SETTINGS, **body})
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}, response.text
    assert client.get("responder", "/v1/settings").json()["brand_name"] is None


def test_writing_templates_and_settings_needs_its_scope(services: Stack, tenant: str) -> None:
    reader = Client(services, make_key(services, [tenant], scopes=("queue:read",)))
    assert put(reader, "/v1/templates", {"items": [OVERRIDE]}).status_code == 403
    assert put(reader, "/v1/settings", SETTINGS).status_code == 403
    assert reader.get("responder", "/v1/templates").status_code == 200
    assert reader.get("responder", "/v1/settings").status_code == 200
