"""Cause corrections end to end: a person corrects a review's cause through the responder's relay;
the gate and the responder take it as newer, the queue and the insights follow, and the label is
exported for training."""

from __future__ import annotations

import time
import uuid
from urllib.parse import quote

import pytest

from reviewops.devstack.stack import Stack, create_principal_key
from reviewops.devstack.sync import run_sync
from tests.e2e.conftest import Client, review, settled, wait_until
from tests.support.stack import make_key, unique

pytestmark = pytest.mark.e2e

OPEN = ("pending_check", "blocked", "ready", "approved")


def drafts_of(client: Client, review_key: str, states: tuple[str, ...]) -> list[dict]:
    return [item for item in client.queue(state=list(states)) if item["review_key"] == review_key]


def cause_counts(client: Client, asin: str) -> dict[str, int]:
    found = client.get("classifier", "/v1/insights/causes", params={"asin": asin, "marketplace": "US"})
    assert found.status_code == 200, found.text
    return {cause["label"]: cause["count"] for cause in found.json()["causes"]}


def test_a_correction_through_the_relay_replaces_the_drafts_moves_the_insight_and_is_exported(
    services: Stack, tenant: str
) -> None:
    agent = unique("agent-")
    client = Client(services, run_sync(create_principal_key(services.database_url, agent,
                                                            scopes=("reviews:write", "queue:read", "labels:write",
                                                                    "insights:read"), tenants=[tenant])))
    asin = "B" + uuid.uuid4().hex[:9].upper()
    posted = client.post("ingest", "/v1/reviews", json=review(asin=asin))
    assert posted.status_code == 201, posted.text
    key = posted.json()["review_key"]
    model_drafts = wait_until(lambda: (lambda found: found if settled(found) and len(found) >= 2 else None)(
        drafts_of(client, key, OPEN)), timeout=60)
    model_cause = model_drafts[0]["cause"]
    corrected_cause = "logistics" if model_cause != "logistics" else "seller_service"
    assert cause_counts(client, asin) == {model_cause: 1}

    started = time.monotonic()
    answer = client.http.put(client.url("responder", f"/v1/classifications/{quote(key, safe='')}"),
                             json={"primary_cause": corrected_cause, "causes": ["expectations"]})
    assert answer.status_code == 200, answer.text
    corrected = answer.json()
    assert (corrected["primary_cause"], corrected["classification_revision"], corrected["labelled_by"]) == (
        corrected_cause, 1, agent)
    assert corrected["causes"] == [{"label": corrected_cause, "score": 1.0}, {"label": "expectations", "score": 1.0}]

    new_drafts = wait_until(lambda: (lambda found: found if settled(found) and len(found) >= 2 else None)(
        [item for item in drafts_of(client, key, OPEN) if item["cause"] == corrected_cause]), timeout=10)
    superseded = drafts_of(client, key, ("superseded",))
    assert time.monotonic() - started < 10
    assert {item["id"] for item in superseded} == {item["id"] for item in model_drafts}
    assert {item["channel"] for item in new_drafts} == {item["channel"] for item in model_drafts}
    assert drafts_of(client, key, OPEN) == new_drafts, "no open draft of the old cause is left"
    detail = client.get("responder", f"/v1/drafts/{new_drafts[0]['id']}").json()
    assert detail["classification"]["classification_revision"] == 1
    assert detail["classification"]["labelled_by"] == agent

    assert cause_counts(client, asin) == {corrected_cause: 1}, "the correction moves the count"

    labels = client.get("responder", "/v1/labels", params={"limit": 500})
    assert labels.status_code == 200, labels.text
    [label] = [item for item in labels.json()["items"] if item["review_key"] == key]
    assert (label["primary_cause"], label["causes"], label["labelled_by"]) == (
        corrected_cause, [corrected_cause, "expectations"], agent)
    assert (label["model_primary_cause"], label["body"], label["language"]) == (
        model_cause, review()["body"], "en")

    # The same label again changes nothing: no revision 2, no new drafts.
    again = client.http.put(client.url("responder", f"/v1/classifications/{quote(key, safe='')}"),
                            json={"primary_cause": corrected_cause, "causes": ["expectations"]})
    assert again.status_code == 200 and again.json()["classification_revision"] == 1


def test_corrections_need_the_scope_the_tenant_and_a_known_label(client: Client, services: Stack,
                                                                 tenant: str) -> None:
    posted = client.post("ingest", "/v1/reviews", json=review())
    key = posted.json()["review_key"]
    path = f"/v1/classifications/{quote(key, safe='')}"
    wait_until(lambda: drafts_of(client, key, OPEN))
    reader = Client(services, make_key(services, [tenant], scopes=("queue:read", "insights:read")))
    for service in ("responder", "classifier"):
        refused = reader.http.put(reader.url(service, path), json={"primary_cause": "logistics"})
        assert refused.status_code == 403, (service, refused.text)
        assert reader.get(service, "/v1/labels").status_code == 403
    stranger = Client(services, make_key(services, [unique("tenant-")], scopes=("labels:write",)))
    for service in ("responder", "classifier"):
        hidden = stranger.http.put(stranger.url(service, path), json={"primary_cause": "logistics"})
        assert hidden.status_code == 404, (service, hidden.text)
        assert all(item["review_key"] != key for item in stranger.get(service, "/v1/labels").json()["items"])
    unknown = client.http.put(client.url("responder", path), json={"primary_cause": "weather"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "primary_cause"
    bad_list = client.http.put(client.url("classifier", path), json={"primary_cause": "logistics",
                                                                      "causes": ["logistics", "nope"]})
    assert bad_list.status_code == 422 and bad_list.json()["errors"][0]["field"].startswith("causes")
    missing = client.http.put(client.url("classifier", "/v1/classifications/" + quote(f"{tenant}:US:product_review:NONE",
                                                                                       safe="")),
                              json={"primary_cause": "logistics"})
    assert missing.status_code == 404
    bad_cursor = client.get("classifier", "/v1/labels", params={"cursor": "!!"})
    assert bad_cursor.status_code == 422 and bad_cursor.json()["errors"][0]["field"] == "cursor"
    assert client.get("classifier", "/v1/labels", params={"limit": 501}).status_code == 422
    labels = client.get("classifier", "/v1/labels", params={"limit": 500}).json()["items"]
    assert all(item["review_key"] != key for item in labels), "the refused corrections stored nothing"
