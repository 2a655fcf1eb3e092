"""The responder's commands from people: edit, approve, reject and mark sent (DESIGN.md: Draft lifecycle),
and the workbench's assign, note and bulk (DESIGN.md: Queue and workbench).

Fail closed: an edit and an approval are checked by compliance before anything is saved; when
compliance cannot be reached they fail with 503 and change nothing. Approval always checks
again, so an approved draft carries a passing verdict of the policy version current at approval.
Each command reads in one unit of work, checks (an HTTP call) outside any, and saves in another,
so it takes the unit-of-work factory (through ResponderDependencies).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from reviewops.common.errors import Conflict, DomainError, FieldError, NotFound, Unprocessable
from reviewops.responder.adapters.unit_of_work import ResponderUnitOfWork
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.domain.checking import CheckOutcome
from reviewops.responder.domain.drafts import Draft, draft_changed, draft_check_request
from reviewops.responder.domain.lifecycle import OPEN_STATES, TASK_CHANNELS, can_approve, can_edit, can_move
from reviewops.responder.domain.queue import Note
from reviewops.responder.domain.settings import TenantSettings


async def _load(dependencies: ResponderDependencies, tenant_id: str, draft_id: uuid.UUID) -> Draft:
    async with dependencies.unit_of_work() as uow:
        draft = await uow.drafts.get(tenant_id, draft_id)
    if draft is None:
        raise NotFound("No draft with this id for this tenant.")
    return draft


async def _check(dependencies: ResponderDependencies, draft: Draft, text: str) -> CheckOutcome:
    """Fail closed: unreachable compliance raises DependencyUnavailable (503), nothing saved."""
    [outcome] = await dependencies.compliance.check(draft.tenant_id, [draft_check_request(draft, text)])
    return outcome


async def _save(dependencies: ResponderDependencies, draft: Draft, change: str, principal: str,
                audit_details: dict[str, Any] | None = None, **values: Any) -> Draft:
    """Apply a change if the draft is still in the state it was read in; audit and publish it."""
    async with dependencies.unit_of_work() as uow:
        after = await uow.drafts.update(draft.id, draft.state, **values)
        if after is None:
            raise Conflict("The draft changed meanwhile; read it again.")
        await uow.drafts.audit(draft.id, draft.tenant_id, principal, change, draft, after, **(audit_details or {}))
        event = "draft.checked" if change == "blocked" else f"draft.{change}"
        await uow.publish(event, draft.tenant_id, draft.review_key, draft_changed(after, draft.state, principal))
    return after


def _violations(outcome: CheckOutcome) -> dict[str, Any]:
    return {"violations": outcome.violations, "policy_version": outcome.policy_version}


async def edit_draft(dependencies: ResponderDependencies, tenant_id: str, draft_id: uuid.UUID, text: str,
                     principal: str) -> Draft:
    """Replace a draft's text; saved only if it passes its check (422 with the violations otherwise)."""
    draft = await _load(dependencies, tenant_id, draft_id)
    if draft.channel in TASK_CHANNELS:
        raise Conflict("A task carries no text to edit.")
    if not can_edit(draft.state):
        raise Conflict(f"A draft in state {draft.state!r} cannot be edited.")
    outcome = await _check(dependencies, draft, text)
    if not outcome.allowed:
        raise Unprocessable(
            "The edited text breaks policy; nothing was saved.",
            [FieldError("text", f"{v['rule']}: {v['message']}") for v in outcome.violations],
        ).with_extensions(**_violations(outcome))
    return await _save(dependencies, draft, "updated", principal, text=text, state="ready",
                       policy_version=outcome.policy_version, violations=[], unchecked=outcome.unchecked)


async def approve_draft(dependencies: ResponderDependencies, tenant_id: str, draft_id: uuid.UUID,
                        principal: str) -> Draft:
    """Approve a ready draft after checking it again; if it fails now it becomes blocked (409)."""
    draft = await _load(dependencies, tenant_id, draft_id)
    if draft.channel in TASK_CHANNELS:
        raise Conflict("A task needs no approval; mark it sent when it is done.")
    if not can_approve(draft.state):
        raise Conflict(f"Only a ready draft can be approved; this one is {draft.state!r}.")
    outcome = await _check(dependencies, draft, draft.text or "")
    if not outcome.allowed:
        await _save(dependencies, draft, "blocked", principal, state="blocked", policy_version=outcome.policy_version,
                    violations=outcome.violations, unchecked=outcome.unchecked)
        raise Conflict("The draft no longer passes the current policy; it is now blocked.", **_violations(outcome))
    return await _save(dependencies, draft, "approved", principal, state="approved",
                       policy_version=outcome.policy_version, violations=[], unchecked=outcome.unchecked)


async def move_draft(dependencies: ResponderDependencies, tenant_id: str, draft_id: uuid.UUID, target: str,
                     principal: str) -> Draft:
    """Reject, or mark sent: transitions that need no check (409 where the lifecycle forbids them)."""
    draft = await _load(dependencies, tenant_id, draft_id)
    if not can_move(draft.state, target, draft.channel):
        raise Conflict(f"A {draft.channel} draft in state {draft.state!r} cannot become {target!r}.")
    return await _save(dependencies, draft, target, principal, state=target)


async def reject_draft(dependencies: ResponderDependencies, tenant_id: str, draft_id: uuid.UUID,
                       reason: str | None, principal: str) -> Draft:
    """Reject a ready or blocked draft, with the agent's reason (kept in the audit trail) if given."""
    draft = await _load(dependencies, tenant_id, draft_id)
    if not can_move(draft.state, "rejected", draft.channel):
        raise Conflict(f"A {draft.channel} draft in state {draft.state!r} cannot become 'rejected'.")
    return await _save(dependencies, draft, "rejected", principal, {"reason": reason} if reason else None,
                       state="rejected")


async def assign_draft(uow: ResponderUnitOfWork, tenant_id: str, draft_id: uuid.UUID, assignee: str | None,
                       principal: str) -> Draft:
    """Give an open draft to a principal, or to nobody (None); audited here, not published."""
    draft = await uow.drafts.get(tenant_id, draft_id)
    if draft is None:
        raise NotFound("No draft with this id for this tenant.")
    after = await uow.drafts.assign(draft_id, assignee) if draft.state in OPEN_STATES else None
    if after is None:
        raise Conflict(f"A draft in state {draft.state!r} is closed and cannot be assigned.")
    await uow.drafts.audit(draft.id, tenant_id, principal, "assigned", draft, after, assignee=assignee)
    return after


async def note_draft(uow: ResponderUnitOfWork, tenant_id: str, draft_id: uuid.UUID, text: str,
                     principal: str) -> Note:
    """Add an agent's note to a draft in any state; audited here, not published."""
    draft = await uow.drafts.get(tenant_id, draft_id)
    if draft is None:
        raise NotFound("No draft with this id for this tenant.")
    note = await uow.drafts.add_note(draft_id, tenant_id, principal, text)
    await uow.drafts.audit(draft.id, tenant_id, principal, "noted", draft, draft, note_id=note.id)
    return note


BulkOutcome = Draft | DomainError


async def bulk_drafts(dependencies: ResponderDependencies, tenant_id: str, action: str, draft_ids: Sequence[uuid.UUID],
                      principal: str, reason: str | None = None, assignee: str | None = None) -> list[BulkOutcome]:
    """Run one action on each draft in turn, each exactly as its single endpoint would (its own
    reads, check and transaction), so one refusal never undoes or blocks the others; the draft
    after, or the error, for each id in order."""
    outcomes: list[BulkOutcome] = []
    for draft_id in draft_ids:
        try:
            if action == "approve":
                outcomes.append(await approve_draft(dependencies, tenant_id, draft_id, principal))
            elif action == "reject":
                outcomes.append(await reject_draft(dependencies, tenant_id, draft_id, reason, principal))
            elif action == "mark-sent":
                outcomes.append(await move_draft(dependencies, tenant_id, draft_id, "sent", principal))
            else:
                async with dependencies.unit_of_work() as uow:
                    outcomes.append(await assign_draft(uow, tenant_id, draft_id, assignee, principal))
        except DomainError as error:
            outcomes.append(error)
    return outcomes


async def save_templates(uow: ResponderUnitOfWork, tenant_id: str, items: Sequence[tuple[str, str, str, str]],
                         principal: str) -> None:
    """Save a tenant's (channel, language, part, template) overrides, all in one transaction."""
    await uow.templates.save(tenant_id, items, principal)


async def save_settings(uow: ResponderUnitOfWork, tenant_id: str, settings: TenantSettings, principal: str) -> None:
    """Replace a tenant's settings; the drafts made from now on use them."""
    await uow.settings.save(tenant_id, settings, principal)
