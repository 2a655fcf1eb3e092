"""Typed dependencies for routes: the runtime and the service's own context."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from reviewops.common.api.app import Runtime


async def get_runtime(request: Request) -> Runtime:
    # async: FastAPI runs a plain-def dependency in its thread pool, a thread hand-off per request
    # for an attribute read.
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_context(request: Request) -> Any:
    """The service's own context (`ServiceParts.context`), typed by the service's own alias."""
    return request.app.state.context
