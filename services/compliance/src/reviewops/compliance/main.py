"""`uvicorn --factory reviewops.compliance.main:create`: the compliance service."""

from __future__ import annotations

from fastapi import FastAPI

from reviewops.common.api.app import create_app
from reviewops.common.settings import ServiceSettings
from reviewops.compliance.adapters.tables import metadata
from reviewops.compliance.api.routes import router
from reviewops.compliance.bootstrap import build


def create() -> FastAPI:
    return create_app(
        service="compliance",
        settings=ServiceSettings(),
        metadata=metadata,
        routers=[router],
        build=build,
        title="reviewops compliance",
        description="The policy gate: decides allowed actions per review and checks every outgoing text.",
    )
