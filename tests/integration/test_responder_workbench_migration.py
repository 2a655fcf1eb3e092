"""Migration 0005 on a responder that already holds drafts: what the queue shows (snippet, review time,
product title, needs_review) is copied out of each draft's review and classification documents."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.common.db.migrations import upgrade
from reviewops.devstack.stack import Stack
from tests.support.stack import unique

pytestmark = pytest.mark.integration

BODY = "𠮷" + "The blender stopped working after a week. " * 6
INSERT = text("""
INSERT INTO responder.drafts (id, tenant_id, review_key, review_version, channel, state, action, language, cause,
    marketplace, kind, external_id, rating, priority, due_at, review, classification)
VALUES (:id, 't', 't:US:product_review:R1', 1, 'buyer_message', 'ready', '{}', 'en', 'logistics', 'US',
    'product_review', 'R1', 2, 3, '2026-11-21T09:30:00Z', CAST(:review AS jsonb), CAST(:classification AS jsonb))
""")


async def test_0005_copies_what_the_queue_shows_out_of_existing_drafts(stack: Stack) -> None:
    name = unique("migrate_")
    admin = create_async_engine(stack.database_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(stack.database_url).set(database=name).render_as_string(hide_password=False)
    engine = create_async_engine(url)
    try:
        await asyncio.to_thread(upgrade, "responder", url, "0002")
        draft_id = uuid.uuid4()
        async with engine.begin() as connection:
            await connection.execute(INSERT, {
                "id": draft_id,
                "review": json.dumps({"body": BODY, "created_at": "2026-11-20T09:30:00+00:00",
                                      "product_title": "Blender 3000"}),
                "classification": json.dumps({"needs_review": True})})
        await asyncio.to_thread(upgrade, "responder", url, "head")
        async with engine.connect() as connection:
            row = (await connection.execute(text(
                "SELECT snippet, review_created_at, product_title, needs_review, assignee FROM responder.drafts"))).one()
        assert row.snippet == BODY[:160]
        assert row.review_created_at.isoformat() == "2026-11-20T09:30:00+00:00"
        assert (row.product_title, row.needs_review, row.assignee) == ("Blender 3000", True, None)
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()
