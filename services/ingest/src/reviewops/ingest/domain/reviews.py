"""Review identity, content hashing and the version decision (DESIGN.md: Review identity and versions).

Pure: no I/O, no framework.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class IngestResult(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    STALE = "stale"


@dataclass(frozen=True)
class Submission:
    """A review as a partner submitted it, already validated at the edge."""

    marketplace: str
    kind: str
    external_id: str
    rating: int
    body: str
    created_at: datetime
    title: str = ""
    asin: str | None = None
    order_id: str | None = None
    fulfillment: str | None = None
    updated_at: datetime | None = None
    deleted: bool = False
    language: str | None = None
    verified_purchase: bool | None = None
    order_completed_at: datetime | None = None

    @property
    def effective_updated_at(self) -> datetime:
        """The marketplace's last edit time; a submission without one was never edited."""
        return self.updated_at or self.created_at


@dataclass(frozen=True)
class CurrentVersion:
    """What decides the fate of the next submission: the current version's hash, time and number."""

    version: int
    content_hash: str
    updated_at: datetime


@dataclass(frozen=True)
class Decision:
    result: IngestResult
    version: int | None  # the new current version number; None for duplicate and stale


def review_key(tenant_id: str, submission: Submission) -> str:
    return f"{tenant_id}:{submission.marketplace}:{submission.kind}:{submission.external_id}"


def content_hash(submission: Submission) -> str:
    """Covers rating, title, body and deleted: what makes a version different to a reader."""
    canonical = json.dumps(
        [submission.rating, submission.title, submission.body, submission.deleted], ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def decide(current: CurrentVersion | None, submission: Submission) -> Decision:
    """What a submission is, compared with the current version."""
    if current is None:
        return Decision(IngestResult.CREATED, 1)
    if content_hash(submission) == current.content_hash:
        return Decision(IngestResult.DUPLICATE, None)
    if submission.effective_updated_at > current.updated_at:
        return Decision(IngestResult.UPDATED, current.version + 1)
    return Decision(IngestResult.STALE, None)


def apply(current: CurrentVersion | None, submission: Submission) -> tuple[Decision, CurrentVersion | None]:
    """The decision and the current version after it: newest wins by updated_at, whatever the order.

    A duplicate with a newer edit time makes no new version but moves the current one's time
    forward, so an older edit arriving afterwards is recognised as stale.
    """
    decision = decide(current, submission)
    updated_at = submission.effective_updated_at
    if decision.version is not None:
        return decision, CurrentVersion(decision.version, content_hash(submission), updated_at)
    if decision.result is IngestResult.DUPLICATE and current is not None and updated_at > current.updated_at:
        return decision, CurrentVersion(current.version, current.content_hash, updated_at)
    return decision, current
