"""Ingest's composition root: it consumes nothing, so the runtime is all it needs."""

from __future__ import annotations

from reviewops.common.api.app import Runtime, ServiceParts


async def build(runtime: Runtime) -> ServiceParts:
    return ServiceParts(context=runtime)
