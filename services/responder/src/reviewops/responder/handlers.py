"""The responder's use cases: drafts from gated reviews, checks of drafts still pending, expiry.

Each takes the unit-of-work factory (through ResponderDependencies), not one unit of work: a
check is an HTTP call to compliance, made between transactions, never inside one.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewGated
from reviewops.responder.adapters.repository import ReviewHead, audit_entry
from reviewops.responder.adapters.unit_of_work import ResponderUnitOfWork
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.domain.checking import CheckOutcome
from reviewops.responder.domain.settings import TenantSettings
from reviewops.responder.domain.drafts import (
    DraftPlan,
    draft_changed,
    draft_check_request,
    makes_drafts,
    new_draft,
    newer_than_heads,
    plan_check_request,
    plan_drafts,
    position,
    retirements,
    split_into_waves,
    state_after_check,
)

CONSUMER = "responder"
SERVICE_PRINCIPAL = "responder"


def _trace_id(event: Event) -> str | None:
    parts = event.trace_carrier.get("traceparent", "").split("-")
    return parts[1] if len(parts) == 4 else None


async def draft_gated(dependencies: ResponderDependencies, events: list[Event[ReviewGated]]) -> None:
    """Make the queue items of each gated review version, checked; retire the drafts of older versions."""
    tenants = sorted({e.tenant_id for e in events})
    async with dependencies.unit_of_work() as uow:
        overrides = await uow.templates.overrides(tenants)
        settings = await uow.settings.of(tenants)
    books = {tenant: dependencies.templates.with_overrides(found) for tenant, found in overrides.items()}
    plans = {event.event_id: plan_drafts(event.payload, books.get(event.tenant_id, dependencies.templates),
                                         settings.get(event.tenant_id, TenantSettings()))
             for event in events}
    # Checks are HTTP calls: they happen before the transaction, never inside it.
    work = [(event.payload, plan) for event in events for plan in plans[event.event_id] if plan.needs_check]
    outcomes = await dependencies.compliance.check_batched([
        (gated.review.tenant_id, plan_check_request(gated.review, plan)) for gated, plan in work
    ])
    outcome_of = {id(plan): outcomes.get(index) for index, (_, plan) in enumerate(work)}
    async with dependencies.unit_of_work() as uow:
        claimed = await uow.claim(CONSUMER, events)
        planned = {event.event_id: [(plan, outcome_of.get(id(plan))) for plan in plans[event.event_id]]
                   for event in claimed}
        for wave in split_into_waves(claimed):
            await apply_wave(uow, wave, planned)


async def apply_wave(uow: ResponderUnitOfWork, events: list[Event[ReviewGated]],
                     planned: dict[uuid.UUID, list[tuple[DraftPlan, CheckOutcome | None]]]) -> None:
    """For each gated review version (one per review): retire the open drafts it replaces, make it
    the head, and insert its drafts. A newer version replaces every open draft of older ones; a
    higher classification revision of the same version (a person corrected the cause) replaces
    them only if it changed the primary cause. A version or revision not newer than the head is
    late and changes nothing. Locks the heads first, in key order."""
    repository = uow.drafts
    heads = await repository.lock_heads([event.payload.review.review_key for event in events])
    current = newer_than_heads(events, heads)
    if not current:
        return
    event_of = {event.payload.review.review_key: event for event in current}
    audits = []
    for retire_to, drafts in retirements(current, await repository.open_drafts_of(list(event_of)), heads).items():
        if not drafts:
            continue
        before = {draft.id: draft for draft in drafts}
        for after in await repository.retire(list(before), retire_to):
            draft, event = before[after.id], event_of[after.review_key]
            audits.append(audit_entry(draft.id, draft.tenant_id, SERVICE_PRINCIPAL, retire_to, draft, after))
            await uow.publish(f"draft.{retire_to}", draft.tenant_id, draft.review_key,
                              draft_changed(after, draft.state), caused_by=event)
    await repository.set_heads([ReviewHead(key, event.payload.review.tenant_id, *position(event.payload),
                                           event.payload.classification.primary_cause)
                                for key, event in event_of.items()])
    values = [(event, new_draft(event.payload, plan, outcome, _trace_id(event)))
              for event in current if makes_drafts(event.payload, heads.get(event.payload.review.review_key))
              for plan, outcome in planned[event.event_id]]
    inserted = await repository.insert_many([draft for _, draft in values]) if values else {}
    for event, new in values:
        created = inserted.get(new.id)
        if created is not None:
            audits.append(audit_entry(created.id, created.tenant_id, SERVICE_PRINCIPAL, "created", None, created))
            await uow.publish("draft.created", created.tenant_id, created.review_key, draft_changed(created),
                              caused_by=event)
    await repository.audit_many(audits)


async def recheck_pending(dependencies: ResponderDependencies, limit: int = 100) -> int:
    """Check drafts left pending while compliance was unreachable; returns how many were decided."""
    async with dependencies.unit_of_work() as uow:
        pending = await uow.drafts.pending_checks(limit)
    if not pending:
        return 0
    outcomes = await dependencies.compliance.check_batched(
        [(draft.tenant_id, draft_check_request(draft)) for draft in pending])
    decided = 0
    async with dependencies.unit_of_work() as uow:
        for index, outcome in outcomes.items():
            draft = pending[index]
            after = await uow.drafts.update(
                draft.id, "pending_check", state=state_after_check(outcome.allowed),
                policy_version=outcome.policy_version, violations=outcome.violations, unchecked=outcome.unchecked,
            )
            if after is None:
                continue  # retired or decided meanwhile
            decided += 1
            await uow.drafts.audit(draft.id, draft.tenant_id, SERVICE_PRINCIPAL, "checked", draft, after)
            await uow.publish("draft.checked", draft.tenant_id, draft.review_key, draft_changed(after, "pending_check"))
    return decided


async def expire_drafts(uow: ResponderUnitOfWork, now: datetime) -> int:
    """Buyer messages cannot be sent 30 days after order completion (policy.md): they expire."""
    expired = await uow.drafts.expire_messages(now)
    for draft, before in expired:
        await uow.drafts.audit(draft.id, draft.tenant_id, SERVICE_PRINCIPAL, "expired", {"state": before}, draft)
        await uow.publish("draft.expired", draft.tenant_id, draft.review_key, draft_changed(draft, before))
    return len(expired)
