"""Queue listing latency over HTTP: 100,000 drafts across 10 tenants, filtered on state, cause and
overdue, then as the console first asks (no filter: the open items, earliest due first), then a
word search, each walker reading pages 1 to 50 through the cursor, 8 walkers at a time.

Runs against the `make up` stack. The drafts are seeded straight into the responder's table (the
pipeline would take hours to make 100,000) for tenants bench-0 .. bench-9, replaced on every run.
Usage: python bench/queue_listing.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.devstack.postgres import ensure_postgres
from reviewops.devstack.stack import create_principal_key, dev_profile

ROOT = Path(__file__).resolve().parents[1]
TENANTS = [f"bench-{n}" for n in range(10)]
DRAFTS = 100_000
PAGES = 50
WALKERS = 8
FILTERS = [("state", "ready"), ("state", "blocked"), ("state", "pending_check"), ("state", "approved"),
           ("cause", "product_quality"), ("cause", "logistics"), ("cause", "instructions"),
           ("cause", "expectations"), ("overdue", "true"), ("limit", "50")]
LISTINGS = {"filters state/cause/overdue": FILTERS, "no filter (open items)": [("limit", "50")],
            "search q=lid": [("q", "lid"), ("limit", "50")]}

SEED = text("""
INSERT INTO responder.drafts (id, tenant_id, review_key, review_version, channel, state, text, policy_version,
    action, language, cause, marketplace, kind, external_id, asin, rating, snippet, review_created_at, priority,
    due_at, review, classification)
SELECT gen_random_uuid(), 'bench-' || (i % 10), 'bench-' || (i % 10) || ':US:product_review:RB' || i, 1,
    (ARRAY['buyer_message','internal_ticket'])[1 + i % 2],
    (ARRAY['ready','blocked','pending_check','approved','sent'])[1 + (i / 10) % 5],
    'We are sorry the item failed; a replacement is on its way.', '2026.11.1', '{}'::jsonb, 'en',
    (ARRAY['product_quality','logistics','instructions','expectations','preference','seller_service','other'])[1 + (i / 50) % 7],
    'US', 'product_review', 'RB' || i, 'B0BENCH' || lpad((i % 500)::text, 3, '0'), 1 + i % 3,
    'The blender stopped working after a week and the lid is broken.', now() - make_interval(hours => (i % 100) - 6),
    (i * 7) % 9, now() - make_interval(hours => (i % 100) - 30),
    jsonb_build_object('created_at', now() - make_interval(hours => (i % 100) - 6),
                       'body', 'The blender stopped working after a week and the lid is broken.'),
    '{}'::jsonb
FROM generate_series(1, :count) AS i
""")


async def seed(database_url: str) -> dict[str, str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM responder.drafts WHERE tenant_id LIKE 'bench-%'"))
            await connection.execute(SEED, {"count": DRAFTS})
        # Measure a settled table, not the aftermath of 100,000 inserts.
        async with engine.connect() as connection:
            await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(
                text("VACUUM ANALYZE responder.drafts"))
    finally:
        await engine.dispose()
    return {tenant: await create_principal_key(database_url, f"bench-agent-{tenant}", scopes=("queue:read",),
                                                tenants=[tenant]) for tenant in TENANTS}


async def walk(client: httpx.AsyncClient, key: str, filters: list[tuple[str, str]], timings: list[float]) -> int:
    cursor, pages = None, 0
    headers = {"Authorization": f"Bearer {key}"}
    while pages < PAGES:
        params = filters + ([("cursor", cursor)] if cursor else [])
        started = time.perf_counter()
        response = await client.get("/v1/queue", params=params, headers=headers)
        timings.append(time.perf_counter() - started)
        response.raise_for_status()
        pages += 1
        cursor = response.json()["next_cursor"]
        if not cursor:
            break
    return pages


async def main() -> int:
    profile = dev_profile(ROOT)
    database_url = profile.external_database_url or ensure_postgres(profile.postgres_dir)
    keys = await seed(database_url)
    async with httpx.AsyncClient(base_url=profile.url("responder"), timeout=30, trust_env=False) as client:
        for name, filters in LISTINGS.items():
            await listing(client, keys, name, filters)
    return 0


async def listing(client: httpx.AsyncClient, keys: dict[str, str], name: str, filters: list[tuple[str, str]]) -> None:
    timings: list[float] = []
    for key in keys.values():  # warm-up: each tenant's key cached, connections open
        await walk(client, key, filters, [])
    started = time.perf_counter()
    queue = [keys[TENANTS[n % len(TENANTS)]] for n in range(WALKERS * 2)]
    pages = []
    semaphore = asyncio.Semaphore(WALKERS)

    async def one(key: str) -> None:
        async with semaphore:
            pages.append(await walk(client, key, filters, timings))

    await asyncio.gather(*(one(key) for key in queue))
    elapsed = time.perf_counter() - started
    ms = sorted(t * 1000 for t in timings)
    p99 = ms[max(0, round(0.99 * len(ms)) - 1)]
    print(f"queue listing, {DRAFTS} drafts in {len(TENANTS)} tenants, {name}, "
          f"{WALKERS} walkers reading up to page {PAGES}: {len(ms)} requests (deepest page {max(pages)}) in "
          f"{elapsed:.1f} s; p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(asyncio.run(main()))
