"""The responder's commands from people: edit, approve, reject and mark sent (DESIGN.md: Draft lifecycle).

Fail closed: an edit and an approval are checked by compliance before anything is saved; when
compliance cannot be reached they fail with 503 and change nothing. Approval always checks
again, so an approved draft carries a passing verdict of the policy version current at approval.
"""

from __future__ import annotations

import uuid
from typing import Any

from reviewops.common.errors import Conflict, FieldError, NotFound, Unprocessable
from reviewops.responder.adapters.compliance_client import CheckOutcome
from reviewops.responder.adapters.repository import DraftRepository
from reviewops.responder.domain.lifecycle import TASK_CHANNELS, can_move
from reviewops.responder.handlers import Responder, draft_event, stored_check_request


async def _load(responder: Responder, tenant_id: str, draft_id: uuid.UUID) -> Any:
    async with responder.runtime.unit_of_work() as uow:
        row = await DraftRepository(uow.session).get(tenant_id, draft_id)
    if row is None:
        raise NotFound("No draft with this id for this tenant.")
    return row


async def _check(responder: Responder, row: Any, text: str) -> CheckOutcome:
    """Fail closed: unreachable compliance raises DependencyUnavailable (503), nothing saved."""
    [outcome] = await responder.compliance.check(row.tenant_id, [stored_check_request(row, text)])
    return outcome


async def _save(responder: Responder, row: Any, change: str, principal: str, **values: Any) -> Any:
    """Apply a change if the draft is still in the state it was read in; audit and publish it."""
    async with responder.runtime.unit_of_work() as uow:
        repository = DraftRepository(uow.session)
        after = await repository.update(row.id, row.state, **values)
        if after is None:
            raise Conflict("The draft changed meanwhile; read it again.")
        await repository.audit(row.id, row.tenant_id, principal, change, row._mapping, after._mapping)
        event = "draft.checked" if change == "blocked" else f"draft.{change}"
        await uow.publish(event, row.tenant_id, row.review_key, draft_event(after, row.state, principal))
    return after


def _violations(outcome: CheckOutcome) -> dict[str, Any]:
    return {"violations": outcome.violations, "policy_version": outcome.policy_version}


async def edit_draft(responder: Responder, tenant_id: str, draft_id: uuid.UUID, text: str, principal: str) -> Any:
    """Replace a draft's text; saved only if it passes its check (422 with the violations otherwise)."""
    row = await _load(responder, tenant_id, draft_id)
    if row.channel in TASK_CHANNELS:
        raise Conflict("A task carries no text to edit.")
    if row.state not in ("ready", "blocked"):
        raise Conflict(f"A draft in state {row.state!r} cannot be edited.")
    outcome = await _check(responder, row, text)
    if not outcome.allowed:
        raise Unprocessable(
            "The edited text breaks policy; nothing was saved.",
            [FieldError("text", f"{v['rule']}: {v['message']}") for v in outcome.violations],
        ).with_extensions(**_violations(outcome))
    return await _save(responder, row, "updated", principal, text=text, state="ready",
                       policy_version=outcome.policy_version, violations=[], unchecked=outcome.unchecked)


async def approve_draft(responder: Responder, tenant_id: str, draft_id: uuid.UUID, principal: str) -> Any:
    """Approve a ready draft after checking it again; if it fails now it becomes blocked (409)."""
    row = await _load(responder, tenant_id, draft_id)
    if row.channel in TASK_CHANNELS:
        raise Conflict("A task needs no approval; mark it sent when it is done.")
    if row.state != "ready":
        raise Conflict(f"Only a ready draft can be approved; this one is {row.state!r}.")
    outcome = await _check(responder, row, row.text or "")
    if not outcome.allowed:
        await _save(responder, row, "blocked", principal, state="blocked", policy_version=outcome.policy_version,
                    violations=outcome.violations, unchecked=outcome.unchecked)
        raise Conflict("The draft no longer passes the current policy; it is now blocked.", **_violations(outcome))
    return await _save(responder, row, "approved", principal, state="approved",
                       policy_version=outcome.policy_version, violations=[], unchecked=outcome.unchecked)


async def move_draft(responder: Responder, tenant_id: str, draft_id: uuid.UUID, target: str, principal: str) -> Any:
    """Reject, or mark sent: transitions that need no check (409 where the lifecycle forbids them)."""
    row = await _load(responder, tenant_id, draft_id)
    if not can_move(row.state, target, row.channel):
        raise Conflict(f"A {row.channel} draft in state {row.state!r} cannot become {target!r}.")
    return await _save(responder, row, target, principal, state=target)
