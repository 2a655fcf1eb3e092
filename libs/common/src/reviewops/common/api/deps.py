"""The route dependency every service's own typed alias is built on."""

from __future__ import annotations

from typing import Any

from fastapi import Request


async def get_dependencies(request: Request) -> Any:
    """The service's dependencies object (`ServiceParts.dependencies`), typed by the service's alias."""
    # async: FastAPI runs a plain-def dependency in its thread pool, a thread hand-off per request
    # for an attribute read.
    return request.app.state.dependencies
