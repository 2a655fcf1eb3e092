"""Ingest's composition root: it consumes nothing; it runs file imports in the background."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork, SqlIngestUnitOfWork
from reviewops.ingest.background import RUNNER, ImportTasks, watch_interrupted_imports
from reviewops.ingest.dependencies import IngestDependencies
from reviewops.ingest.domain.reviews import DateWindow
from reviewops.ingest.handlers import fail_interrupted_imports
from reviewops.ingest.settings import IngestSettings


def wire(unit_of_work: Callable[[], IngestUnitOfWork], dates: DateWindow | None = None,
         import_lease: timedelta = timedelta(minutes=2), max_running_imports: int = 4) -> ServiceParts[IngestDependencies]:
    """The service from its parts: real ones at start, fakes in the unit tests."""
    imports = ImportTasks(max_running_imports)
    return ServiceParts(
        dependencies=IngestDependencies(unit_of_work=unit_of_work, dates=dates or DateWindow(), imports=imports),
        background=[watch_interrupted_imports(unit_of_work, import_lease)],
        on_stop=[imports.stop],
    )


async def build(runtime: Runtime) -> ServiceParts[IngestDependencies]:
    """Ingest on the shared runtime; imports this host's previous process left running end `failed`."""
    settings = runtime.settings
    if not isinstance(settings, IngestSettings):
        settings = IngestSettings(DATABASE_URL=settings.database_url)
    lease = timedelta(seconds=settings.import_lease_seconds)

    def unit_of_work() -> IngestUnitOfWork:
        return SqlIngestUnitOfWork(runtime.database, runtime.service)

    async with unit_of_work() as uow:
        await fail_interrupted_imports(uow, datetime.now(UTC) - lease, RUNNER)
    return wire(unit_of_work, DateWindow(settings.future_tolerance), lease, settings.max_running_imports)
