"""The responder's repository: drafts, review heads and the audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Select, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.responder.adapters.tables import draft_audit, drafts, review_heads, templates
from reviewops.responder.domain.lifecycle import OPEN_STATES

AUDITED = ("state", "text", "violations", "policy_version")
# What a queue item shows; the listing never reads the texts, reviews and classifications.
QUEUE_COLUMNS = ("id", "review_key", "marketplace", "kind", "external_id", "asin", "channel", "state", "language",
                 "cause", "rating", "priority", "policy_version", "due_at")


class DraftRepository:
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

    async def set_heads(self, heads: Sequence[dict[str, Any]]) -> None:
        """Upsert {review_key, tenant_id, latest_version} rows, one per review."""
        statement = pg_insert(review_heads)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[review_heads.c.review_key],
                                            set_={"latest_version": statement.excluded.latest_version}),
            list(heads),
        )

    async def open_drafts_of(self, review_keys: Sequence[str]) -> list[Any]:
        """The open drafts of these reviews, locked until the transaction ends."""
        rows = await self.session.execute(
            select(drafts)
            .where(drafts.c.review_key.in_(sorted(set(review_keys))), drafts.c.state.in_(OPEN_STATES))
            .order_by(drafts.c.id)
            .with_for_update()
        )
        return list(rows)

    async def retire(self, draft_ids: Sequence[uuid.UUID], state: str) -> list[Any]:
        """Move open drafts (locked by open_drafts_of) to `state`; the rows after."""
        result = await self.session.execute(
            update(drafts)
            .where(drafts.c.id.in_(list(draft_ids)), drafts.c.state.in_(OPEN_STATES))
            .values(state=state, updated_at=func.now())
            .returning(drafts)
        )
        return list(result)

    async def insert_many(self, values: Sequence[dict[str, Any]]) -> dict[uuid.UUID, Any]:
        """Insert drafts, skipping any whose review version and channel has one; the new rows by id."""
        result = await self.session.execute(
            pg_insert(drafts).on_conflict_do_nothing().returning(drafts), list(values)
        )
        return {row.id: row for row in result}

    async def update(self, draft_id: uuid.UUID, expected_state: str, **changes: Any) -> Any | None:
        """Change a draft only if it is still in `expected_state`; the row after, or None."""
        result = await self.session.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.state == expected_state)
            .values(**changes, updated_at=func.now())
            .returning(drafts)
        )
        return result.first()

    async def audit(self, draft_id: uuid.UUID, tenant_id: str, principal: str, change: str,
                    before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        await self.audit_many([audit_entry(draft_id, tenant_id, principal, change, before, after)])

    async def audit_many(self, entries: Sequence[dict[str, Any]]) -> None:
        """Write audit_entry rows in one statement."""
        if entries:
            await self.session.execute(draft_audit.insert(), list(entries))

    async def expire_buyer_messages(self, now: datetime, window: timedelta) -> list[tuple[Any, str]]:
        """Open buyer messages whose order completed more than `window` ago become expired; returns
        (row after, state before) for each."""
        completed = drafts.c.review["order_completed_at"].astext.cast(DateTime(timezone=True))
        due = (
            select(drafts.c.id, drafts.c.state)
            .where(drafts.c.channel == "buyer_message", drafts.c.state.in_(OPEN_STATES),
                   completed.isnot(None), completed < now - window)
            .with_for_update(skip_locked=True)
            .cte("due")
        )
        rows = await self.session.execute(
            update(drafts).where(drafts.c.id == due.c.id).values(state="expired", updated_at=func.now())
            .returning(drafts, due.c.state.label("previous_state"))
        )
        return [(row, row.previous_state) for row in rows]

    async def pending_checks(self, limit: int) -> list[Any]:
        rows = await self.session.execute(
            select(drafts).where(drafts.c.state == "pending_check").order_by(drafts.c.created_at).limit(limit)
        )
        return list(rows)

    async def get(self, tenant_id: str, draft_id: uuid.UUID) -> Any | None:
        return (
            await self.session.execute(select(drafts).where(drafts.c.id == draft_id, drafts.c.tenant_id == tenant_id))
        ).first()

    async def page(self, query: Select, limit: int) -> Sequence[Any]:
        return list(await self.session.execute(query.limit(limit)))


def audit_entry(draft_id: uuid.UUID, tenant_id: str, principal: str, change: str,
                before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    return dict(draft_id=draft_id, tenant_id=tenant_id, principal=principal, change=change,
                before=_audited(before), after=_audited(after))


def _audited(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {key: row[key] for key in AUDITED if key in row}


def queue_query(
    tenant_id: str,
    *,
    states: Sequence[str] = (),
    causes: Sequence[str] = (),
    channels: Sequence[str] = (),
    asin: str | None = None,
    marketplace: str | None = None,
    language: str | None = None,
    overdue_at: datetime | None = None,
    after: tuple[int, datetime, uuid.UUID] | None = None,
) -> Select:
    """The queue in priority order (bucket, then due time, then id), filtered, after a cursor position."""
    conditions = [drafts.c.tenant_id == tenant_id]
    if states:
        conditions.append(drafts.c.state.in_(states))
    if causes:
        conditions.append(drafts.c.cause.in_(causes))
    if channels:
        conditions.append(drafts.c.channel.in_(channels))
    if asin:
        conditions.append(drafts.c.asin == asin)
    if marketplace:
        conditions.append(drafts.c.marketplace == marketplace)
    if language:
        conditions.append(drafts.c.language == language)
    if overdue_at is not None:
        conditions += [drafts.c.due_at < overdue_at, drafts.c.state.in_(OPEN_STATES)]
    if after is not None:
        # A row-value comparison, not an OR: PostgreSQL turns it into an index condition on
        # ix_drafts_queue and seeks to the page instead of scanning every earlier row.
        conditions.append(tuple_(drafts.c.priority, drafts.c.due_at, drafts.c.id) > tuple_(*after))
    return (
        select(*(drafts.c[name] for name in QUEUE_COLUMNS))
        .where(*conditions)
        .order_by(drafts.c.priority, drafts.c.due_at, drafts.c.id)
    )


class TemplateRepository:
    """Tenants' template overrides, keyed (channel, language, cause)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def overrides(self, tenant_ids: Sequence[str]) -> dict[str, dict[tuple[str, str, str], str]]:
        rows = await self.session.execute(select(templates).where(templates.c.tenant_id.in_(list(tenant_ids))))
        found: dict[str, dict[tuple[str, str, str], str]] = {}
        for row in rows:
            found.setdefault(row.tenant_id, {})[(row.channel, row.language, row.cause)] = row.template
        return found

    async def save(self, tenant_id: str, items: Sequence[tuple[str, str, str, str]], principal: str) -> None:
        for channel, language, cause, source in items:
            values = dict(tenant_id=tenant_id, channel=channel, language=language, cause=cause, template=source,
                          updated_by=principal)
            await self.session.execute(
                pg_insert(templates).values(**values).on_conflict_do_update(
                    index_elements=[templates.c.tenant_id, templates.c.channel, templates.c.language,
                                    templates.c.cause],
                    set_={"template": source, "updated_by": principal, "updated_at": func.now()},
                )
            )
