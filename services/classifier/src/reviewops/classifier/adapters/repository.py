"""The classifier's repository of classifications, one row per review version."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.classifier.adapters.tables import classifications
from reviewops.common.events.payloads import Classification, ReviewSnapshot
from reviewops.common.handling import VersionKey

_ADD_NEW = (
    pg_insert(classifications)
    .on_conflict_do_nothing()
    .returning(classifications.c.review_key, classifications.c.review_version)
)


class ClassificationRepository:
    """Classifications of review versions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(self, items: Sequence[tuple[ReviewSnapshot, Classification]]) -> set[VersionKey]:
        """Store each version's classification in one statement; the versions that had none before."""
        rows = []
        for review, classification in items:
            # One dump per classification (pydantic's core), not a Python call per cause and span.
            lists = classification.model_dump(include={"causes", "removal_signals", "aspects", "facts_given"})
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
                aspects=lists["aspects"],
                facts_given=lists["facts_given"],
                model_version=classification.model_version,
                review_created_at=review.created_at,
                deleted=review.deleted,
            ))
        if not rows:
            return set()
        inserted = await self.session.execute(_ADD_NEW, rows)
        return {(row.review_key, row.review_version) for row in inserted}
