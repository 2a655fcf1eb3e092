"""The responder's draft planning for one batch of gated reviews: waves, late versions, retirements,
and the draft a plan becomes. Pure; the integration test runs the same batch against PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewGated
from reviewops.responder.domain.checking import CheckOutcome
from reviewops.responder.domain.drafts import (
    Draft,
    new_draft,
    newer_than_heads,
    plan_drafts,
    retirements,
    split_into_waves,
)
from reviewops.responder.domain.templates import TemplateBook
from tests.support import factories

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def gated_event(external_id: str, version: int, rating: int = 1, deleted: bool = False) -> Event[ReviewGated]:
    snapshot = factories.review("seller_feedback", external_id=external_id, review_key=f"demo:US:sf:{external_id}",
                                version=version, rating=rating, deleted=deleted)
    payload = factories.gated(snapshot, factories.classification("logistics"),
                              factories.verdict(factories.action("contact_buyer"), factories.action("internal_ticket")))
    return Event[ReviewGated](event_type="review.gated", producer="test", tenant_id="demo", key=snapshot.review_key,
                              payload=payload)


def stored(event: Event[ReviewGated], channel: str = "buyer_message", state: str = "ready") -> Draft:
    [plan] = [p for p in plan_drafts(event.payload, TemplateBook.defaults()) if p.channel == channel]
    draft = new_draft(event.payload, plan, CheckOutcome(True, "p1", [], []), None)
    return Draft(**{**vars(draft), "state": state}, created_at=NOW, updated_at=NOW)


def keys(wave: list[Event[ReviewGated]]) -> list[tuple[str, int]]:
    return [(e.payload.review.external_id, e.payload.review.version) for e in wave]


def test_waves_keep_batch_order_and_never_hold_two_versions_of_one_review() -> None:
    a1, a2, b1, a3, c1 = (gated_event("A", 1), gated_event("A", 2), gated_event("B", 1), gated_event("A", 3),
                          gated_event("C", 1))
    waves = split_into_waves([a1, a2, b1, a3, c1])
    assert [keys(wave) for wave in waves] == [[("A", 1), ("B", 1), ("C", 1)], [("A", 2)], [("A", 3)]]
    assert split_into_waves([]) == []


def test_versions_not_newer_than_the_head_are_late() -> None:
    a2, b1, c1 = gated_event("A", 2), gated_event("B", 1), gated_event("C", 1)
    heads = {a2.payload.review.review_key: 1, b1.payload.review.review_key: 1}
    assert newer_than_heads([a2, b1, c1], heads) == [a2, c1]


def test_a_newer_version_supersedes_older_open_drafts_or_withdraws_them_when_it_wants_none() -> None:
    older_a, older_b = gated_event("A", 1), gated_event("B", 1)
    a2 = gated_event("A", 2)
    b2_deleted = gated_event("B", 2, deleted=True)
    drafts = [stored(older_a), stored(older_a, "internal_ticket"), stored(older_b), stored(a2)]
    retiring = retirements([a2, b2_deleted], drafts)
    assert retiring["superseded"] == drafts[:2], "the new version's own draft is not retired"
    assert retiring["withdrawn"] == [drafts[2]]


def test_a_plan_becomes_ready_pending_or_blocked_by_its_check() -> None:
    event = gated_event("A", 1)
    message, ticket = plan_drafts(event.payload, TemplateBook.defaults())
    assert new_draft(event.payload, ticket, None, "t").state == "ready"
    assert new_draft(event.payload, ticket, None, "t").policy_version == event.payload.verdict.policy_version
    pending = new_draft(event.payload, message, None, "t")
    assert (pending.state, pending.policy_version) == ("pending_check", None)
    blocked = new_draft(event.payload, message, CheckOutcome(False, "p2", [{"rule": "x"}], ["y"]), "t")
    assert (blocked.state, blocked.policy_version, blocked.violations, blocked.unchecked) == (
        "blocked", "p2", [{"rule": "x"}], ["y"])
    assert blocked.review_key == event.payload.review.review_key and blocked.trace_id == "t"
    assert isinstance(blocked.id, uuid.UUID)
