"""The classifier's use cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reviewops.classifier.adapters.returns import ReturnClassificationRow
from reviewops.classifier.adapters.unit_of_work import ClassifierUnitOfWork
from reviewops.classifier.adapters.repository import LabelExport
from reviewops.classifier.domain.classify import Classifier, ReviewText
from reviewops.classifier.domain.labels import relabelled, repeats_label
from reviewops.classifier.domain.returns import cause_of_return
from reviewops.classifier.domain.spikes import BASELINE_WEEKS, RECENT_DAYS, spiking
from reviewops.common.errors import Conflict, NotFound
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import (
    CauseSpiked,
    Classification,
    ReturnIngested,
    ReviewClassified,
    ReviewIngested,
    ReviewSnapshot,
)
from reviewops.common.text.language import UNDETERMINED, effective_language
from reviewops.common.handling import claim_store_publish

CONSUMER = "classifier"


def _text_of(review: ReviewSnapshot) -> ReviewText:
    return ReviewText(review.title, review.body, review.rating, review.language, review.kind)


async def classify_ingested(
    uow: ClassifierUnitOfWork, classifier: Classifier, events: list[Event[ReviewIngested]]
) -> None:
    """Classify every new review version (one model call per batch), store it, and publish
    review.classified with the snapshot. The batch's classifications are written in one
    statement; a version already classified (a repeat under another event id) is not published again."""
    decided = await claim_store_publish(
        uow, CONSUMER, events,
        decide=lambda claimed: classifier.classify_many([_text_of(event.payload.review) for event in claimed]),
        store=lambda decided: uow.classifications.add_new(
            [(event.payload.review, classification) for event, classification in decided]),
        event_type="review.classified",
        announce=lambda event, classification: ReviewClassified(review=event.payload.review,
                                                                classification=classification),
    )
    if decided:
        reviews = [event.payload.review for event, _ in decided]
        await detect_spikes(uow, [(r.tenant_id, r.marketplace, r.asin) for r in reviews if r.asin], datetime.now(UTC))


RETURNS_CONSUMER = "classifier-returns"


async def classify_returns(uow: ClassifierUnitOfWork, classifier: Classifier,
                           events: list[Event[ReturnIngested]]) -> None:
    """Give every new return line its cause (the reason code as evidence, the comment read by the
    model, one call per batch), store it, and re-evaluate the spikes of the ASINs returned.
    Returns are counted in the insights only: no event, no draft."""
    claimed = await uow.claim(RETURNS_CONSUMER, events)
    if not claimed:
        return
    comments = classifier.classify_many([ReviewText("", event.payload.comment, None, event.payload.language, "return")
                                         for event in claimed])
    rows = []
    for event, comment in zip(claimed, comments, strict=True):
        line = event.payload
        has_comment = bool(line.comment.strip())
        cause = cause_of_return(line.reason, comment if has_comment else None)
        rows.append(ReturnClassificationRow(
            return_key=event.key, tenant_id=event.tenant_id, marketplace=line.marketplace, asin=line.asin,
            sku=line.sku, returned_at=line.returned_at, quantity=line.quantity, reason=line.reason,
            primary_cause=cause.primary_cause, causes=[c.model_dump() for c in cause.causes],
            decided_by=cause.decided_by,
            language=comment.language if has_comment else effective_language(line.language, UNDETERMINED),
            model_version=comment.model_version,
        ))
    new = await uow.returns.add_new(rows)
    touched = sorted({(row.tenant_id, row.marketplace, row.asin) for row in rows if row.return_key in new and row.asin})
    if touched:
        await detect_spikes(uow, touched, datetime.now(UTC))


SOURCES = ("reviews", "returns")


async def correct_cause(uow: ClassifierUnitOfWork, tenant_id: str, review_key: str, primary_cause: str,
                        causes: list[str], principal: str) -> Classification:
    """A person's cause for the review's current version: stored as a human label and as the next
    classification revision (which the insights count from now on), and published as
    review.classified again. Repeating the current human label changes nothing."""
    await uow.classifications.lock_review(review_key)
    current = await uow.classifications.current(tenant_id, review_key)
    if current is None:
        raise NotFound("No classified review with this key for this tenant.")
    if current.review is None or current.classification is None:
        raise Conflict("This review version was classified before corrections were kept; "
                       "it can be corrected once a new version of it is ingested.")
    if current.deleted:
        raise Conflict("The review's current version is deleted: it has no cause to correct.")
    if repeats_label(current.classification, primary_cause, causes):
        return current.classification
    corrected = relabelled(current.classification, primary_cause, causes, principal)
    await uow.classifications.add_new([(current.review, corrected)])
    await uow.labels.add(current.review, corrected)
    await uow.publish("review.classified", tenant_id, review_key,
                      ReviewClassified(review=current.review, classification=corrected))
    if current.review.asin:
        await detect_spikes(uow, [(tenant_id, current.review.marketplace, current.review.asin)], datetime.now(UTC))
    return corrected


async def export_labels(uow: ClassifierUnitOfWork, tenant_id: str, since: datetime | None, after_id: int | None,
                        limit: int) -> list[LabelExport]:
    """A page of the tenant's human labels, oldest first, with the review text and the model's answer."""
    return await uow.labels.page(tenant_id, since, after_id, limit)


@dataclass(frozen=True)
class CauseCounts:
    """What GET /v1/insights/causes reports of one ASIN, before shares are computed: counts per
    source (negative reviews; returned units), weekly counts of the sources asked for, spikes."""

    by_source: dict[str, Counter[str]]
    weekly: list[tuple[str, str, int]]
    spiking: set[str]

    @property
    def counts(self) -> Counter[str]:
        """The sources' counts added up."""
        return sum(self.by_source.values(), Counter())


async def count_causes(uow: ClassifierUnitOfWork, tenant_id: str, marketplace: str, asin: str,
                       start: datetime, end: datetime, max_rating: int, source: str = "reviews") -> CauseCounts:
    """Cause counts of one ASIN over the period from `source` (reviews, returns or all), per ISO
    week too, and its active spikes."""
    insights = uow.insights
    by_source: dict[str, Counter[str]] = {}
    weekly: Counter[tuple[str, str]] = Counter()
    if source in ("reviews", "all"):
        by_source["reviews"] = await insights.cause_counts(tenant_id, marketplace, asin, start, end, max_rating)
        weekly.update({(week, cause): count for week, cause, count in
                       await insights.weekly_counts(tenant_id, marketplace, asin, start, end, max_rating)})
    if source in ("returns", "all"):
        by_source["returns"] = await insights.return_counts(tenant_id, marketplace, asin, start, end)
        for week, cause, count in await insights.return_weekly_counts(tenant_id, marketplace, asin, start, end):
            weekly[(week, cause)] += count
    return CauseCounts(
        by_source=by_source,
        weekly=[(week, cause, count) for (week, cause), count in sorted(weekly.items())],
        spiking=await insights.active_spikes(tenant_id, marketplace, asin),
    )

async def detect_spikes(uow: ClassifierUnitOfWork, touched: list[tuple[str, str, str]], now: datetime) -> None:
    """Re-evaluate the spike rule for every ASIN (tenant, marketplace, asin) the batch touched, over
    its negative reviews and its returned units together; announce spikes as they start.

    The counts and the active spikes of all those ASINs are read in three queries; only a spike
    that starts or ends writes."""
    repository = uow.insights
    recent_start = now - timedelta(days=RECENT_DAYS)
    baseline_start = recent_start - timedelta(weeks=BASELINE_WEEKS)
    asins = sorted(set(touched))
    if not asins:
        return
    counts = await repository.window_counts(asins, baseline_start, recent_start, now)
    returned = await repository.return_window_counts(asins, baseline_start, recent_start, now)
    active = await repository.active_spikes_many(asins)
    for tenant_id, marketplace, asin in asins:
        baseline, recent = counts[(tenant_id, marketplace, asin)]
        returned_baseline, returned_recent = returned[(tenant_id, marketplace, asin)]
        baseline, recent = baseline + returned_baseline, recent + returned_recent
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
