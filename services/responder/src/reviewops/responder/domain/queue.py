"""What the response queue is asked for, and what one of its items shows. Pure."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

QueuePosition = tuple[int, datetime, uuid.UUID]  # (priority, due_at, id): the queue's order


@dataclass(frozen=True)
class QueueFilter:
    """One tenant's queue, narrowed by any of these, from after a position in its order."""

    tenant_id: str
    states: Sequence[str] = ()
    causes: Sequence[str] = ()
    channels: Sequence[str] = ()
    asin: str | None = None
    marketplace: str | None = None
    language: str | None = None
    overdue_at: datetime | None = None
    after: QueuePosition | None = None


@dataclass(frozen=True)
class QueueEntry:
    """One queue item: the listing never reads the texts, reviews and classifications."""

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
    priority: int
    policy_version: str | None
    due_at: datetime


@dataclass(frozen=True)
class QueueStats:
    """The open part of every tenant's queue at one time, for the queue metrics."""

    items: Mapping[tuple[str, str], int]  # (state, channel) -> open drafts
    overdue: int  # open drafts past their due_at
    oldest_ready_seconds: float  # how long the ready draft waiting longest has been ready; 0 when none is
