"""Working the queue: edit, approve, reject and mark sent, with the fail-closed rules (invariant 2)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.events.registry import RESPONSES
from reviewops.devstack.processes import stop_service
from reviewops.devstack.stack import Stack, start_services
from reviewops.devstack.sync import run_sync
from tests.support.stack import make_key
from tests.e2e.conftest import Client, review, settled, wait_until
from tests.support.kafka import read_until

pytestmark = pytest.mark.e2e

CLEAN = "We are sorry the blender failed. A replacement ships today; reply here if anything else is wrong."
VIOLATING = "We will refund you in full if you remove your review."


def drafts(client: Client, key: str) -> dict[str, dict]:
    items = wait_until(lambda: (lambda xs: xs if settled(xs) else [])(
        [i for i in client.queue() if i["review_key"] == key]))
    return {item["channel"]: item for item in items}


@pytest.fixture
def queue(client: Client) -> dict[str, dict]:
    """A fresh review's queue items by channel: a ready buyer message and an internal ticket."""
    key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    items = drafts(client, key)
    assert items["buyer_message"]["state"] == "ready"
    return items


def path(item: dict, action: str = "") -> str:
    return f"/v1/drafts/{item['id']}{action}"


def test_an_edit_that_breaks_policy_is_422_with_the_violations_and_saves_nothing(
    client: Client, queue: dict[str, dict]
) -> None:
    message = queue["buyer_message"]
    before = client.get("responder", path(message)).json()
    response = client.http.patch(client.url("responder", path(message)), json={"text": VIOLATING})
    assert response.status_code == 422
    problem = response.json()
    assert {"incentive_for_review", "request_change_or_remove"} <= {v["rule"] for v in problem["violations"]}
    assert all(error["field"] == "text" for error in problem["errors"])
    after = client.get("responder", path(message)).json()
    assert (after["text"], after["state"], after["updated_at"]) == (before["text"], "ready", before["updated_at"])


def test_a_clean_edit_is_saved_ready_and_the_draft_can_be_approved_then_sent(
    client: Client, queue: dict[str, dict], services: Stack
) -> None:
    message = queue["buyer_message"]
    edited = client.http.patch(client.url("responder", path(message)), json={"text": CLEAN})
    assert edited.status_code == 200, edited.text
    assert edited.json()["text"] == CLEAN and edited.json()["state"] == "ready"
    approved = client.post("responder", path(message, ":approve"))
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved.json()["policy_version"] == client.get("compliance", "/v1/policies").json()["policy_version"]
    assert client.post("responder", path(message, ":approve")).status_code == 409, "approved once"
    assert client.post("responder", path(message, ":reject")).status_code == 409
    assert client.post("responder", path(message, ":mark-sent")).json()["state"] == "sent"
    assert client.http.patch(client.url("responder", path(message)), json={"text": CLEAN}).status_code == 409

    def changes(records: list) -> list[dict]:
        return [json.loads(r.value) for r in records if json.loads(r.value)["payload"]["draft_id"] == message["id"]]

    found = changes(run_sync(read_until(services.bootstrap, [RESPONSES.name],
                                        lambda records: len(changes(records)) >= 4)))
    assert [e["event_type"] for e in found] == ["draft.created", "draft.updated", "draft.approved", "draft.sent"]
    assert all(e["payload"]["principal"] for e in found[1:]), "people's changes name the principal"


def test_approval_checks_again_and_a_draft_that_fails_now_is_blocked_with_409(
    client: Client, queue: dict[str, dict], services: Stack
) -> None:
    message = queue["buyer_message"]

    async def tamper() -> None:
        engine = create_async_engine(services.database_url)
        async with engine.begin() as connection:
            await connection.execute(sql("UPDATE responder.drafts SET text = :t WHERE id = :id"),
                                     {"t": VIOLATING, "id": message["id"]})
        await engine.dispose()

    run_sync(tamper())  # stands for a draft whose verdict no longer holds (a new policy, say)
    response = client.post("responder", path(message, ":approve"))
    assert response.status_code == 409
    assert "incentive_for_review" in {v["rule"] for v in response.json()["violations"]}
    assert client.get("responder", path(message)).json()["state"] == "blocked"
    assert client.post("responder", path(message, ":reject")).json()["state"] == "rejected"


def test_a_task_is_marked_sent_without_approval(client: Client, queue: dict[str, dict]) -> None:
    ticket = queue["internal_ticket"]
    assert client.post("responder", path(ticket, ":approve")).status_code == 409
    assert client.http.patch(client.url("responder", path(ticket)), json={"text": CLEAN}).status_code == 409
    assert client.post("responder", path(ticket, ":mark-sent")).json()["state"] == "sent"


def test_working_the_queue_needs_queue_write_and_the_tenant(
    client: Client, queue: dict[str, dict], services: Stack, tenant: str
) -> None:
    reader = Client(services, make_key(services, [tenant], scopes=("queue:read",)))
    assert reader.post("responder", path(queue["buyer_message"], ":approve")).status_code == 403
    stranger = Client(services, make_key(services, ["someone-else"]))
    assert stranger.post("responder", path(queue["buyer_message"], ":approve")).status_code == 404


def test_while_compliance_is_unreachable_edits_and_approvals_are_503_and_change_nothing(
    client: Client, queue: dict[str, dict], services: Stack
) -> None:
    message = queue["buyer_message"]
    before = client.get("responder", path(message)).json()
    stop_service(services.service("compliance"))
    try:
        for response in (client.http.patch(client.url("responder", path(message)), json={"text": CLEAN}),
                         client.post("responder", path(message, ":approve"))):
            assert response.status_code == 503
            assert int(response.headers["retry-after"]) > 0
        after = client.get("responder", path(message)).json()
        assert (after["state"], after["text"], after["updated_at"]) == ("ready", before["text"], before["updated_at"])
    finally:
        start_services(services)
    assert client.post("responder", path(message, ":approve")).json()["state"] == "approved"


def test_unknown_drafts_are_404(client: Client) -> None:
    missing = "00000000-0000-0000-0000-000000000001"
    assert client.post("responder", f"/v1/drafts/{missing}:approve").status_code == 404


def test_a_buyer_message_expires_30_days_after_order_completion_and_other_channels_do_not(
    client: Client, services: Stack
) -> None:
    from datetime import UTC, datetime, timedelta

    old_order = review(kind="seller_feedback", external_id="111-0000000-0000035", order_id="111-0000000-0000035",
                       fulfillment="MFN", order_completed_at=(datetime.now(UTC) - timedelta(days=35)).isoformat())
    old_order.pop("asin")
    key = client.post("ingest", "/v1/reviews", json=old_order).json()["review_key"]
    items = wait_until(lambda: (lambda xs: xs if any(i["state"] == "expired" for i in xs) else [])(
        [i for i in client.queue() if i["review_key"] == key]))
    states = {item["channel"]: item["state"] for item in items}
    assert states["buyer_message"] == "expired"
    assert states["public_reply"] != "expired" and states["internal_ticket"] == "ready"
    expired = next(i for i in items if i["channel"] == "buyer_message")
    assert client.post("responder", path(expired, ":approve")).status_code == 409
