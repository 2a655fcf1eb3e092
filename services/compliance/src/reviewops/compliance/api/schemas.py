"""Compliance's REST models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from reviewops.compliance.domain.catalogue import CHANNELS

CheckChannel = Literal[CHANNELS]  # type: ignore[valid-type]


class CheckContext(BaseModel):
    """What policy.md lets a check know; a hard limit whose context is missing is reported `unchecked`."""

    # Strict: `"false"` or `"1"` would be guessed at, and a guessed `opted_out` decides what may be sent.
    model_config = ConfigDict(extra="forbid")
    review_kind: Literal["product_review", "seller_feedback"] | None = None
    resolved: StrictBool | None = None
    rating: StrictInt | None = Field(default=None, ge=1, le=5)
    evidence: list[str] | None = None
    message_type: str | None = None
    buyer_language: str | None = None
    buyer_name: str | None = None
    order_id: str | None = None
    order_completed_at: datetime | None = None
    delivered_at: datetime | None = None
    opted_out: StrictBool | None = None
    review_request_sent: StrictBool | None = None
    removal_note_sent: StrictBool | None = None


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=100_000)
    channel: CheckChannel
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    context: CheckContext = Field(default_factory=CheckContext)


class ViolationRead(BaseModel):
    rule: str
    field: Literal["text"] = "text"
    start: int
    end: int
    text: str
    message: str = Field(description="What the rule catches, in English")
    reason: str = Field(default="", description="Why this message breaks the rule, in the message's language")
    fix: str = Field(default="", description="What to change, in the message's language")


class CheckResultRead(BaseModel):
    allowed: bool
    policy_version: str
    language: str
    violations: list[ViolationRead]
    unchecked: list[str]


class RuleRead(BaseModel):
    id: str
    kind: str
    description: str
    applies_to: list[str]
    source: str
    version: str


class PolicyRead(BaseModel):
    policy_version: str
    rules: list[RuleRead]
