"""What the response queue is asked for, what one of its items shows, and the workbench's records
(assignment, notes, history). Pure."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reviewops.responder.domain.drafts import Draft
from reviewops.responder.domain.lifecycle import OPEN_STATES

# (due_at, priority, id): the queue's order. Earliest due first, so every overdue item (due before
# now) comes before every item still within its 24 hours; among equal due times the more urgent
# priority bucket, then the id, so that pages never overlap.
QueuePosition = tuple[datetime, int, uuid.UUID]
NOTE_LENGTH = 2000
BULK_LIMIT = 100


@dataclass(frozen=True)
class QueueFilter:
    """One tenant's queue, narrowed by any of these, from after a position in its order.

    `states` empty and `include_closed` false means the open states only (DESIGN.md: closed items
    are left out unless `state` names them). `assignee` is a principal; `unassigned` asks for
    items nobody holds. `search` matches the order id, the external id or the ASIN exactly, or
    any part of the review's title, body, product title or the draft's text."""

    tenant_id: str
    states: Sequence[str] = ()
    causes: Sequence[str] = ()
    channels: Sequence[str] = ()
    asin: str | None = None
    marketplace: str | None = None
    language: str | None = None
    overdue_at: datetime | None = None
    search: str | None = None
    assignee: str | None = None
    unassigned: bool = False
    include_closed: bool = False
    after: QueuePosition | None = None

    @property
    def wanted_states(self) -> Sequence[str]:
        """The states to list; empty means every state."""
        if self.states:
            return self.states
        return () if self.include_closed else OPEN_STATES


@dataclass(frozen=True)
class QueueEntry:
    """One queue item: the listing never reads the texts, reviews and classifications."""

    id: uuid.UUID
    review_key: str
    marketplace: str
    kind: str
    external_id: str
    asin: str | None
    product_title: str | None
    channel: str
    state: str
    language: str
    cause: str
    needs_review: bool
    rating: int
    snippet: str
    review_created_at: datetime
    assignee: str | None
    unchecked: list[str]
    priority: int
    policy_version: str | None
    due_at: datetime


@dataclass(frozen=True)
class QueueStats:
    """The open part of every tenant's queue at one time, for the queue metrics."""

    items: Mapping[tuple[str, str], int]  # (state, channel) -> open drafts
    overdue: int  # open drafts past their due_at
    oldest_ready_seconds: float  # how long the ready draft waiting longest has been ready; 0 when none is


@dataclass(frozen=True)
class QueuedProduct:
    """An ASIN of one marketplace that the tenant's queue has items for (the root-cause view's picker)."""

    marketplace: str
    asin: str
    product_title: str | None
    reviews: int
    open_items: int


@dataclass(frozen=True)
class Note:
    """An agent's note on a draft."""

    id: int
    draft_id: uuid.UUID
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a draft from its audit trail: who did what, when, and the state before and after."""

    change: str
    principal: str
    at: datetime
    state_before: str | None
    state_after: str | None
    details: dict[str, Any]


# Audit fields that describe a change rather than the draft (the reason of a rejection, the
# assignee after an assignment, a note's id).
HISTORY_DETAILS = ("reason", "assignee", "note_id")


def history_entry(change: str, principal: str, at: datetime, before: dict[str, Any] | None,
                  after: dict[str, Any]) -> HistoryEntry:
    """An audit row as the history shows it."""
    return HistoryEntry(
        change=change,
        principal=principal,
        at=at,
        state_before=(before or {}).get("state"),
        state_after=after.get("state"),
        details={key: after[key] for key in HISTORY_DETAILS if key in after},
    )


def queue_entry(draft: Draft) -> QueueEntry:
    """What the queue shows of a stored draft."""
    return QueueEntry(**{name: getattr(draft, name) for name in QueueEntry.__dataclass_fields__})
