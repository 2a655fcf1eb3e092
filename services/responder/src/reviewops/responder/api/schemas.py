"""The responder's REST models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from reviewops.common.api.fields import StoredText


class QueueItem(BaseModel):
    id: uuid.UUID
    review_key: str
    marketplace: str
    kind: str
    external_id: str
    asin: str | None
    channel: str
    state: str
    language: str
    cause: str
    rating: int
    priority: int = Field(description="Priority bucket fixed at creation; lower is more urgent")
    policy_version: str | None
    due_at: datetime


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class DraftRead(QueueItem):
    text: str | None
    violations: list[dict[str, Any]]
    unchecked: list[str]
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


class DraftEdit(BaseModel):
    """A human edit of a draft's text."""

    model_config = ConfigDict(extra="forbid")
    text: StoredText = Field(min_length=1, max_length=10_000)
