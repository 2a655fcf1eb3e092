"""One batch of gated reviews carrying several versions of one review: the responder applies it set-wide
(domain.drafts.split_into_waves, handlers.apply_wave), yet each review's versions still apply one after another, and a late older
version changes nothing. Counted on the raw rows: drafts, review heads, audit trail, and the draft.*
events the running responder's relay publishes from the outbox."""

from __future__ import annotations

import json
import uuid
from collections import Counter

import pytest
from sqlalchemy import select

from reviewops.common.api.app import Runtime
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewGated
from reviewops.common.events.registry import RESPONSES
from reviewops.devstack.stack import Stack
from reviewops.responder.adapters.compliance_client import ComplianceClient
from reviewops.responder.adapters.service_clients import ClassifierClient
from reviewops.responder.adapters.tables import draft_audit, drafts, review_heads
from reviewops.responder.domain.lifecycle import OPEN_STATES
from reviewops.responder.domain.templates import TemplateBook
from reviewops.responder.adapters.unit_of_work import SqlResponderUnitOfWork
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.handlers import CONSUMER, draft_gated
from tests.support.stack import unique
from tests.support.kafka import read_until
from tests.support import factories

pytestmark = pytest.mark.integration

CHANNELS = {"buyer_message", "internal_ticket"}


def gated_event(tenant: str, external_id: str, version: int, body: str) -> Event[ReviewGated]:
    key = f"{tenant}:US:seller_feedback:{external_id}"
    snapshot = factories.review("seller_feedback", external_id=external_id, review_key=key, tenant_id=tenant,
                                version=version, body=body, content_hash=f"{version:064d}")
    payload = factories.gated(snapshot, factories.classification("logistics"),
                              factories.verdict(factories.action("contact_buyer"),
                                                factories.action("internal_ticket"), policy_version="test"))
    return Event[ReviewGated](event_type="review.gated", producer="test", tenant_id=tenant, key=key, payload=payload)


async def test_one_batch_with_two_versions_and_a_late_one_applies_each_version_in_order(
    services: Stack, runtime: Runtime  # noqa: F811
) -> None:
    tenant = unique("tenant-")
    a1 = gated_event(tenant, "111-0000001-0000001", 1, "Never arrived.")
    a2 = gated_event(tenant, "111-0000001-0000001", 2, "Never arrived, and nobody answers.")
    late = gated_event(tenant, "111-0000001-0000001", 1, "Never arrived.")  # a v1 redelivered after v2
    b1 = gated_event(tenant, "111-0000002-0000002", 1, "The box came crushed.")
    a, b = a1.key, b1.key
    key = services.profile.service_key_file.read_text().strip()
    # Real compliance decides the buyer messages at once, so the running responder's re-check loop never
    # touches these drafts (it would add audit rows and draft.checked events of its own).
    compliance = ComplianceClient(services.profile.url("compliance"), key, timeout=10.0)
    classifier = ClassifierClient(services.profile.url("classifier"), key, timeout=5.0)
    try:
        dependencies = ResponderDependencies(lambda: SqlResponderUnitOfWork(runtime.database, "responder"),
                                             compliance, classifier, TemplateBook.defaults())
        await draft_gated(dependencies, [a1, a2, late, b1])
    finally:
        await compliance.close()
        await classifier.close()

    async with runtime.database.engine.connect() as connection:
        rows = (await connection.execute(select(drafts).where(drafts.c.review_key.in_([a, b])))).all()
        heads = dict((await connection.execute(
            select(review_heads.c.review_key, review_heads.c.latest_version)
            .where(review_heads.c.review_key.in_([a, b])))).all())
        audits = (await connection.execute(
            select(draft_audit).where(draft_audit.c.draft_id.in_([row.id for row in rows])))).all()
        processed = set((await connection.execute(
            select(runtime.database.processed_events.c.event_id)
            .where(runtime.database.processed_events.c.consumer == CONSUMER,
                   runtime.database.processed_events.c.event_id.in_([e.event_id for e in (a1, a2, late, b1)]))
        )).scalars())

    by_version: dict[tuple[str, int], dict[str, str]] = {}
    for row in rows:
        assert row.channel not in by_version.setdefault((row.review_key, row.review_version), {}), "one per channel"
        by_version[(row.review_key, row.review_version)][row.channel] = row.state
    assert set(by_version) == {(a, 1), (a, 2), (b, 1)}, "the late v1 made no drafts of its own"
    assert len(rows) == 6
    assert by_version[(a, 1)] == {"buyer_message": "superseded", "internal_ticket": "superseded"}
    for version in ((a, 2), (b, 1)):
        assert set(by_version[version]) == CHANNELS
        assert all(state in OPEN_STATES and state != "pending_check" for state in by_version[version].values()), \
            by_version[version]
    assert heads == {a: 2, b: 1}
    assert processed == {a1.event_id, a2.event_id, late.event_id, b1.event_id}, "the late event is claimed, once"

    # The audit trail: one row per change, nothing for the late v1.
    expected = Counter({(row.id, "created"): 1 for row in rows})
    expected.update({(row.id, "superseded"): 1 for row in rows if row.review_version == 1 and row.review_key == a})
    assert Counter((audit.draft_id, audit.change) for audit in audits) == expected
    assert len(audits) == 8
    for audit in audits:
        assert audit.principal == "responder"
        if audit.change == "superseded":
            assert audit.before["state"] in OPEN_STATES and audit.after["state"] == "superseded"

    def uuid_of(event: dict) -> uuid.UUID:
        return uuid.UUID(event["payload"]["draft_id"])

    # The outbox, as the running responder's relay publishes it: one draft.* event per change.
    def ours(records: list) -> list[dict]:
        values = [json.loads(record.value) for record in records]
        return [value for value in values if value["payload"]["review_key"] in (a, b)]

    events = ours(await read_until(services.bootstrap, [RESPONSES.name], lambda records: len(ours(records)) >= 8))
    assert Counter((uuid_of(e), e["event_type"].removeprefix("draft.")) for e in events) == expected
    assert all(e["tenant_id"] == tenant for e in events)
    for event in events:
        if event["event_type"] == "draft.superseded":
            assert event["payload"]["review_version"] == 1 and event["payload"]["state"] == "superseded"
            assert event["payload"]["previous_state"] in OPEN_STATES
    # One key, one partition: A's changes come out in the order they were applied.
    changes_of_a = [(e["payload"]["review_version"], e["event_type"]) for e in events if e["key"] == a]
    assert changes_of_a == [(1, "draft.created")] * 2 + [(1, "draft.superseded")] * 2 + [(2, "draft.created")] * 2
