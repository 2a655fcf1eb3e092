"""The responder's repositories: drafts, review heads, the audit trail, templates and tenant settings.

Rows leave as the domain's typed records (Draft, QueueEntry), never as SQLAlchemy rows."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import DateTime, Row, Select, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.responder.adapters.tables import draft_audit, drafts, review_heads, templates, tenant_settings
from reviewops.responder.domain.drafts import Draft, NewDraft
from reviewops.responder.domain.lifecycle import (
    EXPIRING_CHANNELS,
    MESSAGING_WINDOW,
    OPEN_STATES,
    states_that_can_become,
)
from reviewops.responder.domain.queue import QueueEntry, QueueFilter
from reviewops.responder.domain.settings import TenantSettings

AUDITED = ("state", "text", "violations", "policy_version")
# What a queue item shows; the listing never reads the texts, reviews and classifications.
QUEUE_COLUMNS = tuple(field.name for field in fields(QueueEntry))
_NEW_DRAFT_FIELDS = tuple(field.name for field in fields(NewDraft))


class ReviewHead(NamedTuple):
    """The latest version of a review the responder has made drafts for."""

    review_key: str
    tenant_id: str
    latest_version: int


def _draft(row: Row[Any]) -> Draft:
    return Draft(**row._mapping)


class DraftRepository:
    """Drafts, the review heads that order their versions, and their audit trail."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_heads(self, review_keys: Sequence[str]) -> dict[str, int]:
        """The latest version seen of each review that has one, locked (in key order, so two
        transactions never deadlock) until the transaction ends."""
        rows = await self.session.execute(
            select(review_heads.c.review_key, review_heads.c.latest_version)
            .where(review_heads.c.review_key.in_(sorted(set(review_keys))))
            .order_by(review_heads.c.review_key)
            .with_for_update()
        )
        return {row.review_key: row.latest_version for row in rows}

    async def set_heads(self, heads: Sequence[ReviewHead]) -> None:
        """Make these versions the reviews' latest, one per review."""
        statement = pg_insert(review_heads)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[review_heads.c.review_key],
                                            set_={"latest_version": statement.excluded.latest_version}),
            [head._asdict() for head in heads],
        )

    async def open_drafts_of(self, review_keys: Sequence[str]) -> list[Draft]:
        """The open drafts of these reviews, locked until the transaction ends."""
        rows = await self.session.execute(
            select(drafts)
            .where(drafts.c.review_key.in_(sorted(set(review_keys))), drafts.c.state.in_(OPEN_STATES))
            .order_by(drafts.c.id)
            .with_for_update()
        )
        return [_draft(row) for row in rows]

    async def retire(self, draft_ids: Sequence[uuid.UUID], state: str) -> list[Draft]:
        """Move open drafts (locked by open_drafts_of) to `state`; the drafts after."""
        result = await self.session.execute(
            update(drafts)
            .where(drafts.c.id.in_(list(draft_ids)), drafts.c.state.in_(states_that_can_become(state)))
            .values(state=state, updated_at=func.now())
            .returning(drafts)
        )
        return [_draft(row) for row in result]

    async def insert_many(self, new: Sequence[NewDraft]) -> dict[uuid.UUID, Draft]:
        """Insert drafts, skipping any whose review version and channel has one; the new drafts by id."""
        values = [{name: getattr(draft, name) for name in _NEW_DRAFT_FIELDS} for draft in new]
        result = await self.session.execute(pg_insert(drafts).on_conflict_do_nothing().returning(drafts), values)
        return {row.id: _draft(row) for row in result}

    async def update(self, draft_id: uuid.UUID, expected_state: str, **changes: Any) -> Draft | None:
        """Change a draft only if it is still in `expected_state`; the draft after, or None."""
        result = await self.session.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.state == expected_state)
            .values(**changes, updated_at=func.now())
            .returning(drafts)
        )
        row = result.first()
        return _draft(row) if row is not None else None

    async def audit(self, draft_id: uuid.UUID, tenant_id: str, principal: str, change: str,
                    before: Draft | Mapping[str, Any] | None, after: Draft) -> None:
        """Record one change of one draft in the audit trail."""
        await self.audit_many([audit_entry(draft_id, tenant_id, principal, change, before, after)])

    async def audit_many(self, entries: Sequence[dict[str, Any]]) -> None:
        """Write audit_entry rows in one statement."""
        if entries:
            await self.session.execute(draft_audit.insert(), list(entries))

    async def expire_messages(self, now: datetime) -> list[tuple[Draft, str]]:
        """Open drafts of the channels that expire, whose order completed more than the messaging
        window ago, become expired; returns (draft after, state before) for each."""
        completed = drafts.c.review["order_completed_at"].astext.cast(DateTime(timezone=True))
        due = (
            select(drafts.c.id, drafts.c.state)
            .where(drafts.c.channel.in_(EXPIRING_CHANNELS), drafts.c.state.in_(states_that_can_become("expired")),
                   completed.isnot(None), completed < now - MESSAGING_WINDOW)
            .with_for_update(skip_locked=True)
            .cte("due")
        )
        rows = await self.session.execute(
            update(drafts).where(drafts.c.id == due.c.id).values(state="expired", updated_at=func.now())
            .returning(drafts, due.c.state.label("previous_state"))
        )
        found = []
        for row in rows:
            values = dict(row._mapping)
            previous = values.pop("previous_state")
            found.append((Draft(**values), previous))
        return found

    async def pending_checks(self, limit: int) -> list[Draft]:
        """The drafts still waiting for a check, oldest first."""
        rows = await self.session.execute(
            select(drafts).where(drafts.c.state == "pending_check").order_by(drafts.c.created_at).limit(limit)
        )
        return [_draft(row) for row in rows]

    async def get(self, tenant_id: str, draft_id: uuid.UUID) -> Draft | None:
        """The tenant's draft with this id, or None."""
        row = (
            await self.session.execute(select(drafts).where(drafts.c.id == draft_id, drafts.c.tenant_id == tenant_id))
        ).first()
        return _draft(row) if row is not None else None

    async def queue_page(self, wanted: QueueFilter, limit: int) -> list[QueueEntry]:
        """Up to `limit` queue items in the queue's order, as `wanted` narrows it."""
        rows = await self.session.execute(queue_query(wanted).limit(limit))
        return [QueueEntry(**row._mapping) for row in rows]


def audit_entry(draft_id: uuid.UUID, tenant_id: str, principal: str, change: str,
                before: Draft | Mapping[str, Any] | None, after: Draft | Mapping[str, Any]) -> dict[str, Any]:
    """One audit row: who changed what of a draft, with the audited fields before and after."""
    return dict(draft_id=draft_id, tenant_id=tenant_id, principal=principal, change=change,
                before=_audited(before), after=_audited(after))


def _audited(row: Draft | Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    if isinstance(row, Draft):
        return {key: getattr(row, key) for key in AUDITED}
    return {key: row[key] for key in AUDITED if key in row}


def queue_query(wanted: QueueFilter) -> Select:
    """The queue in priority order (bucket, then due time, then id), filtered, after a cursor position."""
    conditions = [drafts.c.tenant_id == wanted.tenant_id]
    if wanted.states:
        conditions.append(drafts.c.state.in_(wanted.states))
    if wanted.causes:
        conditions.append(drafts.c.cause.in_(wanted.causes))
    if wanted.channels:
        conditions.append(drafts.c.channel.in_(wanted.channels))
    if wanted.asin:
        conditions.append(drafts.c.asin == wanted.asin)
    if wanted.marketplace:
        conditions.append(drafts.c.marketplace == wanted.marketplace)
    if wanted.language:
        conditions.append(drafts.c.language == wanted.language)
    if wanted.overdue_at is not None:
        conditions += [drafts.c.due_at < wanted.overdue_at, drafts.c.state.in_(OPEN_STATES)]
    if wanted.after is not None:
        # A row-value comparison, not an OR: PostgreSQL turns it into an index condition on
        # ix_drafts_queue and seeks to the page instead of scanning every earlier row.
        conditions.append(tuple_(drafts.c.priority, drafts.c.due_at, drafts.c.id) > tuple_(*wanted.after))
    return (
        select(*(drafts.c[name] for name in QUEUE_COLUMNS))
        .where(*conditions)
        .order_by(drafts.c.priority, drafts.c.due_at, drafts.c.id)
    )


class TemplateRepository:
    """Tenants' template overrides, keyed (channel, language, part): a part is a cause (its whole
    layout) or a paragraph key."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def overrides(self, tenant_ids: Sequence[str]) -> dict[str, dict[tuple[str, str, str], str]]:
        """Each tenant's overrides, for those that have any."""
        rows = await self.session.execute(select(templates).where(templates.c.tenant_id.in_(list(tenant_ids))))
        found: dict[str, dict[tuple[str, str, str], str]] = {}
        for row in rows:
            found.setdefault(row.tenant_id, {})[(row.channel, row.language, row.part)] = row.template
        return found

    async def save(self, tenant_id: str, items: Sequence[tuple[str, str, str, str]], principal: str) -> None:
        """Upsert (channel, language, part, template) overrides of one tenant."""
        for channel, language, part, source in items:
            values = dict(tenant_id=tenant_id, channel=channel, language=language, part=part, template=source,
                          updated_by=principal)
            await self.session.execute(
                pg_insert(templates).values(**values).on_conflict_do_update(
                    index_elements=[templates.c.tenant_id, templates.c.channel, templates.c.language,
                                    templates.c.part],
                    set_={"template": source, "updated_by": principal, "updated_at": func.now()},
                )
            )


class SettingsRepository:
    """Tenants' settings: brand name, signatures per language, return window."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, tenant_ids: Sequence[str]) -> dict[str, TenantSettings]:
        """The settings of those tenants that saved any."""
        rows = await self.session.execute(
            select(tenant_settings).where(tenant_settings.c.tenant_id.in_(list(tenant_ids))))
        return {row.tenant_id: TenantSettings(row.brand_name, dict(row.signatures), row.return_window_days)
                for row in rows}

    async def save(self, tenant_id: str, settings: TenantSettings, principal: str) -> None:
        """Replace one tenant's settings."""
        values = dict(brand_name=settings.brand_name, signatures=dict(settings.signatures),
                      return_window_days=settings.return_window_days, updated_by=principal)
        await self.session.execute(
            pg_insert(tenant_settings).values(tenant_id=tenant_id, **values).on_conflict_do_update(
                index_elements=[tenant_settings.c.tenant_id], set_={**values, "updated_at": func.now()}))
