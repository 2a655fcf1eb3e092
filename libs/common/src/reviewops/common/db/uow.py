"""The unit of work: data, outbox rows and processed-event records commit together.

`UnitOfWork` is the port handlers are written against; `SqlUnitOfWork` is its PostgreSQL
adapter, which each service extends with its repositories (`_open_repositories`), and
tests/support/fake_uow.py the in-memory fake the unit tests drive handlers with.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

from pydantic import BaseModel
from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.common.db.database import Database
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import topic_for_event_type
from reviewops.common.telemetry import current_carrier


class UnitOfWork(Protocol):
    """The port: one transaction. Commits on a clean exit, rolls back on an exception; what it
    publishes leaves only after the commit. A service's port adds its repositories as attributes."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def claim(self, consumer: str, events: Sequence[Event]) -> list[Event]:
        """Record events as processed by `consumer`; return only those not processed before."""
        ...

    async def publish(
        self,
        event_type: str,
        tenant_id: str,
        key: str,
        payload: BaseModel,
        caused_by: Event | None = None,
    ) -> Event:
        """Publish an event once the transaction commits; its trace context is that of `caused_by`."""
        ...


def new_event(producer: str, event_type: str, tenant_id: str, key: str, payload: BaseModel) -> tuple[str, Event]:
    """The topic and the envelope of an event to publish; refuses a payload of another event type."""
    topic = topic_for_event_type(event_type)
    expected = topic.event_types[event_type]
    if not isinstance(payload, expected):
        raise TypeError(f"{event_type} takes a {expected.__name__} payload, not {type(payload).__name__}")
    event = Event[expected](
        event_type=event_type, producer=producer, tenant_id=tenant_id, key=key, payload=payload
    )
    return topic.name, event


class SqlUnitOfWork:
    """One database transaction. Commits on a clean exit, rolls back on an exception.

    Events published through it are outbox rows in the same transaction; the relay is
    woken only after the commit, so nothing leaves before the data it describes exists.
    The rows are written in one statement just before the commit, in the order they were
    published (the outbox id keeps that order), instead of one round trip per event.
    """

    def __init__(self, database: Database, producer: str) -> None:
        self._database = database
        self._producer = producer
        self._outbox_rows: list[dict] = []
        self.session: AsyncSession

    async def __aenter__(self) -> Self:
        self.session = self._database.sessions()
        await self.session.begin()
        self._open_repositories(self.session)
        return self

    def _open_repositories(self, session: AsyncSession) -> None:
        """A service's unit of work builds its repositories on the transaction's session here."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                if self._outbox_rows:
                    await self.session.execute(insert(self._database.outbox), self._outbox_rows)
                await self.session.commit()
                if self._outbox_rows:
                    self._database.outbox_written.set()
            else:
                await self.session.rollback()
        finally:
            await self.session.close()

    async def claim(self, consumer: str, events: Sequence[Event]) -> list[Event]:
        """Record events as processed by `consumer`; return only those not processed before."""
        if not events:
            return []
        table = self._database.processed_events
        statement = (
            pg_insert(table)
            .values([{"consumer": consumer, "event_id": event.event_id} for event in events])
            .on_conflict_do_nothing()
            .returning(table.c.event_id)
        )
        fresh = set((await self.session.execute(statement)).scalars())
        seen: set = set()
        claimed = []
        for event in events:
            # A batch may carry the same event twice (a replay); apply it once.
            if event.event_id in fresh and event.event_id not in seen:
                seen.add(event.event_id)
                claimed.append(event)
        return claimed

    async def publish(
        self,
        event_type: str,
        tenant_id: str,
        key: str,
        payload: BaseModel,
        caused_by: Event | None = None,
    ) -> Event:
        """Write an event to the outbox; its trace context is that of the event that caused it."""
        topic, event = new_event(self._producer, event_type, tenant_id, key, payload)
        carrier = caused_by.trace_carrier if caused_by is not None and caused_by.trace_carrier else current_carrier()
        self._outbox_rows.append(
            dict(event_id=event.event_id, topic=topic, key=key, value=event.to_json(), trace_carrier=dict(carrier))
        )
        return event
