"""Each schema's migrations build exactly the tables its code declares.

Migrations are frozen history and never import the live table definitions, so the two
are written twice; this compares the migrated database with the metadata, per schema.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from reviewops.devstack.stack import Stack

pytestmark = pytest.mark.integration

SCHEMAS = {
    "auth": "reviewops.common.auth.tables",
    "ingest": "reviewops.ingest.adapters.tables",
    "classifier": "reviewops.classifier.adapters.tables",
    "compliance": "reviewops.compliance.adapters.tables",
    "responder": "reviewops.responder.adapters.tables",
}


@pytest.mark.parametrize("schema", SCHEMAS)
async def test_the_migrated_schema_matches_the_declared_tables(stack: Stack, schema: str) -> None:
    metadata: MetaData = import_module(SCHEMAS[schema]).metadata

    def differences(connection: object) -> list:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_schemas": True,
                "include_name": lambda name, type_, _: type_ != "schema" or name == schema,
                "include_object": lambda obj, name, type_, reflected, _: name != "alembic_version",
                "compare_type": True,
                "compare_server_default": False,
            },
        )
        return compare_metadata(context, metadata)

    engine = create_async_engine(stack.database_url)
    try:
        async with engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert found == []
