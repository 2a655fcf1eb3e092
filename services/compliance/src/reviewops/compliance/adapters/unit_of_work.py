"""Compliance's unit of work: the port its handlers take, and its PostgreSQL adapter."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.common.db.uow import SqlUnitOfWork, UnitOfWork
from reviewops.compliance.adapters.repository import VerdictRepository


class ComplianceUnitOfWork(UnitOfWork, Protocol):
    """One transaction with compliance's repository."""

    verdicts: VerdictRepository


class SqlComplianceUnitOfWork(SqlUnitOfWork):
    """Compliance's repository on one PostgreSQL transaction."""

    verdicts: VerdictRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.verdicts = VerdictRepository(session)
