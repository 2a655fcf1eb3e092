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
    Head,
    makes_drafts,
    new_draft,
    newer_than_heads,
    plan_drafts,
    retirements,
    split_into_waves,
)
from reviewops.responder.domain.templates import TemplateBook
from tests.support import factories

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def gated_event(external_id: str, version: int, rating: int = 1, deleted: bool = False, revision: int = 0,
                cause: str = "logistics") -> Event[ReviewGated]:
    snapshot = factories.review("seller_feedback", external_id=external_id, review_key=f"demo:US:sf:{external_id}",
                                version=version, rating=rating, deleted=deleted)
    classification = factories.classification(cause, classification_revision=revision,
                                              labelled_by="agent" if revision else None)
    payload = factories.gated(snapshot, classification,
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
    heads = {a2.payload.review.review_key: Head(1), b1.payload.review.review_key: Head(1)}
    assert newer_than_heads([a2, b1, c1], heads) == [a2, c1]


def test_a_newer_version_supersedes_older_open_drafts_or_withdraws_them_when_it_wants_none() -> None:
    older_a, older_b = gated_event("A", 1), gated_event("B", 1)
    a2 = gated_event("A", 2)
    b2_deleted = gated_event("B", 2, deleted=True)
    drafts = [stored(older_a), stored(older_a, "internal_ticket"), stored(older_b), stored(a2)]
    retiring = retirements([a2, b2_deleted], drafts, {})
    assert retiring["superseded"] == drafts[:2], "the new version's own draft is not retired"
    assert retiring["withdrawn"] == [drafts[2]]


def test_a_higher_classification_revision_of_the_same_version_is_newer_and_a_lower_one_late() -> None:
    a_rev1, b_rev1, c_rev0, d_v1_rev5 = (gated_event("A", 2, revision=1), gated_event("B", 2, revision=1),
                                         gated_event("C", 2), gated_event("D", 1, revision=5))
    heads = {a_rev1.key: Head(2, 0, "logistics"), b_rev1.key: Head(2, 1, "logistics"),
             c_rev0.key: Head(2, 1, "seller_service"), d_v1_rev5.key: Head(2, 0, "logistics")}
    assert newer_than_heads([a_rev1, b_rev1, c_rev0, d_v1_rev5], heads) == [a_rev1], (
        "the same revision again, a lower one, and any revision of an older version are late")


def test_a_correction_makes_drafts_only_when_it_changes_the_primary_cause() -> None:
    assert makes_drafts(gated_event("A", 1, revision=1, cause="seller_service").payload, Head(1, 0, "logistics"))
    assert not makes_drafts(gated_event("A", 1, revision=1).payload, Head(1, 0, "logistics"))
    assert makes_drafts(gated_event("A", 2).payload, Head(1, 3, "logistics")), "a new version always does"
    assert makes_drafts(gated_event("A", 1).payload, None)


def test_a_correction_that_changes_the_cause_supersedes_the_older_revisions_open_drafts() -> None:
    model = gated_event("A", 1)
    drafts = [stored(model), stored(model, "internal_ticket")]
    head = {model.key: Head(1, 0, "logistics")}
    changed = gated_event("A", 1, revision=1, cause="product_quality")
    assert retirements([changed], drafts, head) == {"superseded": drafts, "withdrawn": []}
    same_cause = gated_event("A", 1, revision=1)
    assert retirements([same_cause], drafts, head) == {"superseded": [], "withdrawn": []}
    own = stored(changed)
    assert retirements([changed], [own], head)["superseded"] == [], "the revision's own drafts stay"


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
