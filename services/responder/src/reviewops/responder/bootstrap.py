"""The responder's composition root."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import REVIEWS_GATED
from reviewops.common.kafka.consumer import Subscription
from reviewops.responder.adapters.compliance_client import ComplianceClient
from reviewops.responder.adapters.service_clients import ClassifierClient
from reviewops.responder.adapters.unit_of_work import ResponderUnitOfWork, SqlResponderUnitOfWork
from reviewops.responder.dependencies import ResponderDependencies
from reviewops.responder.domain.templates import TemplateBook
from reviewops.responder.handlers import draft_gated
from reviewops.responder.settings import ResponderSettings
from reviewops.responder.upkeep import queue_metrics_loop, upkeep_loop


def wire(unit_of_work: Callable[[], ResponderUnitOfWork], compliance: ComplianceClient, classifier: ClassifierClient,
         templates: TemplateBook, upkeep_interval: float,
         queue_metrics_interval: float = 15.0) -> ServiceParts[ResponderDependencies]:
    """The service from its parts: real ones at start, fakes in the unit tests."""
    dependencies = ResponderDependencies(unit_of_work=unit_of_work, compliance=compliance, classifier=classifier,
                                         templates=templates)

    async def on_gated(events: list[Event]) -> None:
        await draft_gated(dependencies, events)

    async def upkeep(stopping: asyncio.Event) -> None:
        await upkeep_loop(dependencies, upkeep_interval, stopping)

    async def queue_metrics(stopping: asyncio.Event) -> None:
        await queue_metrics_loop(dependencies, queue_metrics_interval, stopping)

    return ServiceParts(
        dependencies=dependencies,
        subscriptions=[Subscription(REVIEWS_GATED, on_gated)],
        background=[upkeep, queue_metrics],
        on_stop=[compliance.close, classifier.close],
    )


async def build(runtime: Runtime) -> ServiceParts[ResponderDependencies]:
    """The responder on the shared runtime, with its clients of compliance and the classifier."""
    settings = runtime.settings
    assert isinstance(settings, ResponderSettings)
    return wire(
        unit_of_work=lambda: SqlResponderUnitOfWork(runtime.database, runtime.service),
        compliance=ComplianceClient(settings.compliance_url, settings.service_key(),
                                    settings.compliance_timeout_seconds),
        classifier=ClassifierClient(settings.classifier_url, settings.service_key(), settings.compliance_timeout_seconds),
        templates=TemplateBook.defaults(),
        upkeep_interval=settings.recheck_interval_seconds,
        queue_metrics_interval=settings.queue_metrics_interval_seconds,
    )
