"""The responder's composition root."""

from __future__ import annotations

import asyncio

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import REVIEWS_GATED
from reviewops.common.kafka.consumer import Subscription
from reviewops.responder.adapters.compliance_client import ComplianceClient, ServiceClient
from reviewops.responder.domain.templates import TemplateBook
from reviewops.responder.handlers import Responder, draft_gated, recheck_loop
from reviewops.responder.settings import ResponderSettings


async def build(runtime: Runtime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, ResponderSettings)
    responder = Responder(
        runtime=runtime,
        compliance=ComplianceClient(
            settings.compliance_url, settings.service_key(), settings.compliance_timeout_seconds
        ),
        classifier=ServiceClient(settings.classifier_url, settings.service_key(), settings.compliance_timeout_seconds),
        templates=TemplateBook.defaults(settings.seller_name),
    )

    async def on_gated(events: list[Event]) -> None:
        await draft_gated(responder, events)

    async def recheck(stopping: asyncio.Event) -> None:
        await recheck_loop(responder, settings.recheck_interval_seconds, stopping)

    return ServiceParts(
        context=responder,
        subscriptions=[Subscription(REVIEWS_GATED, on_gated)],
        background=[recheck],
        on_stop=[responder.compliance.close, responder.classifier.close],
    )
