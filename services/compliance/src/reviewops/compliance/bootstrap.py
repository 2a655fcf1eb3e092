"""Compliance's composition root."""

from __future__ import annotations

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import REVIEWS_CLASSIFIED
from reviewops.common.kafka.consumer import Subscription
from reviewops.compliance.handlers import gate_classified


async def build(runtime: Runtime) -> ServiceParts:
    async def on_classified(events: list[Event]) -> None:
        async with runtime.unit_of_work() as uow:
            await gate_classified(uow, events)

    return ServiceParts(context=runtime, subscriptions=[Subscription(REVIEWS_CLASSIFIED, on_classified)])
