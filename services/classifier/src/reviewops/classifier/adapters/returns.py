"""The classifier's repository of returns' causes, one row per return line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from reviewops.classifier.adapters.tables import return_classifications

_ADD_NEW = pg_insert(return_classifications).on_conflict_do_nothing().returning(return_classifications.c.return_key)


class ReturnClassificationRow(NamedTuple):
    """A return line's cause as the classifier keeps it."""

    return_key: str
    tenant_id: str
    marketplace: str
    asin: str | None
    sku: str
    returned_at: datetime
    quantity: int
    reason: str
    primary_cause: str
    causes: list[dict[str, Any]]
    decided_by: str
    language: str
    model_version: str


class ReturnClassificationRepository:
    """Returns' causes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(self, rows: Sequence[ReturnClassificationRow]) -> set[str]:
        """Store each line's cause in one statement; the keys of the lines that had none before."""
        if not rows:
            return set()
        inserted = await self.session.execute(_ADD_NEW, [row._asdict() for row in rows])
        return set(inserted.scalars())
