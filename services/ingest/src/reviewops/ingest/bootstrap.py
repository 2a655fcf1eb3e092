"""Ingest's composition root: it consumes nothing, so a unit-of-work factory is all it needs."""

from __future__ import annotations

from collections.abc import Callable

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork, SqlIngestUnitOfWork
from reviewops.ingest.dependencies import IngestDependencies
from reviewops.ingest.domain.reviews import DateWindow
from reviewops.ingest.settings import IngestSettings


def wire(unit_of_work: Callable[[], IngestUnitOfWork], dates: DateWindow | None = None) -> ServiceParts[IngestDependencies]:
    """The service from its parts: real ones at start, fakes in the unit tests."""
    return ServiceParts(dependencies=IngestDependencies(unit_of_work=unit_of_work, dates=dates or DateWindow()))


async def build(runtime: Runtime) -> ServiceParts[IngestDependencies]:
    """Ingest on the shared runtime."""
    settings = runtime.settings
    dates = DateWindow(settings.future_tolerance) if isinstance(settings, IngestSettings) else DateWindow()
    return wire(lambda: SqlIngestUnitOfWork(runtime.database, runtime.service), dates)
