"""`uvicorn --factory reviewops.responder.main:create`: the responder service."""

from __future__ import annotations

from fastapi import FastAPI

from reviewops.common.api.app import create_app
from reviewops.responder.adapters.tables import metadata
from reviewops.responder.api.console import router as console_router
from reviewops.responder.api.relays import router as relay_router
from reviewops.responder.api.routes import router
from reviewops.responder.api.settings import router as settings_router
from reviewops.responder.api.templates import router as templates_router
from reviewops.responder.bootstrap import build
from reviewops.responder.settings import ResponderSettings


def create() -> FastAPI:
    return create_app(
        service="responder",
        settings=ResponderSettings(),
        metadata=metadata,
        routers=[router, relay_router, templates_router, settings_router, console_router],
        build=build,
        title="reviewops responder",
        description="The response queue: drafts per allowed action, checked by compliance, worked by people.",
    )
