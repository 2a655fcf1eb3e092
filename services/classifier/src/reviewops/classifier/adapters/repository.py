"""The classifier's repositories: classifications, one row per review version and revision, and
the human labels behind the revisions above 0."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.classifier.adapters.tables import classifications, labels
from reviewops.common.events.payloads import Classification, ReviewSnapshot
from reviewops.common.handling import VersionKey

_ADD_NEW = (
    pg_insert(classifications)
    .on_conflict_do_nothing()
    .returning(classifications.c.review_key, classifications.c.review_version,
               classifications.c.classification_revision)
)


@dataclass(frozen=True)
class StoredClassification:
    """A review version's latest classification revision; `review` and `classification` are None
    for a row stored before the classifier kept them (it cannot be published again)."""

    review_key: str
    review_version: int
    deleted: bool
    review: ReviewSnapshot | None
    classification: Classification | None


@dataclass(frozen=True)
class LabelExport:
    """One human label with what training needs: the review's text and language, and the model's
    answer (revision 0) that the person corrected."""

    id: int
    review_key: str
    review_version: int
    classification_revision: int
    marketplace: str
    kind: str
    rating: int
    title: str
    body: str
    language: str
    primary_cause: str
    causes: list[str]
    labelled_by: str
    labelled_at: datetime
    model_version: str
    model_primary_cause: str
    model_causes: list[dict[str, Any]]


def _row(review: ReviewSnapshot, classification: Classification) -> dict[str, Any]:
    # One dump per classification (pydantic's core), not a Python call per cause and span.
    dumped = classification.model_dump(mode="json")
    return dict(
        review_key=review.review_key,
        review_version=review.version,
        classification_revision=classification.classification_revision,
        labelled_by=classification.labelled_by,
        tenant_id=review.tenant_id,
        marketplace=review.marketplace,
        asin=review.asin,
        rating=review.rating,
        primary_cause=classification.primary_cause,
        causes=dumped["causes"],
        language=classification.language,
        detected_language=classification.detected_language,
        removal_signals=dumped["removal_signals"],
        aspects=dumped["aspects"],
        facts_given=dumped["facts_given"],
        model_version=classification.model_version,
        review_created_at=review.created_at,
        deleted=review.deleted,
        review=review.model_dump(mode="json"),
        classification=dumped,
    )


class ClassificationRepository:
    """Classifications of review versions: the model's (revision 0) and people's corrections."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(self, items: Sequence[tuple[ReviewSnapshot, Classification]]) -> set[VersionKey]:
        """Store each classification in one statement; the (version, revision)s that had none before."""
        rows = [_row(review, classification) for review, classification in items]
        if not rows:
            return set()
        inserted = await self.session.execute(_ADD_NEW, rows)
        return {(row.review_key, row.review_version, row.classification_revision) for row in inserted}

    async def lock_review(self, review_key: str) -> None:
        """Serialise corrections of one review until the transaction ends, so two at once make
        revisions n+1 and n+2, never two n+1s."""
        await self.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(review_key, 0))))

    async def current(self, tenant_id: str, review_key: str) -> StoredClassification | None:
        """The highest revision of the review's latest classified version, if the tenant has it."""
        c = classifications.c
        row = (await self.session.execute(
            select(c.review_key, c.review_version, c.deleted, c.review, c.classification)
            .where(c.review_key == review_key, c.tenant_id == tenant_id)
            .order_by(c.review_version.desc(), c.classification_revision.desc())
            .limit(1)
        )).first()
        if row is None:
            return None
        stored = row.review is not None and row.classification is not None
        return StoredClassification(
            review_key=row.review_key,
            review_version=row.review_version,
            deleted=row.deleted,
            review=ReviewSnapshot.model_validate(row.review) if stored else None,
            classification=Classification.model_validate(row.classification) if stored else None,
        )


class LabelRepository:
    """People's labels of review versions, for the export."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, review: ReviewSnapshot, classification: Classification) -> None:
        """Record a person's label (a classification with labelled_by) of a review version."""
        await self.session.execute(labels.insert().values(
            tenant_id=review.tenant_id, review_key=review.review_key, review_version=review.version,
            classification_revision=classification.classification_revision,
            primary_cause=classification.primary_cause, causes=[c.label for c in classification.causes],
            labelled_by=classification.labelled_by,
        ))

    async def page(self, tenant_id: str, since: datetime | None, after_id: int | None, limit: int) -> list[LabelExport]:
        """Up to `limit` of the tenant's labels in the order they were stored, after `after_id`,
        labelled at or after `since`."""
        model = classifications.alias("model")
        conditions = [labels.c.tenant_id == tenant_id]
        if since is not None:
            conditions.append(labels.c.labelled_at >= since)
        if after_id is not None:
            conditions.append(labels.c.id > after_id)
        rows = await self.session.execute(
            select(labels, model.c.review.label("snapshot"), model.c.model_version,
                   model.c.primary_cause.label("model_primary_cause"), model.c.causes.label("model_causes"),
                   model.c.language)
            .join(model, and_(model.c.review_key == labels.c.review_key,
                              model.c.review_version == labels.c.review_version,
                              model.c.classification_revision == 0))
            .where(*conditions)
            .order_by(labels.c.id)
            .limit(limit)
        )
        return [
            LabelExport(
                id=row.id, review_key=row.review_key, review_version=row.review_version,
                classification_revision=row.classification_revision, marketplace=row.snapshot["marketplace"],
                kind=row.snapshot["kind"], rating=row.snapshot["rating"], title=row.snapshot.get("title", ""),
                body=row.snapshot["body"], language=row.language, primary_cause=row.primary_cause,
                causes=row.causes, labelled_by=row.labelled_by, labelled_at=row.labelled_at,
                model_version=row.model_version, model_primary_cause=row.model_primary_cause,
                model_causes=row.model_causes,
            )
            for row in rows
        ]
