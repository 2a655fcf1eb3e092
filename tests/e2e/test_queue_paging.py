"""GET /v1/queue's cursor walked to the end: small pages, followed by `next_cursor`, list exactly what one
big page lists, in the same order (due time, then priority, then id), with ties in due time and priority
broken by id across page edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e


def pages(client: Client, limit: int) -> list[list[dict[str, Any]]]:
    """Every page of the queue at `limit` items a page, following the cursor."""
    found: list[list[dict[str, Any]]] = []
    cursor = None
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("responder", "/v1/queue", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        found.append(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            return found
        assert len(found) < 100, "the cursor does not move on"


def test_paging_the_queue_with_the_cursor_lists_the_single_page_listing(client: Client) -> None:
    # Each review gets a buyer message and a ticket with one priority and due time (created_at + 24 h):
    # three reviews share one created_at, two another, one more has another rating (another bucket).
    early = datetime.now(UTC).replace(microsecond=123456) - timedelta(hours=5)
    late = early + timedelta(hours=1)
    submitted = [review(created_at=early.isoformat()) for _ in range(3)]
    submitted += [review(created_at=late.isoformat()) for _ in range(2)]
    submitted += [review(created_at=late.isoformat(), rating=1)]
    keys = set()
    for body in submitted:
        response = client.post("ingest", "/v1/reviews", json=body)
        assert response.status_code in (200, 201, 202), response.text
        keys.add(response.json()["review_key"])

    everything = wait_until(lambda: (lambda xs: xs if settled(xs) and {x["review_key"] for x in xs} == keys else [])(
        client.queue()), timeout=60)
    whole = client.get("responder", "/v1/queue", params={"limit": 500}).json()
    assert whole["next_cursor"] is None
    single = whole["items"]
    assert [item["id"] for item in single] == [item["id"] for item in everything]
    assert len(single) >= 2 * len(keys)

    def position(item: dict[str, Any]) -> tuple[datetime, int, str]:
        return datetime.fromisoformat(item["due_at"]), item["priority"], item["id"]

    assert single == sorted(single, key=position), "due time (overdue first), then priority, then id"
    ties = [position(item)[:2] for item in single]
    assert len(set(ties)) < len(ties) - 2, "several items share a due time and priority"

    for limit in (1, 2, 3):
        walked = pages(client, limit)
        assert all(len(page) == limit for page in walked[:-1]) and 1 <= len(walked[-1]) <= limit, limit
        ids = [item["id"] for page in walked for item in page]
        assert len(ids) == len(set(ids)), f"duplicates at limit={limit}"
        assert ids == [item["id"] for item in single], f"gaps or reordering at limit={limit}"
