"""Fail closed (invariant 2): drafts made while compliance cannot be reached stay `pending_check`
and are never `ready`; once compliance answers, the re-check gives them a verdict."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from reviewops.common.api.app import Runtime
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import (
    AllowedAction,
    Classification,
    CauseScore,
    ReviewGated,
    ReviewSnapshot,
    Verdict,
)
from reviewops.devstack.stack import Stack
from reviewops.responder.adapters.compliance_client import ComplianceClient
from reviewops.responder.adapters.service_clients import ClassifierClient
from reviewops.responder.adapters.tables import drafts
from reviewops.responder.domain.templates import TemplateBook
from reviewops.responder.adapters.unit_of_work import SqlResponderUnitOfWork
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.handlers import draft_gated, recheck_pending
from tests.support.stack import unique

pytestmark = pytest.mark.integration


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gated_event(tenant: str) -> Event[ReviewGated]:
    now = datetime.now(UTC)
    key = f"{tenant}:US:seller_feedback:111-2223334-4445556"
    snapshot = ReviewSnapshot(
        review_key=key, tenant_id=tenant, marketplace="US", kind="seller_feedback",
        external_id="111-2223334-4445556", version=1, content_hash="h", rating=1, body="Never arrived.",
        created_at=now, updated_at=now, order_id="111-2223334-4445556", fulfillment="MFN",
    )
    classification = Classification(model_version="test", primary_cause="logistics",
                                    causes=[CauseScore(label="logistics", score=1.0)], language="en",
                                    detected_language="en")
    verdict = Verdict(policy_version="test", actions=[
        AllowedAction(action="contact_buyer", channel="buyer_message", reason="test"),
        AllowedAction(action="internal_ticket", channel="internal_ticket", reason="test"),
    ])
    return Event[ReviewGated](event_type="review.gated", producer="test", tenant_id=tenant, key=key,
                              payload=ReviewGated(review=snapshot, classification=classification, verdict=verdict))


def _waiting_or_checked(state: tuple[str, str | None]) -> bool:
    """Pending without a verdict, or decided by compliance itself (a policy version that is not the test's)."""
    return state == ("pending_check", None) or (state[0] in ("ready", "blocked") and state[1] not in (None, "test"))


async def states(runtime: Runtime, review_key: str) -> dict[str, tuple[str, str | None]]:
    async with runtime.database.engine.connect() as connection:
        rows = await connection.execute(
            select(drafts.c.channel, drafts.c.state, drafts.c.policy_version).where(drafts.c.review_key == review_key)
        )
        return {row.channel: (row.state, row.policy_version) for row in rows}


async def test_drafts_wait_in_pending_check_while_compliance_is_unreachable(
    services: Stack, runtime: Runtime
) -> None:
    key = services.profile.service_key_file.read_text().strip()
    event = gated_event(unique("tenant-"))
    classifier = ClassifierClient(services.profile.url("classifier"), key, timeout=5.0)

    def unit_of_work() -> SqlResponderUnitOfWork:
        return SqlResponderUnitOfWork(runtime.database, "responder")

    unreachable = ResponderDependencies(unit_of_work, ComplianceClient(f"http://127.0.0.1:{closed_port()}", key,
                                                                       timeout=1.0, attempts=1),
                                        classifier, TemplateBook.defaults())
    await draft_gated(unreachable, [event])
    written = await states(runtime, event.key)
    assert written["internal_ticket"] == ("ready", "test")
    # The running responder's own re-check loop works on the same table and, on a busy machine, may
    # decide the draft between these lines: then with a real verdict, never without one.
    assert _waiting_or_checked(written["buyer_message"]), "a text draft is never ready without a verdict"
    assert await recheck_pending(unreachable) == 0
    assert _waiting_or_checked((await states(runtime, event.key))["buyer_message"])

    # The running responder's own re-check loop works on the same table, so either may decide it.
    reachable = ResponderDependencies(unit_of_work, ComplianceClient(services.profile.url("compliance"), key,
                                                                     timeout=5.0),
                                      classifier, TemplateBook.defaults())
    await recheck_pending(reachable)
    state, policy_version = (await states(runtime, event.key))["buyer_message"]
    assert state == "ready" and policy_version and policy_version != "test"
    await unreachable.compliance.close()
    await reachable.compliance.close()
    await classifier.close()
