"""The responder's REST models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reviewops.common.api.fields import StoredText
from reviewops.responder.domain.queue import NOTE_LENGTH

PrincipalId = StoredText


class QueueItem(BaseModel):
    id: uuid.UUID
    review_key: str
    marketplace: str
    kind: str
    external_id: str
    asin: str | None
    product_title: str | None = Field(description="The review's product title, when the review carried one")
    channel: str
    state: str
    language: str
    cause: str
    needs_review: bool = Field(description="The classifier asked a person to confirm the cause")
    rating: int
    snippet: str = Field(description="The first 160 characters of the review's body")
    review_created_at: datetime = Field(description="When the review was written: the 24-hour clock starts here")
    assignee: str | None = Field(description="The principal working on this item; null when nobody is")
    unchecked: list[str] = Field(description="Hard limits the check could not evaluate (missing context): "
                                             "a person must confirm them")
    priority: int = Field(description="Priority bucket fixed at creation; lower is more urgent (breaks ties "
                                      "between equal due times)")
    policy_version: str | None
    due_at: datetime = Field(description="The end of the 24-hour response target; the queue is ordered by it")


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class ProductRead(BaseModel):
    marketplace: str
    asin: str
    product_title: str | None
    reviews: int = Field(description="Reviews with queue items for this ASIN")
    open_items: int = Field(description="Open queue items (pending_check, blocked, ready, approved)")


class ProductList(BaseModel):
    items: list[ProductRead] = Field(description="Most open items first")


class NoteRead(BaseModel):
    id: int
    author: str = Field(description="The principal who wrote the note")
    text: str
    created_at: datetime


class HistoryRead(BaseModel):
    change: str = Field(description="created, checked, blocked, updated (an edit), approved, rejected, sent, "
                                    "assigned, noted, superseded, withdrawn or expired")
    principal: str = Field(description="Who made the change; the responder's own principal for its own")
    at: datetime
    state_before: str | None
    state_after: str | None
    details: dict[str, Any] = Field(description="`reason` of a rejection, `assignee` after an assignment, "
                                                "`note_id` of a note")


class DraftRead(QueueItem):
    text: str | None
    violations: list[dict[str, Any]]
    evidence: list[str]
    action: dict[str, Any]
    review: dict[str, Any]
    classification: dict[str, Any]
    trace_id: str | None
    created_at: datetime
    updated_at: datetime
    agent_notes: list[dict[str, str]] = Field(
        default_factory=list,
        description="For the agent, not the buyer: `needs_review` (the cause is uncertain), `no_aspect` "
                    "(the draft could name no specific problem)")
    check_context: dict[str, Any] = Field(
        default_factory=dict, description="The context this draft's text is checked with (for the console)"
    )
    notes: list[NoteRead] = Field(default_factory=list, description="Agents' notes, oldest first")
    history: list[HistoryRead] = Field(default_factory=list, description="Who did what, oldest first")


class DraftEdit(BaseModel):
    """A human edit of a draft's text."""

    model_config = ConfigDict(extra="forbid")
    text: StoredText = Field(min_length=1, max_length=10_000)


class Rejection(BaseModel):
    """Why a draft is rejected (optional)."""

    model_config = ConfigDict(extra="forbid")
    reason: StoredText | None = Field(default=None, max_length=NOTE_LENGTH)


class Assignment(BaseModel):
    """Who takes the draft: a principal id; null releases it; omitted, the caller."""

    model_config = ConfigDict(extra="forbid")
    assignee: PrincipalId | None = Field(default=None, min_length=1, max_length=200)


class NoteWrite(BaseModel):
    """An agent's note on a draft."""

    model_config = ConfigDict(extra="forbid")
    text: StoredText = Field(min_length=1, max_length=NOTE_LENGTH)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("a note needs some text, not only spaces")
        return text


class BulkRequest(BaseModel):
    """One action on up to 100 drafts."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["approve", "reject", "mark-sent", "assign"]
    ids: list[uuid.UUID] = Field(min_length=1, description="At most 100 draft ids (more: 413)")
    reason: StoredText | None = Field(default=None, max_length=NOTE_LENGTH, description="For `reject`")
    assignee: PrincipalId | None = Field(default=None, min_length=1, max_length=200,
                                         description="For `assign`: null releases; omitted, the caller")


class BulkResult(BaseModel):
    id: uuid.UUID
    status: int = Field(description="The status its single endpoint would have answered")
    draft: DraftRead | None = Field(default=None, description="The draft after, when status is 200")
    problem: dict[str, Any] | None = Field(default=None, description="The problem document, when it failed")


class BulkResults(BaseModel):
    results: list[BulkResult]
