"""The responder's use cases: drafts from gated reviews, and checks of drafts still pending."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta
from dataclasses import dataclass
from typing import Any

from reviewops.common.api.app import Runtime
from reviewops.common.db.uow import UnitOfWork
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import DraftChanged, ReviewGated, ReviewSnapshot
from reviewops.responder.adapters.compliance_client import CheckOutcome, CheckRequest, ComplianceClient, ServiceClient
from reviewops.responder.adapters.repository import DraftRepository, TemplateRepository, audit_entry
from reviewops.responder.domain.drafts import (
    DraftPlan,
    check_context,
    plan_drafts,
    state_after_check,
    wants_drafts,
)
from reviewops.responder.domain.templates import TemplateBook

log = logging.getLogger(__name__)

CONSUMER = "responder"
MESSAGING_WINDOW = timedelta(days=30)
SERVICE_PRINCIPAL = "responder"


@dataclass
class Responder:
    """The responder's dependencies, built once by the bootstrap."""

    runtime: Runtime
    compliance: ComplianceClient
    classifier: ServiceClient
    templates: TemplateBook


def _trace_id(event: Event) -> str | None:
    parts = event.trace_carrier.get("traceparent", "").split("-")
    return parts[1] if len(parts) == 4 else None


def draft_event(row: Any, previous_state: str | None = None, principal: str | None = None) -> DraftChanged:
    return DraftChanged(
        draft_id=row.id,
        review_key=row.review_key,
        review_version=row.review_version,
        channel=row.channel,
        state=row.state,
        previous_state=previous_state,
        policy_version=row.policy_version,
        language=row.language,
        cause=row.cause,
        principal=principal,
    )


def stored_check_request(row: Any, text: str | None = None) -> CheckRequest:
    """The check of a stored draft's text (or of a proposed `text` for it), in the draft's context."""
    review = ReviewSnapshot.model_validate(row.review)
    return CheckRequest(row.text or "" if text is None else text, row.channel, row.language,
                        check_context(review, row.language, row.evidence))


async def draft_gated(responder: Responder, events: list[Event[ReviewGated]]) -> None:
    """Make the queue items of each gated review version, checked; retire the drafts of older versions."""
    async with responder.runtime.unit_of_work() as uow:
        overrides = await TemplateRepository(uow.session).overrides(sorted({e.tenant_id for e in events}))
    books = {tenant: responder.templates.with_overrides(found) for tenant, found in overrides.items()}
    plans = {event.event_id: plan_drafts(event.payload, books.get(event.tenant_id, responder.templates))
             for event in events}
    # Checks are HTTP calls: they happen before the transaction, never inside it.
    work = [(event.payload, plan) for event in events for plan in plans[event.event_id] if plan.needs_check]
    outcomes = await responder.compliance.check_batched([
        (gated.review.tenant_id,
         CheckRequest(plan.text or "", plan.channel, plan.language,
                      check_context(gated.review, plan.language, plan.evidence)))
        for gated, plan in work
    ])
    outcome_of = {id(plan): outcomes.get(index) for index, (_, plan) in enumerate(work)}
    async with responder.runtime.unit_of_work() as uow:
        claimed = await uow.claim(CONSUMER, events)
        planned = {event.event_id: [(plan, outcome_of.get(id(plan))) for plan in plans[event.event_id]]
                   for event in claimed}
        for wave in _waves(claimed):
            await _apply(uow, wave, planned)


def _waves(events: list[Event[ReviewGated]]) -> list[list[Event[ReviewGated]]]:
    """The events in batch order, split so that no wave has two of one review: each wave is
    applied with a few set-wide statements, and a review's versions still apply one after another."""
    waves: list[list[Event[ReviewGated]]] = []
    seen: dict[str, int] = {}
    for event in events:
        key = event.payload.review.review_key
        index = seen.get(key, 0)
        seen[key] = index + 1
        if index == len(waves):
            waves.append([])
        waves[index].append(event)
    return waves


async def _apply(uow: UnitOfWork, events: list[Event[ReviewGated]],
                 planned: dict[uuid.UUID, list[tuple[DraftPlan, CheckOutcome | None]]]) -> None:
    """For each gated review version (one per review): retire the open drafts of older versions,
    make the new version the head, and insert its drafts; a version older than the head is late
    and changes nothing. Locks the heads first, in key order."""
    repository = DraftRepository(uow.session)
    heads = await repository.lock_heads([event.payload.review.review_key for event in events])
    current = [event for event in events
               if heads.get(event.payload.review.review_key, 0) < event.payload.review.version]
    if not current:
        return
    version_of = {event.payload.review.review_key: event.payload.review.version for event in current}
    event_of = {event.payload.review.review_key: event for event in current}
    retiring: dict[str, list[Any]] = {"superseded": [], "withdrawn": []}
    for row in await repository.open_drafts_of(list(version_of)):
        if row.review_version < version_of[row.review_key]:
            retiring["superseded" if wants_drafts(event_of[row.review_key].payload) else "withdrawn"].append(row)
    audits = []
    for retire_to, rows in retiring.items():
        if not rows:
            continue
        before = {row.id: row for row in rows}
        for after in await repository.retire(list(before), retire_to):
            row, event = before[after.id], event_of[after.review_key]
            audits.append(audit_entry(row.id, row.tenant_id, SERVICE_PRINCIPAL, retire_to, row._mapping,
                                      after._mapping))
            await uow.publish(f"draft.{retire_to}", row.tenant_id, row.review_key, draft_event(after, row.state),
                              caused_by=event)
    await repository.set_heads([dict(review_key=key, tenant_id=event_of[key].payload.review.tenant_id,
                                     latest_version=version) for key, version in version_of.items()])
    values = [(event, _draft_values(event, event.payload.review, plan, outcome,
                                    event.payload.verdict.policy_version))
              for event in current for plan, outcome in planned[event.event_id]]
    inserted = await repository.insert_many([draft for _, draft in values]) if values else {}
    for event, draft in values:
        row = inserted.get(draft["id"])
        if row is not None:
            audits.append(audit_entry(row.id, row.tenant_id, SERVICE_PRINCIPAL, "created", None, row._mapping))
            await uow.publish("draft.created", row.tenant_id, row.review_key, draft_event(row), caused_by=event)
    await repository.audit_many(audits)


def _draft_values(event: Event, review: ReviewSnapshot, plan: DraftPlan, outcome: CheckOutcome | None,
                  verdict_policy: str) -> dict[str, Any]:
    if not plan.needs_check:
        state, policy_version, violations, unchecked = "ready", verdict_policy, [], []
    elif outcome is None:
        state, policy_version, violations, unchecked = "pending_check", None, [], []
    else:
        state = state_after_check(outcome.allowed)
        policy_version, violations, unchecked = outcome.policy_version, outcome.violations, outcome.unchecked
    return dict(
        id=uuid.uuid4(),
        tenant_id=review.tenant_id,
        review_key=review.review_key,
        review_version=review.version,
        channel=plan.channel,
        state=state,
        text=plan.text,
        violations=violations,
        unchecked=unchecked,
        policy_version=policy_version,
        evidence=plan.evidence,
        action=plan.action.model_dump(mode="json"),
        language=plan.language,
        cause=plan.cause,
        marketplace=review.marketplace,
        kind=review.kind,
        external_id=review.external_id,
        asin=review.asin,
        rating=review.rating,
        priority=plan.priority,
        due_at=plan.due_at,
        review=review.model_dump(mode="json"),
        classification=event.payload.classification.model_dump(mode="json"),
        trace_id=_trace_id(event),
    )


async def recheck_pending(responder: Responder, limit: int = 100) -> int:
    """Check drafts left pending while compliance was unreachable; returns how many were decided."""
    async with responder.runtime.unit_of_work() as uow:
        pending = await DraftRepository(uow.session).pending_checks(limit)
    if not pending:
        return 0
    outcomes = await responder.compliance.check_batched([(row.tenant_id, stored_check_request(row)) for row in pending])
    decided = 0
    async with responder.runtime.unit_of_work() as uow:
        repository = DraftRepository(uow.session)
        for index, outcome in outcomes.items():
            row = pending[index]
            after = await repository.update(
                row.id, "pending_check", state=state_after_check(outcome.allowed),
                policy_version=outcome.policy_version, violations=outcome.violations, unchecked=outcome.unchecked,
            )
            if after is None:
                continue  # retired or decided meanwhile
            decided += 1
            await repository.audit(row.id, row.tenant_id, SERVICE_PRINCIPAL, "checked", row._mapping, after._mapping)
            await uow.publish("draft.checked", row.tenant_id, row.review_key, draft_event(after, "pending_check"))
    return decided


async def expire_drafts(responder: Responder, now: datetime) -> int:
    """Buyer messages cannot be sent 30 days after order completion (policy.md): they expire."""
    async with responder.runtime.unit_of_work() as uow:
        repository = DraftRepository(uow.session)
        expired = await repository.expire_buyer_messages(now, MESSAGING_WINDOW)
        for row, before in expired:
            await repository.audit(row.id, row.tenant_id, SERVICE_PRINCIPAL, "expired", {"state": before},
                                   row._mapping)
            await uow.publish("draft.expired", row.tenant_id, row.review_key, draft_event(row, before))
    return len(expired)


async def recheck_loop(responder: Responder, interval: float, stopping: asyncio.Event) -> None:
    """Until the service stops: check drafts left pending, and expire buyer messages past their window."""
    while not stopping.is_set():
        try:
            await recheck_pending(responder)
            await expire_drafts(responder, datetime.now(UTC))
        except Exception as error:
            log.warning("periodic draft upkeep failed", extra={"error_type": type(error).__name__})
        try:
            await asyncio.wait_for(stopping.wait(), timeout=interval)
        except TimeoutError:
            pass
