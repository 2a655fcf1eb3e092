"""The responder's REST routes: the response queue."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import StoredText
from reviewops.common.api.problems import problem_responses
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import FieldError, NotFound, Unprocessable
from reviewops.common.events.payloads import DraftState
from reviewops.responder.api.deps import ResponderDep
from reviewops.responder.api.schemas import DraftEdit, DraftRead, QueueItem, QueuePage
from reviewops.responder.commands import approve_draft, edit_draft, move_draft
from reviewops.responder.domain.drafts import Draft, agent_notes, draft_check_request
from reviewops.responder.domain.queue import QueueFilter
from reviewops.responder.queries import read_draft, read_queue

router = APIRouter(prefix="/v1", tags=["queue"])
QueueReader = Annotated[tuple[Caller, str], Depends(tenant_scoped("queue:read"))]  # the caller and its tenant
QueueWriter = Annotated[tuple[Caller, str], Depends(tenant_scoped("queue:write"))]
_COMPLIANCE_DOWN = "Compliance cannot be reached: nothing was saved; retry after Retry-After"
_EDIT_PROBLEMS = problem_responses(409, 422, 503, descriptions={
    409: "The lifecycle does not allow an edit in this state",
    422: "Invalid fields, or an edit that still breaks policy: `violations` lists why; nothing was saved",
    503: _COMPLIANCE_DOWN,
})
_APPROVE_PROBLEMS = problem_responses(409, 503, descriptions={
    409: "The lifecycle does not allow this now, or the re-check failed: the draft is blocked and "
         "`violations` lists why",
    503: _COMPLIANCE_DOWN,
})
_MOVE_PROBLEMS = problem_responses(409, descriptions={409: "The lifecycle does not allow this now"})


def draft_read(draft: Draft) -> DraftRead:
    """A stored draft as the API shows it, with the context its text is checked in."""
    return DraftRead.model_validate({**vars(draft), "check_context": draft_check_request(draft).context,
                                     "agent_notes": agent_notes(draft)})


def _encode_cursor(item: QueueItem) -> str:
    raw = json.dumps([item.priority, item.due_at.isoformat(), str(item.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, datetime, uuid.UUID]:
    try:
        priority, due_at, draft_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return int(priority), datetime.fromisoformat(due_at), uuid.UUID(draft_id)
    except (ValueError, TypeError, binascii.Error):
        raise Unprocessable("The cursor is not one this API gave.",
                            [FieldError("cursor", "not a cursor returned by GET /v1/queue")]) from None


@router.get("/queue", response_model=QueuePage,
            summary="The response queue in priority order, filtered, with cursor pagination")
async def list_queue(
    dependencies: ResponderDep,
    scoped: QueueReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
    state: Annotated[list[DraftState] | None, Query()] = None,
    cause: Annotated[list[StoredText] | None, Query()] = None,
    channel: Annotated[list[StoredText] | None, Query()] = None,
    asin: StoredText | None = None,
    marketplace: StoredText | None = None,
    language: StoredText | None = None,
    overdue: bool | None = None,
) -> QueuePage:
    """Ordered by priority bucket, then due time (the 24-hour response target), then id."""
    _, tenant_id = scoped
    wanted = QueueFilter(
        tenant_id,
        states=state or (),
        causes=cause or (),
        channels=channel or (),
        asin=asin,
        marketplace=marketplace,
        language=language,
        overdue_at=datetime.now(UTC) if overdue else None,
        after=_decode_cursor(cursor) if cursor else None,
    )
    async with dependencies.unit_of_work() as uow:
        entries = await read_queue(uow, wanted, limit + 1)
    items = [QueueItem.model_validate(vars(entry)) for entry in entries[:limit]]
    next_cursor = _encode_cursor(items[-1]) if len(entries) > limit else None
    return QueuePage(items=items, next_cursor=next_cursor)


@router.get("/drafts/{draft_id}", response_model=DraftRead,
            summary="One draft with its text, violations, review and classification")
async def get_draft(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueReader) -> DraftRead:
    """The draft with its text, violations, review and classification."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        draft = await read_draft(uow, tenant_id, draft_id)
    if draft is None:
        raise NotFound("No draft with this id for this tenant.")
    return draft_read(draft)


@router.patch("/drafts/{draft_id}", response_model=DraftRead, responses=_EDIT_PROBLEMS,
              summary="Edit a draft's text; saved only if it passes its compliance check")
async def patch_draft(draft_id: uuid.UUID, edit: DraftEdit, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    row = await edit_draft(dependencies, tenant_id, draft_id, edit.text, caller.principal)
    return draft_read(row)


@router.post("/drafts/{draft_id}:approve", response_model=DraftRead, responses=_APPROVE_PROBLEMS,
             summary="Approve a ready draft; it is checked again under the current policy first")
async def approve(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    return draft_read(await approve_draft(dependencies, tenant_id, draft_id, caller.principal))


@router.post("/drafts/{draft_id}:reject", response_model=DraftRead, responses=_MOVE_PROBLEMS,
             summary="Reject a ready or blocked draft")
async def reject(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    row = await move_draft(dependencies, tenant_id, draft_id, "rejected", caller.principal)
    return draft_read(row)


@router.post("/drafts/{draft_id}:mark-sent", response_model=DraftRead, responses=_MOVE_PROBLEMS,
             summary="Mark an approved draft, or a ready task, as sent")
async def mark_sent(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    row = await move_draft(dependencies, tenant_id, draft_id, "sent", caller.principal)
    return draft_read(row)
