"""Compliance's repository of verdicts, one row per review version and classification revision."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.common.events.payloads import ReviewSnapshot, Verdict
from reviewops.common.handling import VersionKey
from reviewops.compliance.adapters.tables import verdicts

_ADD_NEW = pg_insert(verdicts).on_conflict_do_nothing().returning(
    verdicts.c.review_key, verdicts.c.review_version, verdicts.c.classification_revision)


class VerdictRepository:
    """The gate's verdicts on review versions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(self, items: Sequence[tuple[ReviewSnapshot, int, Verdict]]) -> set[VersionKey]:
        """Store the verdict of each (version, classification revision) in one statement; those
        that had none before."""
        if not items:
            return set()
        inserted = await self.session.execute(_ADD_NEW, [
            dict(
                review_key=review.review_key,
                review_version=review.version,
                classification_revision=revision,
                tenant_id=review.tenant_id,
                policy_version=verdict.policy_version,
                actions=[action.model_dump(mode="json") for action in verdict.actions],
            )
            for review, revision, verdict in items
        ])
        return {(row.review_key, row.review_version, row.classification_revision) for row in inserted}
