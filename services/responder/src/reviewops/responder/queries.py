"""What the responder's routes read: drafts, the queue, a tenant's templates and settings."""

from __future__ import annotations

import uuid

from reviewops.responder.adapters.unit_of_work import ResponderUnitOfWork
from reviewops.responder.domain.drafts import Draft
from reviewops.responder.domain.queue import QueueEntry, QueueFilter
from reviewops.responder.domain.settings import TenantSettings


async def read_draft(uow: ResponderUnitOfWork, tenant_id: str, draft_id: uuid.UUID) -> Draft | None:
    """The tenant's draft with this id, or None."""
    return await uow.drafts.get(tenant_id, draft_id)


async def read_queue(uow: ResponderUnitOfWork, wanted: QueueFilter, limit: int) -> list[QueueEntry]:
    """Up to `limit` queue items in priority order, as `wanted` narrows the queue."""
    return await uow.drafts.queue_page(wanted, limit)


async def template_overrides(uow: ResponderUnitOfWork, tenant_id: str) -> dict[tuple[str, str, str], str]:
    """The tenant's own templates, keyed (channel, language, part)."""
    return (await uow.templates.overrides([tenant_id])).get(tenant_id, {})


async def tenant_settings(uow: ResponderUnitOfWork, tenant_id: str) -> TenantSettings:
    """The tenant's settings, or the defaults where it saved none."""
    return (await uow.settings.of([tenant_id])).get(tenant_id, TenantSettings())
