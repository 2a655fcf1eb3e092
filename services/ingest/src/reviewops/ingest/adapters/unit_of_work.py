"""Ingest's unit of work: the port its handlers take, and its PostgreSQL adapter."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.common.db.uow import SqlUnitOfWork, UnitOfWork
from reviewops.ingest.adapters.imports import ImportJobRepository, ReturnRepository
from reviewops.ingest.adapters.repository import ReviewRepository


class IngestUnitOfWork(UnitOfWork, Protocol):
    """One transaction with ingest's repositories."""

    reviews: ReviewRepository
    imports: ImportJobRepository
    returns: ReturnRepository


class SqlIngestUnitOfWork(SqlUnitOfWork):
    """Ingest's repositories on one PostgreSQL transaction."""

    reviews: ReviewRepository
    imports: ImportJobRepository
    returns: ReturnRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.reviews = ReviewRepository(session)
        self.imports = ImportJobRepository(session)
        self.returns = ReturnRepository(session)
