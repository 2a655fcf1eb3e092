"""Latency from POST /v1/reviews to a checked draft in the queue, one review at a time.

Runs against the `make up` stack (dev key, ports 8001-8004). Each review gets its own ASIN so
the queue can be polled for exactly it; polling every 5 ms bounds the measurement error.
Usage: python bench/post_to_draft.py [COUNT]
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
INGEST, RESPONDER = "http://127.0.0.1:8001", "http://127.0.0.1:8004"


def review(asin: str) -> dict:
    now = datetime.now(UTC)
    return {
        "marketplace": "US", "kind": "product_review", "external_id": f"RBENCH{uuid.uuid4().hex[:10]}",
        "asin": asin, "order_id": "113-0000000-0000001", "rating": 2, "title": "Stopped working",
        "body": "The blender stopped working after a week and the lid is broken.",
        "created_at": now.isoformat(), "order_completed_at": (now - timedelta(days=2)).isoformat(),
    }


def measure_one(client: httpx.Client) -> float:
    asin = "B" + uuid.uuid4().hex[:9].upper()
    started = time.perf_counter()
    client.post(f"{INGEST}/v1/reviews", json=review(asin)).raise_for_status()
    deadline = started + 30
    while time.perf_counter() < deadline:
        items = client.get(f"{RESPONDER}/v1/queue", params={"asin": asin}).raise_for_status().json()["items"]
        if items and all(item["state"] in ("ready", "blocked") for item in items):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"no checked draft for {asin} within 30 s")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    key = (ROOT / ".local" / "dev-api-key").read_text().strip()
    with httpx.Client(headers={"Authorization": f"Bearer {key}"}, timeout=30, trust_env=False) as client:
        measure_one(client)  # warm-up: connection pools, first consumer fetch
        samples = sorted(measure_one(client) for _ in range(count))
    ms = [s * 1000 for s in samples]
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    print(f"POST to checked draft, {count} reviews one at a time: "
          f"p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms, min {ms[0]:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
