"""Giving the sample tenant its settings, posting the bundled sample reviews through ingest's REST API
and waiting for their drafts."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx


def load_samples(path: Path) -> list[dict[str, Any]]:
    """The review submissions of samples/reviews.jsonl (each line: expected_cause and review)."""
    return [json.loads(line)["review"] for line in path.read_text("utf-8").splitlines() if line.strip()]


_TIMES = ("created_at", "updated_at", "order_completed_at")


def as_if_recent(reviews: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The samples as if each had been written in the last hour, each keeping the time from its order
    to it: a demo posts them as fresh reviews, inside the 30-day messaging window, as live ones arrive."""
    def parsed(value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))

    moved = []
    for index, review in enumerate(reviews):
        shift = now - timedelta(minutes=60 - index % 60) - parsed(review["created_at"])
        moved.append({**review, **{name: (parsed(review[name]) + shift).isoformat() for name in _TIMES if name in review}})
    return moved


def put_settings(responder_url: str, key: str, path: Path) -> None:
    """The sample tenant's settings (samples/settings.json), so its drafts are signed for its brand."""
    response = httpx.put(f"{responder_url}/v1/settings", json=json.loads(path.read_text("utf-8")),
                         headers={"Authorization": f"Bearer {key}"}, timeout=30, trust_env=False)
    response.raise_for_status()


def post_reviews(ingest_url: str, key: str, reviews: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{ingest_url}/v1/reviews:batch",
        json={"items": reviews},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
        trust_env=False,
    )
    response.raise_for_status()
    return response.json()["results"]


def queued_review_keys(responder_url: str, key: str) -> set[str]:
    """Every review key with at least one item in the queue, across all pages."""
    keys: set[str] = set()
    cursor = None
    with httpx.Client(base_url=responder_url, headers={"Authorization": f"Bearer {key}"}, trust_env=False) as client:
        while True:
            params: dict[str, Any] = {"limit": 500}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/v1/queue", params=params, timeout=30).raise_for_status().json()
            keys.update(item["review_key"] for item in page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                return keys


def wait_for_drafts(responder_url: str, key: str, expected: set[str], timeout: float = 120.0) -> set[str]:
    """Poll the queue until every expected review key has drafts; returns those still missing."""
    deadline = time.monotonic() + timeout
    missing = set(expected)
    while missing and time.monotonic() < deadline:
        missing = expected - queued_review_keys(responder_url, key)
        if missing:
            time.sleep(0.5)
    return missing
