"""Queries behind root-cause insight: counts per cause over each review's latest version, as its
highest classification revision (a person's correction moves the count)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, and_, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.classifier.adapters.tables import classifications, return_classifications, spikes

Asin = tuple[str, str, str]  # (tenant_id, marketplace, asin)


def _latest_versions(tenant_id: str, marketplace: str, asin: str) -> Select:
    """One row per review: its latest classified version (an edit replaces what it said), and of
    that its highest revision (a person's correction replaces the model's cause)."""
    return (
        select(classifications.c.review_key, classifications.c.primary_cause, classifications.c.rating,
               classifications.c.deleted, classifications.c.review_created_at)
        .where(classifications.c.tenant_id == tenant_id, classifications.c.marketplace == marketplace,
               classifications.c.asin == asin)
        .distinct(classifications.c.review_key)
        .order_by(classifications.c.review_key, classifications.c.review_version.desc(),
                  classifications.c.classification_revision.desc())
    )


class InsightRepository:
    """Cause counts over each review's latest classified version, and the spikes of causes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def cause_counts(self, tenant_id: str, marketplace: str, asin: str, start: datetime, end: datetime,
                           max_rating: int = 3) -> Counter[str]:
        """Reviews per primary cause of one ASIN created in [start, end), rated at most `max_rating`."""
        latest = _latest_versions(tenant_id, marketplace, asin).subquery()
        rows = await self.session.execute(
            select(latest.c.primary_cause, func.count())
            .where(~latest.c.deleted, latest.c.rating <= max_rating,
                   latest.c.review_created_at >= start, latest.c.review_created_at < end)
            .group_by(latest.c.primary_cause)
        )
        return Counter({cause: count for cause, count in rows})

    async def window_counts(self, asins: Sequence[Asin], start: datetime, split: datetime, end: datetime,
                            max_rating: int = 3) -> dict[Asin, tuple[Counter[str], Counter[str]]]:
        """Cause counts of many ASINs at once, in [start, split) and in [split, end): what
        cause_counts gives for each ASIN and window, in one query instead of two per ASIN."""
        c = classifications.c
        latest = (
            select(c.tenant_id, c.marketplace, c.asin, c.primary_cause, c.rating, c.deleted, c.review_created_at)
            .where(tuple_(c.tenant_id, c.marketplace, c.asin).in_(list(asins)))
            .distinct(c.review_key)
            .order_by(c.review_key, c.review_version.desc(), c.classification_revision.desc())
            .subquery()
        )
        recent = (latest.c.review_created_at >= split).label("recent")
        rows = await self.session.execute(
            select(latest.c.tenant_id, latest.c.marketplace, latest.c.asin, recent, latest.c.primary_cause,
                   func.count())
            .where(~latest.c.deleted, latest.c.rating <= max_rating,
                   latest.c.review_created_at >= start, latest.c.review_created_at < end)
            .group_by(latest.c.tenant_id, latest.c.marketplace, latest.c.asin, recent, latest.c.primary_cause)
        )
        counts: dict[Asin, tuple[Counter[str], Counter[str]]] = {asin: (Counter(), Counter()) for asin in asins}
        for tenant_id, marketplace, asin, is_recent, cause, count in rows:
            baseline, recent_counts = counts[(tenant_id, marketplace, asin)]
            (recent_counts if is_recent else baseline)[cause] = count
        return counts

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

    async def return_counts(self, tenant_id: str, marketplace: str, asin: str, start: datetime,
                            end: datetime) -> Counter[str]:
        """Returned units per primary cause of one ASIN returned in [start, end)."""
        r = return_classifications.c
        rows = await self.session.execute(
            select(r.primary_cause, func.sum(r.quantity))
            .where(r.tenant_id == tenant_id, r.marketplace == marketplace, r.asin == asin,
                   r.returned_at >= start, r.returned_at < end)
            .group_by(r.primary_cause)
        )
        return Counter({cause: int(units) for cause, units in rows})

    async def return_weekly_counts(self, tenant_id: str, marketplace: str, asin: str, start: datetime,
                                   end: datetime) -> list[tuple[str, str, int]]:
        """(ISO week like 2026-W47, cause, returned units), weeks in UTC."""
        r = return_classifications.c
        week = func.to_char(func.timezone("UTC", r.returned_at), 'IYYY-"W"IW')
        rows = await self.session.execute(
            select(week, r.primary_cause, func.sum(r.quantity))
            .where(r.tenant_id == tenant_id, r.marketplace == marketplace, r.asin == asin,
                   r.returned_at >= start, r.returned_at < end)
            .group_by(week, r.primary_cause)
            .order_by(week)
        )
        return [(w, cause, int(units)) for w, cause, units in rows]

    async def return_window_counts(self, asins: Sequence[Asin], start: datetime, split: datetime,
                                   end: datetime) -> dict[Asin, tuple[Counter[str], Counter[str]]]:
        """Returned units per cause of many ASINs, in [start, split) and in [split, end), in one query."""
        r = return_classifications.c
        recent = (r.returned_at >= split).label("recent")
        rows = await self.session.execute(
            select(r.tenant_id, r.marketplace, r.asin, recent, r.primary_cause, func.sum(r.quantity))
            .where(tuple_(r.tenant_id, r.marketplace, r.asin).in_(list(asins)),
                   r.returned_at >= start, r.returned_at < end)
            .group_by(r.tenant_id, r.marketplace, r.asin, recent, r.primary_cause)
        )
        counts: dict[Asin, tuple[Counter[str], Counter[str]]] = {asin: (Counter(), Counter()) for asin in asins}
        for tenant_id, marketplace, asin, is_recent, cause, units in rows:
            baseline, recent_counts = counts[(tenant_id, marketplace, asin)]
            (recent_counts if is_recent else baseline)[cause] = int(units)
        return counts

    async def active_spikes(self, tenant_id: str, marketplace: str, asin: str) -> set[str]:
        """The causes of one ASIN with a spike that has not ended."""
        rows = await self.session.execute(
            select(spikes.c.cause).where(spikes.c.tenant_id == tenant_id, spikes.c.marketplace == marketplace,
                                         spikes.c.asin == asin, spikes.c.ended_at.is_(None))
        )
        return set(rows.scalars())

    async def active_spikes_many(self, asins: Sequence[Asin]) -> dict[Asin, set[str]]:
        """active_spikes of many ASINs in one query."""
        found: dict[Asin, set[str]] = {asin: set() for asin in asins}
        rows = await self.session.execute(
            select(spikes.c.tenant_id, spikes.c.marketplace, spikes.c.asin, spikes.c.cause)
            .where(tuple_(spikes.c.tenant_id, spikes.c.marketplace, spikes.c.asin).in_(list(asins)),
                   spikes.c.ended_at.is_(None))
        )
        for tenant_id, marketplace, asin, cause in rows:
            found[(tenant_id, marketplace, asin)].add(cause)
        return found

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
        """End the active spike of one cause of one ASIN."""
        await self.session.execute(
            update(spikes)
            .where(and_(spikes.c.tenant_id == tenant_id, spikes.c.marketplace == marketplace,
                        spikes.c.asin == asin, spikes.c.cause == cause, spikes.c.ended_at.is_(None)))
            .values(ended_at=at)
        )
