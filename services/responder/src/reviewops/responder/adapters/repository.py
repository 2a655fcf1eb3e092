"""The responder's repositories: drafts, review heads, the audit trail, templates and tenant settings.

Rows leave as the domain's typed records (Draft, QueueEntry), never as SQLAlchemy rows."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import DateTime, Row, Select, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.responder.adapters.tables import draft_audit, draft_notes, drafts, review_heads, templates, tenant_settings
from reviewops.responder.domain.drafts import Draft, Head, NewDraft
from reviewops.responder.domain.lifecycle import (
    EXPIRING_CHANNELS,
    MESSAGING_WINDOW,
    OPEN_STATES,
    states_that_can_become,
)
from reviewops.responder.domain.queue import (
    HISTORY_DETAILS,
    HistoryEntry,
    Note,
    QueuedProduct,
    QueueEntry,
    QueueFilter,
    QueueStats,
    history_entry,
)
from reviewops.responder.domain.settings import TenantSettings

AUDITED = ("state", "text", "violations", "policy_version")
# What a queue item shows; the listing never reads the texts, reviews and classifications.
QUEUE_COLUMNS = tuple(drafts.c[field.name] for field in fields(QueueEntry))
_NEW_DRAFT_FIELDS = tuple(field.name for field in fields(NewDraft))


class ReviewHead(NamedTuple):
    """The latest version and classification revision of a review the responder has seen, and
    the primary cause its drafts were made for."""

    review_key: str
    tenant_id: str
    latest_version: int
    latest_revision: int
    cause: str


def _draft(row: Row[Any]) -> Draft:
    return Draft(**row._mapping)


class DraftRepository:
    """Drafts, the review heads that order their versions, and their audit trail."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_heads(self, review_keys: Sequence[str]) -> dict[str, Head]:
        """The latest version and revision seen of each review that has one, locked (in key order,
        so two transactions never deadlock) until the transaction ends."""
        rows = await self.session.execute(
            select(review_heads.c.review_key, review_heads.c.latest_version, review_heads.c.latest_revision,
                   review_heads.c.cause)
            .where(review_heads.c.review_key.in_(sorted(set(review_keys))))
            .order_by(review_heads.c.review_key)
            .with_for_update()
        )
        return {row.review_key: Head(row.latest_version, row.latest_revision, row.cause) for row in rows}

    async def set_heads(self, heads: Sequence[ReviewHead]) -> None:
        """Make these versions and revisions the reviews' latest, one per review."""
        statement = pg_insert(review_heads)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[review_heads.c.review_key],
                                            set_={"latest_version": statement.excluded.latest_version,
                                                  "latest_revision": statement.excluded.latest_revision,
                                                  "cause": statement.excluded.cause}),
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
        """Insert drafts, skipping any whose review version, revision and channel has one; the new drafts by id."""
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
                    before: Draft | Mapping[str, Any] | None, after: Draft | Mapping[str, Any],
                    **details: Any) -> None:
        """Record one change of one draft in the audit trail."""
        await self.audit_many([audit_entry(draft_id, tenant_id, principal, change, before, after, **details)])

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

    async def queue_stats(self) -> QueueStats:
        """Open drafts by state and channel, the overdue ones, and the longest wait of a ready one
        (since its last change), all by the database's clock."""
        waited = func.extract("epoch", func.now() - drafts.c.updated_at)
        rows = await self.session.execute(
            select(drafts.c.state, drafts.c.channel, func.count().label("items"),
                   func.count().filter(drafts.c.due_at < func.now()).label("overdue"),
                   func.max(waited).filter(drafts.c.state == "ready").label("ready_waited"))
            .where(drafts.c.state.in_(OPEN_STATES))
            .group_by(drafts.c.state, drafts.c.channel)
        )
        groups = rows.all()
        return QueueStats(
            items={(row.state, row.channel): row.items for row in groups},
            overdue=sum(row.overdue for row in groups),
            oldest_ready_seconds=max((float(row.ready_waited) for row in groups if row.ready_waited is not None),
                                     default=0.0),
        )

    async def products(self, tenant_id: str) -> list[QueuedProduct]:
        """The tenant's ASINs that have queue items, most open items first."""
        rows = await self.session.execute(
            select(drafts.c.marketplace, drafts.c.asin,
                   func.max(drafts.c.review["product_title"].astext).label("product_title"),
                   func.count(func.distinct(drafts.c.review_key)).label("reviews"),
                   func.count().filter(drafts.c.state.in_(OPEN_STATES)).label("open_items"))
            .where(drafts.c.tenant_id == tenant_id, drafts.c.asin.isnot(None))
            .group_by(drafts.c.marketplace, drafts.c.asin)
            .order_by(func.count().filter(drafts.c.state.in_(OPEN_STATES)).desc(), drafts.c.marketplace,
                      drafts.c.asin)
        )
        return [QueuedProduct(**row._mapping) for row in rows]

    async def assign(self, draft_id: uuid.UUID, assignee: str | None) -> Draft | None:
        """Give an open draft to `assignee` (None: to nobody); the draft after, or None if it is closed."""
        result = await self.session.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.state.in_(OPEN_STATES))
            .values(assignee=assignee, updated_at=func.now())
            .returning(drafts)
        )
        row = result.first()
        return _draft(row) if row is not None else None

    async def add_note(self, draft_id: uuid.UUID, tenant_id: str, author: str, text: str) -> Note:
        """Store an agent's note on a draft."""
        result = await self.session.execute(
            draft_notes.insert().values(draft_id=draft_id, tenant_id=tenant_id, author=author, text=text)
            .returning(draft_notes.c.id, draft_notes.c.draft_id, draft_notes.c.author, draft_notes.c.text,
                       draft_notes.c.created_at)
        )
        return Note(**result.one()._mapping)

    async def notes(self, draft_id: uuid.UUID) -> list[Note]:
        """A draft's notes, oldest first."""
        rows = await self.session.execute(
            select(draft_notes.c.id, draft_notes.c.draft_id, draft_notes.c.author, draft_notes.c.text,
                   draft_notes.c.created_at)
            .where(draft_notes.c.draft_id == draft_id).order_by(draft_notes.c.id)
        )
        return [Note(**row._mapping) for row in rows]

    async def history(self, draft_id: uuid.UUID) -> list[HistoryEntry]:
        """A draft's audit trail, oldest first: who did what and when."""
        rows = await self.session.execute(
            select(draft_audit.c.change, draft_audit.c.principal, draft_audit.c.at, draft_audit.c.before,
                   draft_audit.c.after)
            .where(draft_audit.c.draft_id == draft_id).order_by(draft_audit.c.id)
        )
        return [history_entry(row.change, row.principal, row.at, row.before, row.after) for row in rows]


def audit_entry(draft_id: uuid.UUID, tenant_id: str, principal: str, change: str,
                before: Draft | Mapping[str, Any] | None, after: Draft | Mapping[str, Any],
                **details: Any) -> dict[str, Any]:
    """One audit row: who changed what of a draft, with the audited fields before and after, and
    what describes the change itself (a rejection's reason, the new assignee, a note's id)."""
    unknown = set(details) - set(HISTORY_DETAILS)
    if unknown:
        raise ValueError(f"not audit details: {sorted(unknown)}")
    return dict(draft_id=draft_id, tenant_id=tenant_id, principal=principal, change=change,
                before=_audited(before), after={**(_audited(after) or {}), **details})


def _audited(row: Draft | Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    if isinstance(row, Draft):
        return {key: getattr(row, key) for key in AUDITED}
    return {key: row[key] for key in AUDITED if key in row}


def _search(text: str) -> Any:
    """An order id, external id or ASIN exactly, or a part of the review's or the draft's text."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    review = drafts.c.review
    return or_(
        drafts.c.external_id == text,
        review["order_id"].astext == text,
        drafts.c.asin == text.upper(),
        review["body"].astext.ilike(pattern, escape="\\"),
        review["title"].astext.ilike(pattern, escape="\\"),
        review["product_title"].astext.ilike(pattern, escape="\\"),
        drafts.c.text.ilike(pattern, escape="\\"),
    )


def queue_query(wanted: QueueFilter) -> Select:
    """The queue in its order (due time, then priority bucket, then id), filtered, after a cursor position."""
    conditions = [drafts.c.tenant_id == wanted.tenant_id]
    if wanted.wanted_states:
        conditions.append(drafts.c.state.in_(wanted.wanted_states))
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
    if wanted.search:
        conditions.append(_search(wanted.search))
    if wanted.unassigned:
        conditions.append(drafts.c.assignee.is_(None))
    elif wanted.assignee is not None:
        conditions.append(drafts.c.assignee == wanted.assignee)
    if wanted.after is not None:
        # A row-value comparison, not an OR: PostgreSQL turns it into an index condition on
        # ix_drafts_queue (or ix_drafts_open_queue) and seeks to the page instead of scanning every earlier row.
        conditions.append(tuple_(drafts.c.due_at, drafts.c.priority, drafts.c.id) > tuple_(*wanted.after))
    return (
        select(*QUEUE_COLUMNS)
        .where(*conditions)
        .order_by(drafts.c.due_at, drafts.c.priority, drafts.c.id)
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
