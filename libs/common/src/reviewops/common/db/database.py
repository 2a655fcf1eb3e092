"""The async engine, the session factory and the outbox wake-up signal of one service."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from sqlalchemy import MetaData, Table, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


class Database:
    """Owns the engine of one service; its tables live in the schema named after the service."""

    def __init__(self, url: str, schema: str, metadata: MetaData, pool_size: int = 10) -> None:
        self.schema = schema
        self.metadata = metadata
        self.engine: AsyncEngine = create_async_engine(
            url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
            # JSONB columns (snapshots, classifications, drafts' reviews) are written and read
            # for every event: orjson does it several times faster than the json module.
            json_serializer=_json_text, json_deserializer=orjson.loads,
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Every service's metadata declares these (db.tables.plumbing_tables); they are looked up here.
        self.outbox: Table = metadata.tables[f"{schema}.outbox"]
        self.processed_events: Table = metadata.tables[f"{schema}.processed_events"]
        self.outbox_written = asyncio.Event()

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()

