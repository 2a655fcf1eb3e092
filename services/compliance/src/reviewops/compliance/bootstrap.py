"""Compliance's composition root."""

from __future__ import annotations

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import REVIEWS_CLASSIFIED
from reviewops.common.kafka.consumer import Subscription
from reviewops.compliance.ml.model import shipped_model
from reviewops.compliance.handlers import gate_classified


async def build(runtime: Runtime) -> ServiceParts:
    # Load the rule model now: a missing or broken artifact stops the service at start, instead of
    # turning every check into `check_failed` behind a healthy /readyz.
    shipped_model()

    async def on_classified(events: list[Event]) -> None:
        async with runtime.unit_of_work() as uow:
            await gate_classified(uow, events)

    return ServiceParts(context=runtime, subscriptions=[Subscription(REVIEWS_CLASSIFIED, on_classified)])
