"""Compliance's use cases."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert

from reviewops.common.db.uow import UnitOfWork
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewClassified, ReviewGated
from reviewops.compliance.adapters.tables import verdicts
from reviewops.compliance.domain.gate import gate

CONSUMER = "compliance"


async def gate_classified(uow: UnitOfWork, events: list[Event[ReviewClassified]]) -> None:
    """Decide the allowed actions of each classified review version; store and publish review.gated.

    The verdicts of the batch are written in one statement; a version that already has one
    (a repeat under another event id) is neither stored nor published again."""
    decided = [(event, gate(event.payload.review, event.payload.classification))
               for event in await uow.claim(CONSUMER, events)]
    if not decided:
        return
    inserted = await uow.session.execute(
        pg_insert(verdicts).on_conflict_do_nothing().returning(verdicts.c.review_key, verdicts.c.review_version),
        [
            dict(
                review_key=event.payload.review.review_key,
                review_version=event.payload.review.version,
                tenant_id=event.payload.review.tenant_id,
                policy_version=verdict.policy_version,
                actions=[action.model_dump(mode="json") for action in verdict.actions],
            )
            for event, verdict in decided
        ],
    )
    new = {(row.review_key, row.review_version) for row in inserted}
    for event, verdict in decided:
        review, classification = event.payload.review, event.payload.classification
        if (review.review_key, review.version) in new:
            new.discard((review.review_key, review.version))
            await uow.publish(
                "review.gated",
                event.tenant_id,
                event.key,
                ReviewGated(review=review, classification=classification, verdict=verdict),
                caused_by=event,
            )
