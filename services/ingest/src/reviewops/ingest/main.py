"""`uvicorn --factory reviewops.ingest.main:create`: the ingest service."""

from __future__ import annotations

from fastapi import FastAPI

from reviewops.common.api.app import create_app
from reviewops.ingest.adapters.tables import metadata
from reviewops.ingest.api.imports import IMPORTS_PATH, MAX_IMPORT_BYTES
from reviewops.ingest.api.imports import router as imports_router
from reviewops.ingest.api.routes import router
from reviewops.ingest.bootstrap import build
from reviewops.ingest.settings import IngestSettings


def create() -> FastAPI:
    return create_app(
        service="ingest",
        settings=IngestSettings(),
        metadata=metadata,
        routers=[router, imports_router],
        build=build,
        title="reviewops ingest",
        description="Takes reviews, seller feedback and returns from partners and report files, versions them, "
                    "publishes reviews.ingested.v1 and returns.ingested.v1.",
        body_limits_by_path={IMPORTS_PATH: MAX_IMPORT_BYTES},
    )
