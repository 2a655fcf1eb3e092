"""The workbench (DESIGN.md: Queue and workbench) through the responder's real wiring with the in-memory
unit of work: assignment, notes, a rejection's reason, bulk actions answered per item, and the queue's
order and default of open items only."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from reviewops.common.errors import Conflict, NotFound
from reviewops.common.events.envelope import Event
from reviewops.responder.adapters.repository import audit_entry
from reviewops.responder.bootstrap import wire as wire_responder
from reviewops.responder.commands import assign_draft, bulk_drafts, move_draft, note_draft, reject_draft
from reviewops.responder.domain.lifecycle import OPEN_STATES
from reviewops.responder.domain.queue import QueueFilter, history_entry
from reviewops.responder.domain.templates import TemplateBook
from tests.support import factories
from tests.support.fake_repositories import (
    FakeClassifierClient,
    FakeComplianceClient,
    FakeDraftRepository,
    FakeSettingsRepository,
    FakeTemplateRepository,
)
from tests.support.fake_uow import FakeStore, FakeUnitOfWork


def responder():
    store, drafts = FakeStore(), FakeDraftRepository()
    parts = wire_responder(lambda: FakeUnitOfWork(store, "responder", drafts=drafts, templates=FakeTemplateRepository(),
                                                  settings=FakeSettingsRepository()),
                           FakeComplianceClient(), FakeClassifierClient(), TemplateBook.defaults(), upkeep_interval=0.01)
    return parts, store, drafts


async def drafted(parts, drafts, **review_fields):
    fields = {"rating": 1, "external_id": f"113-{uuid.uuid4().hex[:12]}", **review_fields}
    review = factories.review("seller_feedback", **fields)
    gated = factories.gated(review, factories.classification("logistics"),
                            factories.verdict(factories.action("contact_buyer"), factories.action("internal_ticket")))
    await parts.subscriptions[0].handler([Event[type(gated)](event_type="review.gated", producer="test",
                                                             tenant_id=review.tenant_id, key=review.review_key,
                                                             payload=gated)])
    by_channel = {d.channel: d for d in drafts.drafts.values() if d.review_key == review.review_key}
    return by_channel["buyer_message"], by_channel["internal_ticket"]


def test_the_queue_lists_open_states_unless_closed_ones_are_asked_for() -> None:
    assert QueueFilter("t").wanted_states == OPEN_STATES
    assert QueueFilter("t", include_closed=True).wanted_states == ()
    assert QueueFilter("t", states=("sent",)).wanted_states == ("sent",)


async def test_a_draft_keeps_what_the_queue_shows_of_its_review() -> None:
    parts, _, drafts = responder()
    message, ticket = await drafted(parts, drafts, body="𠮷" * 200)
    assert message.snippet == ticket.snippet == "𠮷" * 160, "160 characters, not UTF-16 units"
    assert message.review_created_at == datetime.fromisoformat(message.review["created_at"])
    assert (message.needs_review, message.product_title) == (False, None)


def test_history_shows_who_changed_the_state_and_why() -> None:
    entry = history_entry("rejected", "agent-7", datetime(2026, 12, 1, tzinfo=UTC), {"state": "ready"},
                          {"state": "rejected", "reason": "duplicate of another ticket", "text": "..."})
    assert (entry.state_before, entry.state_after, entry.details) == ("ready", "rejected",
                                                                        {"reason": "duplicate of another ticket"})


def test_an_audit_row_refuses_details_the_history_does_not_know() -> None:
    with pytest.raises(ValueError):
        audit_entry(uuid.uuid4(), "t", "p", "assigned", None, {"state": "ready"}, colour="red")


async def test_assign_release_and_notes_are_audited_and_never_published() -> None:
    parts, store, drafts = responder()
    message, _ = await drafted(parts, drafts)
    published = len(store.events())
    async with parts.dependencies.unit_of_work() as uow:
        taken = await assign_draft(uow, "demo", message.id, "agent-1", "agent-1")
        released = await assign_draft(uow, "demo", message.id, None, "lead-2")
        note = await note_draft(uow, "demo", message.id, "Buyer called twice.", "agent-1")
        notes = await uow.drafts.notes(message.id)
        history = await uow.drafts.history(message.id)
    assert (taken.assignee, released.assignee) == ("agent-1", None)
    assert [(n.author, n.text) for n in notes] == [("agent-1", "Buyer called twice.")]
    assert [(h.change, h.principal, h.details) for h in history][-3:] == [
        ("assigned", "agent-1", {"assignee": "agent-1"}), ("assigned", "lead-2", {"assignee": None}),
        ("noted", "agent-1", {"note_id": note.id})]
    assert len(store.events()) == published, "assignment and notes are not published"


async def test_a_closed_draft_cannot_be_assigned_and_another_tenants_is_not_found() -> None:
    parts, _, drafts = responder()
    _, ticket = await drafted(parts, drafts)
    await move_draft(parts.dependencies, "demo", ticket.id, "sent", "agent")
    async with parts.dependencies.unit_of_work() as uow:
        with pytest.raises(Conflict):
            await assign_draft(uow, "demo", ticket.id, "agent", "agent")
        with pytest.raises(NotFound):
            await assign_draft(uow, "other", ticket.id, "agent", "agent")
        with pytest.raises(NotFound):
            await note_draft(uow, "other", ticket.id, "text", "agent")


async def test_a_rejection_keeps_its_reason_in_the_history() -> None:
    parts, _, drafts = responder()
    message, _ = await drafted(parts, drafts)
    rejected = await reject_draft(parts.dependencies, "demo", message.id, "Buyer already refunded.", "agent")
    assert rejected.state == "rejected"
    async with parts.dependencies.unit_of_work() as uow:
        [*_, last] = await uow.drafts.history(message.id)
    assert (last.change, last.details) == ("rejected", {"reason": "Buyer already refunded."})


async def test_bulk_answers_each_draft_as_its_own_endpoint_would() -> None:
    parts, _, drafts = responder()
    message, ticket = await drafted(parts, drafts)
    missing = uuid.uuid4()
    outcomes = await bulk_drafts(parts.dependencies, "demo", "approve", [message.id, ticket.id, missing], "agent")
    assert outcomes[0].state == "approved"
    assert [getattr(o, "status", 200) for o in outcomes] == [200, 409, 404]
    sent = await bulk_drafts(parts.dependencies, "demo", "mark-sent", [message.id, ticket.id], "agent")
    assert [d.state for d in sent] == ["sent", "sent"], "an approved message and a ready task are marked sent"
    again = await bulk_drafts(parts.dependencies, "demo", "reject", [message.id], "agent", reason="late")
    assert [o.status for o in again] == [409]


async def test_the_queue_is_ordered_by_due_time_so_overdue_items_come_first() -> None:
    parts, _, drafts = responder()
    now = datetime.now(UTC)
    late, _ = await drafted(parts, drafts, created_at=now - timedelta(hours=30), rating=3)
    fresh, _ = await drafted(parts, drafts, created_at=now - timedelta(hours=1))
    async with parts.dependencies.unit_of_work() as uow:
        page = await uow.drafts.queue_page(QueueFilter("demo"), 10)
    order = [item.id for item in page]
    assert order.index(late.id) < order.index(fresh.id), "an overdue three-star item before a fresh one-star"
    assert Counter(item.channel for item in page) == {"buyer_message": 2, "internal_ticket": 2}
