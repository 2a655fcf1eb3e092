"""Ingest's repository: current versions and version history, with per-review locks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import func

from reviewops.ingest.adapters.tables import review_versions, reviews
from reviewops.ingest.domain.reviews import CurrentVersion

_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(h) FROM "
    "(SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(CAST(:keys AS text[])) AS k ORDER BY 1) AS locks"
)

# Built once: every POST runs them, and building a statement (and its ON CONFLICT clause) per call
# showed in the profile of single POSTs.
_UPSERT = pg_insert(reviews)
_MAKE_CURRENT = _UPSERT.on_conflict_do_update(
    index_elements=[reviews.c.review_key],
    set_={**{name: _UPSERT.excluded[name]
             for name in ("tenant_id", "current_version", "content_hash", "updated_at", "snapshot")},
          "last_changed_at": func.now()},
)
_ADVANCE_TIME = update(reviews).where(reviews.c.review_key == bindparam("key")).values(updated_at=bindparam("at"))
_ADD_VERSIONS = pg_insert(review_versions).on_conflict_do_nothing()


class CurrentRow(NamedTuple):
    """A review's current version: what `make_current` stores in ingest.reviews."""

    review_key: str
    tenant_id: str
    current_version: int
    content_hash: str
    updated_at: datetime
    snapshot: dict[str, Any]


class VersionRow(NamedTuple):
    """One kept submission (a version, or a stale one with version None): a row of ingest.review_versions."""

    review_key: str
    version: int | None
    result: str
    content_hash: str
    updated_at: datetime
    snapshot: dict[str, Any]


class HistoryRow(NamedTuple):
    """One entry of a review's history, as GET /v1/reviews/{review_key} shows it."""

    version: int | None
    result: str
    updated_at: datetime
    received_at: datetime
    content_hash: str


class ReviewRepository:
    """Reviews' current versions and their version history."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, keys: Iterable[str]) -> None:
        """Serialise concurrent submissions of the same review until the transaction ends.

        Locks are taken in one sorted order, so two batches never deadlock.
        """
        await self.session.execute(_LOCK_KEYS, {"keys": sorted(set(keys))})

    async def current_versions(self, keys: Iterable[str]) -> dict[str, CurrentVersion]:
        """The current version of each of these reviews that exists."""
        rows = await self.session.execute(
            select(reviews.c.review_key, reviews.c.current_version, reviews.c.content_hash, reviews.c.updated_at)
            .where(reviews.c.review_key.in_(list(keys)))
        )
        return {row.review_key: CurrentVersion(row.current_version, row.content_hash, row.updated_at) for row in rows}

    async def make_current(self, rows: Sequence[CurrentRow]) -> None:
        """Upsert the current version of each review (one row per review_key), in one statement."""
        if rows:
            await self.session.execute(_MAKE_CURRENT, [row._asdict() for row in rows])

    async def advance_times(self, times: Mapping[str, datetime]) -> None:
        """Re-sent current versions with a later edit time: remember the time, make no version."""
        if times:
            await self.session.execute(_ADVANCE_TIME, [{"key": key, "at": at} for key, at in times.items()])

    async def add_versions(self, rows: Sequence[VersionRow]) -> None:
        """Keep versions as history, in order; a stale submission seen before is kept once."""
        if rows:
            await self.session.execute(_ADD_VERSIONS, [row._asdict() for row in rows])

    async def get(self, tenant_id: str, key: str) -> dict[str, Any] | None:
        """The tenant's review's current snapshot, as published, or None."""
        row = (
            await self.session.execute(
                select(reviews.c.snapshot).where(reviews.c.review_key == key, reviews.c.tenant_id == tenant_id)
            )
        ).first()
        return row.snapshot if row else None

    async def history(self, key: str) -> list[HistoryRow]:
        """Every version and stale submission kept of a review, in the order they arrived."""
        rows = await self.session.execute(
            select(review_versions.c.version, review_versions.c.result, review_versions.c.updated_at,
                   review_versions.c.received_at, review_versions.c.content_hash)
            .where(review_versions.c.review_key == key)
            .order_by(review_versions.c.id)
        )
        return [HistoryRow(*row) for row in rows]
