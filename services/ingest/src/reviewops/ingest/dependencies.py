"""What ingest's handlers and routes need, built once by bootstrap.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork
from reviewops.ingest.background import RUNNER, ImportTasks
from reviewops.ingest.domain.reviews import DateWindow


@dataclass(frozen=True)
class IngestDependencies:
    """Ingest's dependencies: a unit-of-work factory (it consumes nothing and calls nothing), the
    window a submission's times must lie in, and the imports running in this process."""

    unit_of_work: Callable[[], IngestUnitOfWork]
    dates: DateWindow = DateWindow()
    imports: ImportTasks = field(default_factory=lambda: ImportTasks(4))
    runner: str = RUNNER
