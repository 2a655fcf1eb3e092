"""The list convention of DESIGN.md: {"items": [...]}, at most 500, answered in order."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from reviewops.common.errors import DomainError

MAX_ITEMS = 500
ItemT = TypeVar("ItemT")


class ItemList(BaseModel, Generic[ItemT]):
    items: list[ItemT]


class ResultList(BaseModel, Generic[ItemT]):
    results: list[ItemT] = Field(description="One result per item, in the order of the items")


def check_list_size(items: list[Any]) -> None:
    """More than MAX_ITEMS items is a 413 (DESIGN.md: Lists)."""
    if len(items) > MAX_ITEMS:
        raise DomainError(
            title="Content Too Large",
            detail=f"At most {MAX_ITEMS} items per request; this one has {len(items)}.",
            status=413,
        )
