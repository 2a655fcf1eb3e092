"""The imports this process runs in the background, and the watch over those whose process died."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from reviewops.ingest.adapters.unit_of_work import IngestUnitOfWork
from reviewops.ingest.handlers import fail_interrupted_imports

log = logging.getLogger(__name__)

# Which process runs a job. A restarted process has the same host name (a local service, a
# restarted container): at its start it marks its own running jobs failed at once; a job of a
# process that never came back fails once it has been silent for the lease (IngestSettings).
RUNNER = socket.gethostname()


class ImportTasks:
    """The import jobs running in this process, at most `limit` at once (each holds its file in memory)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def full(self) -> bool:
        return len(self._tasks) >= self.limit

    def start(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(work, name="ingest-import")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        """Cancel the running imports; each ends its job `failed` as it stops."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def watch_interrupted_imports(unit_of_work: Callable[[], IngestUnitOfWork],
                              lease: timedelta) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    """A background job: every half lease, fail the running imports silent for longer than the lease."""

    async def watch(stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                await asyncio.wait_for(stopping.wait(), timeout=lease.total_seconds() / 2)
            except TimeoutError:
                pass
            if stopping.is_set():
                return
            try:
                async with unit_of_work() as uow:
                    failed = await fail_interrupted_imports(uow, datetime.now(UTC) - lease)
                if failed:
                    log.warning("imports failed: their runner went silent", extra={"count": failed})
            except Exception as error:
                log.warning("could not check for interrupted imports", extra={"error_type": type(error).__name__})

    return watch
