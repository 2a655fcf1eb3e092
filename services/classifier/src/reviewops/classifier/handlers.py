"""The classifier's use cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as pg_insert

from reviewops.classifier.adapters.insights import InsightRepository
from reviewops.classifier.adapters.tables import classifications as classifications_table
from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.domain.spikes import BASELINE_WEEKS, RECENT_DAYS, spiking
from reviewops.common.db.uow import UnitOfWork
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import CauseSpiked, ReviewClassified, ReviewIngested, ReviewSnapshot

CONSUMER = "classifier"


async def classify_ingested(uow: UnitOfWork, classifier: Classifier, events: list[Event[ReviewIngested]]) -> None:
    """Classify every new review version (one model call per batch), store it, and publish
    review.classified with the snapshot. The batch's classifications are written in one
    statement; a version already classified (a repeat under another event id) is not published again."""
    claimed = await uow.claim(CONSUMER, events)
    if not claimed:
        return
    reviews = [event.payload.review for event in claimed]
    classifications = classifier.classify_many(
        [ReviewText(review.title, review.body, review.rating, review.language, review.kind) for review in reviews]
    )
    rows = []
    for review, classification in zip(reviews, classifications, strict=True):
        # One dump per classification (pydantic's core), not a Python call per cause and span.
        lists = classification.model_dump(include={"causes", "removal_signals"})
        rows.append(dict(
            review_key=review.review_key,
            review_version=review.version,
            tenant_id=review.tenant_id,
            marketplace=review.marketplace,
            asin=review.asin,
            rating=review.rating,
            primary_cause=classification.primary_cause,
            causes=lists["causes"],
            language=classification.language,
            detected_language=classification.detected_language,
            removal_signals=lists["removal_signals"],
            model_version=classification.model_version,
            review_created_at=review.created_at,
            deleted=review.deleted,
        ))
    inserted = await uow.session.execute(
        pg_insert(classifications_table)
        .on_conflict_do_nothing()
        .returning(classifications_table.c.review_key, classifications_table.c.review_version),
        rows,
    )
    new = {(row.review_key, row.review_version) for row in inserted}
    for event, review, classification in zip(claimed, reviews, classifications, strict=True):
        if (review.review_key, review.version) in new:
            new.discard((review.review_key, review.version))
            await uow.publish(
                "review.classified",
                event.tenant_id,
                event.key,
                ReviewClassified(review=review, classification=classification),
                caused_by=event,
            )
    await detect_spikes(uow, reviews, datetime.now(UTC))


async def detect_spikes(uow: UnitOfWork, reviews: list[ReviewSnapshot], now: datetime) -> None:
    """Re-evaluate the spike rule for every ASIN the batch touched; announce spikes as they start.

    The counts and the active spikes of all those ASINs are read in two queries; only a spike
    that starts or ends writes."""
    repository = InsightRepository(uow.session)
    recent_start = now - timedelta(days=RECENT_DAYS)
    baseline_start = recent_start - timedelta(weeks=BASELINE_WEEKS)
    asins = sorted({(r.tenant_id, r.marketplace, r.asin) for r in reviews if r.asin})
    if not asins:
        return
    counts = await repository.window_counts(asins, baseline_start, recent_start, now)
    active = await repository.active_spikes_many(asins)
    for tenant_id, marketplace, asin in asins:
        baseline, recent = counts[(tenant_id, marketplace, asin)]
        readings = {reading.cause: reading for reading in spiking(recent, baseline)}
        running = active[(tenant_id, marketplace, asin)]
        for cause in sorted(running - readings.keys()):
            await repository.end_spike(tenant_id, marketplace, asin, cause, now)
        for cause in sorted(readings.keys() - running):
            reading = readings[cause]
            # Another consumer may have started it since `active` was read: the insert decides.
            if await repository.start_spike(tenant_id, marketplace, asin, cause, now):
                await uow.publish(
                    "cause.spiked",
                    tenant_id,
                    f"{tenant_id}:{marketplace}:{asin}",
                    CauseSpiked(marketplace=marketplace, asin=asin, cause=cause, recent_share=reading.recent_share,
                                baseline_share=reading.baseline_share, recent_count=reading.recent_count,
                                window_start=recent_start, window_end=now),
                )
