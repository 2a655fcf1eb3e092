"""The responder's REST routes: the response queue."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import Marketplace, StoredText
from reviewops.common.api.problems import domain_problem, problem_responses
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import DomainError, FieldError, NotFound, Unprocessable
from reviewops.common.events.payloads import DraftState
from reviewops.responder.api.deps import ResponderDep
from reviewops.responder.api.schemas import (
    Assignment,
    BulkRequest,
    BulkResult,
    BulkResults,
    DraftEdit,
    DraftRead,
    NoteRead,
    NoteWrite,
    ProductList,
    ProductRead,
    QueueItem,
    QueuePage,
    Rejection,
)
from reviewops.responder.commands import (
    approve_draft,
    assign_draft,
    bulk_drafts,
    edit_draft,
    move_draft,
    note_draft,
    reject_draft,
)
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.domain.drafts import Draft, agent_notes, draft_check_request
from reviewops.responder.domain.queue import BULK_LIMIT, HistoryEntry, Note, QueueFilter
from reviewops.responder.queries import queued_products, read_draft_record, read_queue

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
_ASSIGN_PROBLEMS = problem_responses(409, descriptions={409: "The draft is closed (sent, rejected, withdrawn, "
                                                             "superseded or expired)"})
_BULK_PROBLEMS = problem_responses(413, descriptions={413: f"More than {BULK_LIMIT} ids"})


def draft_read(draft: Draft, notes: list[Note] | None = None, history: list[HistoryEntry] | None = None) -> DraftRead:
    """A stored draft as the API shows it, with the context its text is checked in, its notes and history."""
    return DraftRead.model_validate({
        **vars(draft), "check_context": draft_check_request(draft).context,
        "notes": [vars(note) for note in notes or []], "history": [vars(entry) for entry in history or []],
        "agent_notes": agent_notes(draft),
    })


async def _answer(dependencies: ResponderDependencies, draft: Draft) -> DraftRead:
    """A changed draft as its endpoint answers it: like GET /v1/drafts/{id}, with notes and history."""
    async with dependencies.unit_of_work() as uow:
        record = await read_draft_record(uow, draft.tenant_id, draft.id)
    return draft_read(*record) if record is not None else draft_read(draft)


def _encode_cursor(item: QueueItem) -> str:
    raw = json.dumps([item.due_at.isoformat(), item.priority, str(item.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int, uuid.UUID]:
    try:
        due_at, priority, draft_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return datetime.fromisoformat(due_at), int(priority), uuid.UUID(draft_id)
    except (ValueError, TypeError, binascii.Error):
        raise Unprocessable("The cursor is not one this API gave.",
                            [FieldError("cursor", "not a cursor returned by GET /v1/queue")]) from None


@router.get("/queue", response_model=QueuePage,
            summary="The response queue, earliest due (so overdue) first, filtered, with cursor pagination")
async def list_queue(
    dependencies: ResponderDep,
    scoped: QueueReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
    state: Annotated[list[DraftState] | None, Query()] = None,
    cause: Annotated[list[StoredText] | None, Query()] = None,
    channel: Annotated[list[StoredText] | None, Query()] = None,
    asin: StoredText | None = None,
    marketplace: Marketplace | None = None,
    language: StoredText | None = None,
    overdue: bool | None = None,
    q: Annotated[StoredText | None, Query(min_length=1, max_length=200,
                                          description="An order id, external id or ASIN, or words of the "
                                                      "review or draft")] = None,
    assignee: Annotated[StoredText | None, Query(min_length=1, max_length=200,
                                                 description="`me`, `none` or a principal id")] = None,
    include_closed: Annotated[bool, Query(description="List sent, rejected, withdrawn, superseded and "
                                                      "expired items too (always when `state` names them)")] = False,
) -> QueuePage:
    """Ordered by due time (the end of the 24-hour response target, so every overdue item first), then
    priority bucket, then id. Closed items are left out unless `include_closed` or `state` asks for them."""
    caller, tenant_id = scoped
    wanted = QueueFilter(
        tenant_id,
        states=state or (),
        causes=cause or (),
        channels=channel or (),
        asin=asin,
        marketplace=marketplace,
        language=language,
        overdue_at=datetime.now(UTC) if overdue else None,
        search=(q.strip() or None) if q else None,
        assignee=caller.principal if assignee == "me" else None if assignee == "none" else assignee,
        unassigned=assignee == "none",
        include_closed=include_closed,
        after=_decode_cursor(cursor) if cursor else None,
    )
    async with dependencies.unit_of_work() as uow:
        entries = await read_queue(uow, wanted, limit + 1)
    items = [QueueItem.model_validate(vars(entry)) for entry in entries[:limit]]
    next_cursor = _encode_cursor(items[-1]) if len(entries) > limit else None
    return QueuePage(items=items, next_cursor=next_cursor)


@router.get("/queue/asins", response_model=ProductList,
            summary="The tenant's ASINs that have queue items, for the console's root-cause picker")
async def list_queued_asins(dependencies: ResponderDep, scoped: QueueReader) -> ProductList:
    """Every marketplace and ASIN of the tenant's queue items (any state), most open items first."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        found = await queued_products(uow, tenant_id)
    return ProductList(items=[ProductRead.model_validate(vars(product)) for product in found])


@router.get("/drafts/{draft_id}", response_model=DraftRead,
            summary="One draft with its text, violations, review and classification")
async def get_draft(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueReader) -> DraftRead:
    """The draft with its text, violations, review and classification."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        record = await read_draft_record(uow, tenant_id, draft_id)
    if record is None:
        raise NotFound("No draft with this id for this tenant.")
    return draft_read(*record)


@router.patch("/drafts/{draft_id}", response_model=DraftRead, responses=_EDIT_PROBLEMS,
              summary="Edit a draft's text; saved only if it passes its compliance check")
async def patch_draft(draft_id: uuid.UUID, edit: DraftEdit, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    return await _answer(dependencies, await edit_draft(dependencies, tenant_id, draft_id, edit.text, caller.principal))


@router.post("/drafts/{draft_id}:approve", response_model=DraftRead, responses=_APPROVE_PROBLEMS,
             summary="Approve a ready draft; it is checked again under the current policy first")
async def approve(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    return await _answer(dependencies, await approve_draft(dependencies, tenant_id, draft_id, caller.principal))


@router.post("/drafts/{draft_id}:reject", response_model=DraftRead, responses=_MOVE_PROBLEMS,
             summary="Reject a ready or blocked draft, with an optional reason")
async def reject(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter,
                 rejection: Annotated[Rejection | None, Body()] = None) -> DraftRead:
    caller, tenant_id = scoped
    reason = rejection.reason if rejection else None
    return await _answer(dependencies, await reject_draft(dependencies, tenant_id, draft_id, reason, caller.principal))


@router.post("/drafts/{draft_id}:mark-sent", response_model=DraftRead, responses=_MOVE_PROBLEMS,
             summary="Mark an approved draft, or a ready task, as sent")
async def mark_sent(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter) -> DraftRead:
    caller, tenant_id = scoped
    return await _answer(dependencies, await move_draft(dependencies, tenant_id, draft_id, "sent", caller.principal))


def _assignee(assignment: Assignment | None, caller: Caller) -> str | None:
    """Omitted: the caller; null: nobody; else the principal named."""
    if assignment is None or "assignee" not in assignment.model_fields_set:
        return caller.principal
    return assignment.assignee


@router.post("/drafts/{draft_id}:assign", response_model=DraftRead, responses=_ASSIGN_PROBLEMS,
             summary="Assign an open draft to a principal (omitted: the caller; null: release it)")
async def assign(draft_id: uuid.UUID, dependencies: ResponderDep, scoped: QueueWriter,
                 assignment: Annotated[Assignment | None, Body()] = None) -> DraftRead:
    """Audited in the responder's trail, not published."""
    caller, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        draft = await assign_draft(uow, tenant_id, draft_id, _assignee(assignment, caller), caller.principal)
    return await _answer(dependencies, draft)


@router.post("/drafts/{draft_id}/notes", response_model=NoteRead, status_code=201,
             summary="Add a note (at most 2,000 characters) to a draft")
async def add_note(draft_id: uuid.UUID, note: NoteWrite, dependencies: ResponderDep, scoped: QueueWriter) -> NoteRead:
    """Notes come back in GET /v1/drafts/{id} with author and time; audited, not published."""
    caller, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        stored = await note_draft(uow, tenant_id, draft_id, note.text, caller.principal)
    return NoteRead.model_validate(vars(stored))


@router.post("/drafts:bulk", response_model=BulkResults, responses=_BULK_PROBLEMS,
             summary="Approve, reject, mark sent or assign up to 100 drafts, each as its own endpoint would")
async def bulk(request: BulkRequest, dependencies: ResponderDep, scoped: QueueWriter) -> BulkResults:
    """Each result carries the status, and the draft or the problem, that its single endpoint would answer."""
    caller, tenant_id = scoped
    if len(request.ids) > BULK_LIMIT:
        raise DomainError(title="Content Too Large", status=413,
                          detail=f"At most {BULK_LIMIT} ids per request; this one has {len(request.ids)}.")
    assignee = request.assignee if "assignee" in request.model_fields_set else caller.principal
    outcomes = await bulk_drafts(dependencies, tenant_id, request.action, request.ids, caller.principal,
                                 reason=request.reason, assignee=assignee)
    results = []
    for draft_id, outcome in zip(request.ids, outcomes, strict=True):
        if isinstance(outcome, DomainError):
            results.append(BulkResult(id=draft_id, status=outcome.status, problem=domain_problem(outcome)))
        else:
            results.append(BulkResult(id=draft_id, status=200, draft=await _answer(dependencies, outcome)))
    return BulkResults(results=results)
