"""What the responder's routes read (drafts, the queue, a tenant's templates and settings) and its queue
metrics."""

from __future__ import annotations

import uuid

from reviewops.responder.adapters.unit_of_work import ResponderUnitOfWork
from reviewops.responder.domain.drafts import Draft
from reviewops.responder.domain.queue import HistoryEntry, Note, QueuedProduct, QueueEntry, QueueFilter, QueueStats
from reviewops.responder.domain.settings import TenantSettings


async def read_draft_record(uow: ResponderUnitOfWork, tenant_id: str,
                            draft_id: uuid.UUID) -> tuple[Draft, list[Note], list[HistoryEntry]] | None:
    """The tenant's draft with its notes and its history (who did what), or None."""
    draft = await uow.drafts.get(tenant_id, draft_id)
    if draft is None:
        return None
    return draft, await uow.drafts.notes(draft_id), await uow.drafts.history(draft_id)


async def read_queue(uow: ResponderUnitOfWork, wanted: QueueFilter, limit: int) -> list[QueueEntry]:
    """Up to `limit` queue items in priority order, as `wanted` narrows the queue."""
    return await uow.drafts.queue_page(wanted, limit)


async def queued_products(uow: ResponderUnitOfWork, tenant_id: str) -> list[QueuedProduct]:
    """The tenant's ASINs that have queue items (for the root-cause view's picker)."""
    return await uow.drafts.products(tenant_id)


async def template_overrides(uow: ResponderUnitOfWork, tenant_id: str) -> dict[tuple[str, str, str], str]:
    """The tenant's own templates, keyed (channel, language, part)."""
    return (await uow.templates.overrides([tenant_id])).get(tenant_id, {})


async def queue_stats(uow: ResponderUnitOfWork) -> QueueStats:
    """Every tenant's open drafts counted for the queue metrics."""
    return await uow.drafts.queue_stats()


async def tenant_settings(uow: ResponderUnitOfWork, tenant_id: str) -> TenantSettings:
    """The tenant's settings, or the defaults where it saved none."""
    return (await uow.settings.of([tenant_id])).get(tenant_id, TenantSettings())
