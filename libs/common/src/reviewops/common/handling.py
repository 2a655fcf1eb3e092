"""The step the classifier and compliance share: claim a batch, store one row per review
version and classification revision, and publish only those whose row is new."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

from pydantic import BaseModel

from reviewops.common.db.uow import UnitOfWork
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewSnapshot

# (review_key, review version, classification revision): a human correction of a version's cause
# is a new revision of that version, stored and published beside the model's revision 0.
VersionKey = tuple[str, int, int]


class AboutAReview(Protocol):
    """A payload that carries the review version it is about."""

    @property
    def review(self) -> ReviewSnapshot: ...


P = TypeVar("P", bound=AboutAReview)
R = TypeVar("R")


async def claim_store_publish(
    uow: UnitOfWork,
    consumer: str,
    events: Sequence[Event[P]],
    *,
    decide: Callable[[list[Event[P]]], Sequence[R]],
    store: Callable[[list[tuple[Event[P], R]]], Awaitable[set[VersionKey]]],
    event_type: str,
    announce: Callable[[Event[P], R], BaseModel],
    revision: Callable[[Event[P]], int] = lambda event: 0,
) -> list[tuple[Event[P], R]]:
    """Claim `events` for `consumer`, `decide` the claimed ones at once, `store` the results (which
    answers the versions it stored anew) and publish `event_type` once per new version, caused by
    its event. A version stored before (a repeat under another event id) is not published again;
    `revision` tells which classification revision of its version an event is about (0 by default:
    the model's answer). Returns the claimed events with their results."""
    claimed = await uow.claim(consumer, events)
    if not claimed:
        return []
    decided = list(zip(claimed, decide(claimed), strict=True))
    new = await store(decided)
    for event, result in decided:
        review = event.payload.review
        key = (review.review_key, review.version, revision(event))
        if key in new:
            new.discard(key)
            await uow.publish(event_type, event.tenant_id, event.key, announce(event, result), caused_by=event)
    return decided
