"""The classifier's unit of work: the port its handlers take, and its PostgreSQL adapter."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.classifier.adapters.insights import InsightRepository
from reviewops.classifier.adapters.repository import ClassificationRepository, LabelRepository
from reviewops.classifier.adapters.returns import ReturnClassificationRepository
from reviewops.common.db.uow import SqlUnitOfWork, UnitOfWork


class ClassifierUnitOfWork(UnitOfWork, Protocol):
    """One transaction with the classifier's repositories."""

    classifications: ClassificationRepository
    insights: InsightRepository
    labels: LabelRepository
    returns: ReturnClassificationRepository


class SqlClassifierUnitOfWork(SqlUnitOfWork):
    """The classifier's repositories on one PostgreSQL transaction."""

    classifications: ClassificationRepository
    insights: InsightRepository
    labels: LabelRepository
    returns: ReturnClassificationRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.classifications = ClassificationRepository(session)
        self.insights = InsightRepository(session)
        self.labels = LabelRepository(session)
        self.returns = ReturnClassificationRepository(session)
