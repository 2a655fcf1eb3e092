"""Queries behind root-cause insight: counts per cause over each review's latest version."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.classifier.adapters.tables import classifications, spikes


def _latest_versions(tenant_id: str, marketplace: str, asin: str) -> Select:
    """One row per review: its latest classified version (an edit replaces what it said)."""
    return (
        select(classifications.c.review_key, classifications.c.primary_cause, classifications.c.rating,
               classifications.c.deleted, classifications.c.review_created_at)
        .where(classifications.c.tenant_id == tenant_id, classifications.c.marketplace == marketplace,
               classifications.c.asin == asin)
        .distinct(classifications.c.review_key)
        .order_by(classifications.c.review_key, classifications.c.review_version.desc())
    )


class InsightRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def cause_counts(self, tenant_id: str, marketplace: str, asin: str, start: datetime, end: datetime,
                           max_rating: int = 3) -> Counter[str]:
        latest = _latest_versions(tenant_id, marketplace, asin).subquery()
        rows = await self.session.execute(
            select(latest.c.primary_cause, func.count())
            .where(~latest.c.deleted, latest.c.rating <= max_rating,
                   latest.c.review_created_at >= start, latest.c.review_created_at < end)
            .group_by(latest.c.primary_cause)
        )
        return Counter({cause: count for cause, count in rows})

    async def weekly_counts(self, tenant_id: str, marketplace: str, asin: str, start: datetime, end: datetime,
                            max_rating: int = 3) -> list[tuple[str, str, int]]:
        """(ISO week like 2026-W47, cause, count), weeks in UTC."""
        latest = _latest_versions(tenant_id, marketplace, asin).subquery()
        week = func.to_char(func.timezone("UTC", latest.c.review_created_at), 'IYYY-"W"IW')
        rows = await self.session.execute(
            select(week, latest.c.primary_cause, func.count())
            .where(~latest.c.deleted, latest.c.rating <= max_rating,
                   latest.c.review_created_at >= start, latest.c.review_created_at < end)
            .group_by(week, latest.c.primary_cause)
            .order_by(week)
        )
        return [(w, cause, count) for w, cause, count in rows]

    async def active_spikes(self, tenant_id: str, marketplace: str, asin: str) -> set[str]:
        rows = await self.session.execute(
            select(spikes.c.cause).where(spikes.c.tenant_id == tenant_id, spikes.c.marketplace == marketplace,
                                         spikes.c.asin == asin, spikes.c.ended_at.is_(None))
        )
        return set(rows.scalars())

    async def start_spike(self, tenant_id: str, marketplace: str, asin: str, cause: str, at: datetime) -> bool:
        """Record a new spike; False if one is already active (announced once until it subsides)."""
        result = await self.session.execute(
            pg_insert(spikes)
            .values(tenant_id=tenant_id, marketplace=marketplace, asin=asin, cause=cause, started_at=at)
            .on_conflict_do_nothing()
            .returning(spikes.c.id)
        )
        return result.scalar() is not None

    async def end_spike(self, tenant_id: str, marketplace: str, asin: str, cause: str, at: datetime) -> None:
        await self.session.execute(
            update(spikes)
            .where(and_(spikes.c.tenant_id == tenant_id, spikes.c.marketplace == marketplace,
                        spikes.c.asin == asin, spikes.c.cause == cause, spikes.c.ended_at.is_(None)))
            .values(ended_at=at)
        )
