"""Ingest's repositories of file import jobs and of return lines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import func

from reviewops.ingest.adapters.tables import import_jobs, returns
from reviewops.ingest.domain.imports import ReturnLine

_ADD_RETURNS = pg_insert(returns).on_conflict_do_nothing().returning(returns.c.return_key)


class NewImportJob(NamedTuple):
    """A job as it starts: what was asked for and the encoding found."""

    id: uuid.UUID
    tenant_id: str
    principal_id: str | None
    format: str
    marketplace: str
    default_fulfillment: str | None
    encoding: str
    runner: str


class ImportJobRow(NamedTuple):
    """A job as GET /v1/imports/{id} shows it."""

    id: uuid.UUID
    format: str
    marketplace: str
    encoding: str
    state: str
    rows: int
    counts: dict[str, int]
    errors: list[dict[str, Any]]
    problem: str | None
    created_at: datetime
    finished_at: datetime | None


class StoredReturn(NamedTuple):
    """One return line as ingest keeps it (a row of ingest.returns): the checked line, its key,
    tenant and the import that brought it."""

    return_key: str
    tenant_id: str
    line: ReturnLine
    import_id: uuid.UUID | None

    def columns(self) -> dict[str, Any]:
        """The row's values by column of ingest.returns."""
        return {**asdict(self.line), "return_key": self.return_key, "tenant_id": self.tenant_id,
                "import_id": self.import_id}


class ImportJobRepository:
    """Import jobs: their state, progress and first errors."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, job: NewImportJob) -> None:
        """Record a job as running."""
        await self.session.execute(import_jobs.insert().values(**job._asdict(), state="running"))

    async def record_progress(self, job_id: uuid.UUID, rows: int, counts: dict[str, int],
                              errors: list[dict[str, Any]]) -> None:
        """The rows read so far, the counts per result and the errors kept; the job is alive."""
        await self.session.execute(
            update(import_jobs).where(import_jobs.c.id == job_id)
            .values(rows=rows, counts=counts, errors=errors, heartbeat_at=func.now())
        )

    async def finish(self, job_id: uuid.UUID, state: str, problem: str | None = None) -> None:
        """End a running job as done or failed; a job already ended stays as it is."""
        await self.session.execute(
            update(import_jobs).where(import_jobs.c.id == job_id, import_jobs.c.state == "running")
            .values(state=state, problem=problem, finished_at=func.now())
        )

    async def fail_interrupted(self, silent_since: datetime, problem: str, runner: str | None = None) -> int:
        """Mark failed the running jobs no runner has touched since `silent_since` (their process
        died) and, given a runner that just started, all of its own; how many there were."""
        interrupted = import_jobs.c.heartbeat_at < silent_since
        if runner is not None:
            interrupted = or_(interrupted, import_jobs.c.runner == runner)
        result = await self.session.execute(
            update(import_jobs)
            .where(import_jobs.c.state == "running", interrupted)
            .values(state="failed", problem=problem, finished_at=func.now())
            .returning(import_jobs.c.id)
        )
        return len(result.all())

    async def get(self, tenant_id: str, job_id: uuid.UUID) -> ImportJobRow | None:
        """The tenant's job, or None."""
        c = import_jobs.c
        row = (await self.session.execute(
            select(c.id, c.format, c.marketplace, c.encoding, c.state, c.rows, c.counts, c.errors, c.problem,
                   c.created_at, c.finished_at)
            .where(c.id == job_id, c.tenant_id == tenant_id)
        )).first()
        return ImportJobRow(*row) if row else None


class ReturnRepository:
    """Return lines, once each."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(self, rows: Sequence[StoredReturn]) -> set[str]:
        """Store the lines not stored before, in one statement; the keys of those that were new."""
        if not rows:
            return set()
        inserted = await self.session.execute(_ADD_RETURNS, [row.columns() for row in rows])
        return set(inserted.scalars())
