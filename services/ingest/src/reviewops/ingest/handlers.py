"""Ingest's use cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reviewops.common.events.payloads import ReviewIngested, ReviewSnapshot
from reviewops.ingest.adapters.repository import CurrentRow, HistoryRow, VersionRow
from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork
from reviewops.ingest.domain.reviews import IngestResult, Submission, fold_submissions, review_key


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one submission: its review key and created, updated, duplicate or stale."""

    review_key: str
    result: IngestResult


def snapshot_of(tenant_id: str, key: str, submission: Submission, version: int, digest: str) -> ReviewSnapshot:
    """A submission as published on reviews.ingested.v1 and stored as the version's snapshot."""
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
        product_title=submission.product_title,
    )


async def ingest_reviews(uow: IngestUnitOfWork, tenant_id: str,
                         submissions: Sequence[Submission]) -> list[IngestOutcome]:
    """Store each submission as created, updated, duplicate or stale, in order, in one transaction;
    created and updated versions are published to reviews.ingested.v1 through the outbox.

    Decisions are made in order in memory (domain.reviews.fold_submissions: a batch may carry one
    review twice); the writes of the whole batch then go out as one statement per table, not two per review."""
    repository = uow.reviews
    keys = [review_key(tenant_id, submission) for submission in submissions]
    await repository.lock(keys)
    fold = fold_submissions(keys, submissions, await repository.current_versions(keys))
    stored_heads: dict[str, dict[str, Any]] = {}  # each head's snapshot as stored
    versions: list[VersionRow] = []
    for step in fold.steps:
        key, submission, decision, digest = step.key, step.submission, step.decision, step.content_hash
        if decision.version is not None:
            snapshot = snapshot_of(tenant_id, key, submission, decision.version, digest)
            stored = snapshot.model_dump(mode="json")
            stored_heads[key] = stored
            versions.append(VersionRow(key, decision.version, "created" if decision.version == 1 else "updated",
                                       digest, snapshot.updated_at, stored))
            await uow.publish(
                "review.ingested", tenant_id, key, ReviewIngested(result=decision.result.value, review=snapshot)
            )
        elif decision.result is IngestResult.STALE:
            stale = snapshot_of(tenant_id, key, submission, 1, digest).model_dump(
                mode="json", exclude={"version"}
            )
            versions.append(VersionRow(key, None, "stale", digest, submission.effective_updated_at, stale))
    await repository.make_current([
        CurrentRow(key, tenant_id, head.decision.version, head.content_hash, fold.head_times[key], stored_heads[key])
        for key, head in fold.heads.items()
    ])
    await repository.advance_times(fold.advanced)
    await repository.add_versions(versions)
    return [IngestOutcome(step.key, step.decision.result) for step in fold.steps]


@dataclass(frozen=True)
class StoredReview:
    """A review's current version, as published, and its version history, oldest first."""

    current: dict[str, Any]
    history: list[HistoryRow]


async def read_review(uow: IngestUnitOfWork, tenant_id: str, key: str) -> StoredReview | None:
    """The review with this key of this tenant, or None."""
    current = await uow.reviews.get(tenant_id, key)
    if current is None:
        return None
    return StoredReview(current, await uow.reviews.history(key))
