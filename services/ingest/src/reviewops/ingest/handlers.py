"""Ingest's use cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewops.common.db.uow import UnitOfWork
from reviewops.common.events.payloads import ReviewIngested, ReviewSnapshot
from reviewops.ingest.adapters.repository import ReviewRepository
from reviewops.ingest.domain.reviews import (
    IngestResult,
    Submission,
    apply,
    content_hash,
    review_key,
)


@dataclass(frozen=True)
class Ingested:
    review_key: str
    result: IngestResult


def snapshot_of(tenant_id: str, key: str, submission: Submission, version: int, digest: str) -> ReviewSnapshot:
    return ReviewSnapshot(
        review_key=key,
        tenant_id=tenant_id,
        marketplace=submission.marketplace,
        kind=submission.kind,
        external_id=submission.external_id,
        version=version,
        content_hash=digest,
        rating=submission.rating,
        title=submission.title,
        body=submission.body,
        created_at=submission.created_at,
        updated_at=submission.effective_updated_at,
        deleted=submission.deleted,
        asin=submission.asin,
        order_id=submission.order_id,
        fulfillment=submission.fulfillment,
        language=submission.language,
        verified_purchase=submission.verified_purchase,
        order_completed_at=submission.order_completed_at,
    )


async def ingest_reviews(uow: UnitOfWork, tenant_id: str, submissions: Sequence[Submission]) -> list[Ingested]:
    """Store each submission as created, updated, duplicate or stale, in order, in one transaction;
    created and updated versions are published to reviews.ingested.v1 through the outbox."""
    repository = ReviewRepository(uow.session)
    keys = [review_key(tenant_id, submission) for submission in submissions]
    await repository.lock(keys)
    current = await repository.current_versions(keys)
    outcomes = []
    for key, submission in zip(keys, submissions, strict=True):
        before = current.get(key)
        decision, after = apply(before, submission)
        digest = content_hash(submission)
        if decision.version is not None:
            snapshot = snapshot_of(tenant_id, key, submission, decision.version, digest)
            stored = snapshot.model_dump(mode="json")
            await repository.make_current(key, tenant_id, decision.version, digest, snapshot.updated_at, stored)
            await uow.publish(
                "review.ingested", tenant_id, key, ReviewIngested(result=decision.result.value, review=snapshot)
            )
        elif decision.result is IngestResult.STALE:
            stale = snapshot_of(tenant_id, key, submission, 1, digest).model_dump(
                mode="json", exclude={"version"}
            )
            await repository.add_version(key, None, "stale", digest, submission.effective_updated_at, stale)
        elif after is not None and before is not None and after.updated_at > before.updated_at:
            await repository.advance_time(key, after.updated_at)
        if after is not None:
            current[key] = after
        outcomes.append(Ingested(key, decision.result))
    return outcomes
