"""Alembic, once for all: each service's env.py calls `run_env`; `upgrade` runs a tree.

Every tree lives in its own schema and keeps its version table there, so services
migrate independently.
"""

from __future__ import annotations

import asyncio
from importlib import import_module

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

MIGRATION_TARGETS = ("auth", "ingest", "classifier", "compliance", "responder")
# One lock for every tree, so two starters never migrate at the same time.
_MIGRATION_LOCK = 7_420_001


def _package_of(target: str) -> str:
    return "reviewops.common.auth" if target == "auth" else f"reviewops.{target}"


def alembic_config(target: str, database_url: str) -> Config:
    if target not in MIGRATION_TARGETS:
        raise ValueError(f"unknown migration target {target!r}; one of {', '.join(MIGRATION_TARGETS)}")
    package = import_module(_package_of(target))
    config = Config()
    config.set_main_option("script_location", f"{package.__name__}:migrations")
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["schema"] = target
    return config


def upgrade(target: str, database_url: str, revision: str = "head") -> None:
    """Bring one schema to `revision`."""
    command.upgrade(alembic_config(target, database_url), revision)


def run_env(metadata: MetaData | None = None) -> None:
    """Body of every env.py: online migrations on asyncpg, in the tree's own schema."""
    config = context.config
    schema = config.attributes["schema"]
    url = config.get_main_option("sqlalchemy.url")

    def migrate(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=True,
        )
        with context.begin_transaction():
            connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": _MIGRATION_LOCK})
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(migrate)
        finally:
            await engine.dispose()

    asyncio.run(run())
