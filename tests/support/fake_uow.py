"""The in-memory fake of the unit-of-work port (reviewops.common.db.uow.UnitOfWork).

A `FakeStore` is what the fake "database" remembers across units of work: processed events and
published events, both only once a unit of work commits. Repositories are passed in as
attributes (each service's fakes keep their own rows), as the service's SQL unit of work has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from pydantic import BaseModel

from reviewops.common.db.uow import new_event
from reviewops.common.events.envelope import Event


@dataclass
class Published:
    topic: str
    event: Event
    caused_by: Event | None


@dataclass
class FakeStore:
    processed: dict[str, set] = field(default_factory=dict)
    published: list[Published] = field(default_factory=list)
    commits: int = 0
    rollbacks: int = 0

    def events(self, event_type: str | None = None) -> list[Event]:
        """What committed units of work published, in order (of one type, if given)."""
        return [p.event for p in self.published if event_type is None or p.event.event_type == event_type]


class FakeUnitOfWork:
    """Claims and publications held until a clean exit, dropped on an exception."""

    def __init__(self, store: FakeStore, producer: str, **repositories: Any) -> None:
        self.store = store
        self._producer = producer
        for name, repository in repositories.items():
            setattr(self, name, repository)
        self._claimed: dict[str, set] = {}
        self._published: list[Published] = []

    async def __aenter__(self) -> Self:
        self._claimed, self._published = {}, []
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        traceback: TracebackType | None) -> None:
        if exc_type is None:
            for consumer, ids in self._claimed.items():
                self.store.processed.setdefault(consumer, set()).update(ids)
            self.store.published.extend(self._published)
            self.store.commits += 1
        else:
            self.store.rollbacks += 1

    async def claim(self, consumer: str, events: Sequence[Event]) -> list[Event]:
        done = self.store.processed.setdefault(consumer, set()) | self._claimed.setdefault(consumer, set())
        claimed = []
        for event in events:
            if event.event_id not in done:
                done.add(event.event_id)
                self._claimed[consumer].add(event.event_id)
                claimed.append(event)
        return claimed

    async def publish(self, event_type: str, tenant_id: str, key: str, payload: BaseModel,
                      caused_by: Event | None = None) -> Event:
        topic, event = new_event(self._producer, event_type, tenant_id, key, payload)
        self._published.append(Published(topic, event, caused_by))
        return event
