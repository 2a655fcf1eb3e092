"""Typed dependencies for routes: the runtime and the service's own context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from reviewops.common.api.app import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
