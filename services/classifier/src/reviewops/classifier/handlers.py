"""The classifier's use cases."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert

from reviewops.classifier.adapters.tables import classifications
from reviewops.classifier.domain.classify import classify
from reviewops.common.db.uow import UnitOfWork
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewClassified, ReviewIngested

CONSUMER = "classifier"


async def classify_ingested(uow: UnitOfWork, events: list[Event[ReviewIngested]]) -> None:
    """Classify every new review version, store it, and publish review.classified with the snapshot."""
    for event in await uow.claim(CONSUMER, events):
        review = event.payload.review
        classification = classify(review.title, review.body, review.language)
        inserted = await uow.session.execute(
            pg_insert(classifications)
            .values(
                review_key=review.review_key,
                review_version=review.version,
                tenant_id=review.tenant_id,
                marketplace=review.marketplace,
                asin=review.asin,
                rating=review.rating,
                primary_cause=classification.primary_cause,
                causes=[cause.model_dump() for cause in classification.causes],
                language=classification.language,
                detected_language=classification.detected_language,
                removal_signals=[span.model_dump() for span in classification.removal_signals],
                model_version=classification.model_version,
                review_created_at=review.created_at,
            )
            .on_conflict_do_nothing()
        )
        if inserted.rowcount:
            await uow.publish(
                "review.classified",
                event.tenant_id,
                event.key,
                ReviewClassified(review=review, classification=classification),
                caused_by=event,
            )
