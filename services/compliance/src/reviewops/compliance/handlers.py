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
    """Decide the allowed actions of each classified review version; store and publish review.gated."""
    for event in await uow.claim(CONSUMER, events):
        review, classification = event.payload.review, event.payload.classification
        verdict = gate(review, classification)
        inserted = await uow.session.execute(
            pg_insert(verdicts)
            .values(
                review_key=review.review_key,
                review_version=review.version,
                tenant_id=review.tenant_id,
                policy_version=verdict.policy_version,
                actions=[action.model_dump(mode="json") for action in verdict.actions],
            )
            .on_conflict_do_nothing()
        )
        if inserted.rowcount:
            await uow.publish(
                "review.gated",
                event.tenant_id,
                event.key,
                ReviewGated(review=review, classification=classification, verdict=verdict),
                caused_by=event,
            )
