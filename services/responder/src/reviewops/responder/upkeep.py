"""The responder's background loops: re-check drafts left pending, expire buyer messages, and
refresh the queue metrics."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from reviewops.common.metrics import QUEUE_ITEMS, QUEUE_OLDEST_READY, QUEUE_OVERDUE
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.domain.lifecycle import OPEN_STATES, TASK_CHANNELS, TEXT_CHANNELS
from reviewops.responder.domain.queue import QueueStats
from reviewops.responder.handlers import expire_drafts, recheck_pending
from reviewops.responder.queries import queue_stats

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


async def queue_metrics_loop(dependencies: ResponderDependencies, interval: float, stopping: asyncio.Event) -> None:
    """Until the service stops: count the queue into its gauges every `interval` seconds.

    Counted here rather than when /metrics is scraped, so a scrape never waits on the database
    and scrapers (one per Prometheus replica) add no queries; the gauges are at most `interval` old.
    """
    while not stopping.is_set():
        try:
            async with dependencies.unit_of_work() as uow:
                report_queue(await queue_stats(uow))
        except Exception as error:
            log.warning("queue metrics not refreshed", extra={"error_type": type(error).__name__})
        try:
            await asyncio.wait_for(stopping.wait(), timeout=interval)
        except TimeoutError:
            pass


def report_queue(stats: QueueStats) -> None:
    """Set the queue gauges; every open state and channel has a series, 0 when it has no drafts."""
    for state in OPEN_STATES:
        for channel in TEXT_CHANNELS + TASK_CHANNELS:
            QUEUE_ITEMS.labels("responder", state, channel).set(stats.items.get((state, channel), 0))
    QUEUE_OVERDUE.labels("responder").set(stats.overdue)
    QUEUE_OLDEST_READY.labels("responder").set(stats.oldest_ready_seconds)
