"""The responder's unit of work: the port its handlers take, and its PostgreSQL adapter."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.common.db.uow import SqlUnitOfWork, UnitOfWork
from reviewops.responder.adapters.repository import DraftRepository, SettingsRepository, TemplateRepository


class ResponderUnitOfWork(UnitOfWork, Protocol):
    """One transaction with the responder's repositories."""

    drafts: DraftRepository
    templates: TemplateRepository
    settings: SettingsRepository


class SqlResponderUnitOfWork(SqlUnitOfWork):
    """The responder's repositories on one PostgreSQL transaction."""

    drafts: DraftRepository
    templates: TemplateRepository
    settings: SettingsRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.drafts = DraftRepository(session)
        self.templates = TemplateRepository(session)
        self.settings = SettingsRepository(session)
