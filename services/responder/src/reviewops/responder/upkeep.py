"""The responder's background loop: re-check drafts left pending, expire buyer messages."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.handlers import expire_drafts, recheck_pending

log = logging.getLogger(__name__)


async def upkeep_loop(dependencies: ResponderDependencies, interval: float, stopping: asyncio.Event) -> None:
    """Until the service stops: check drafts left pending, and expire buyer messages past their window."""
    while not stopping.is_set():
        try:
            await recheck_pending(dependencies)
            async with dependencies.unit_of_work() as uow:
                await expire_drafts(uow, datetime.now(UTC))
        except Exception as error:
            log.warning("periodic draft upkeep failed", extra={"error_type": type(error).__name__})
        try:
            await asyncio.wait_for(stopping.wait(), timeout=interval)
        except TimeoutError:
            pass
