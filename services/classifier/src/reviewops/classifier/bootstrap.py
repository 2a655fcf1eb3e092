"""The classifier's composition root: loads the shipped model once, at start."""

from __future__ import annotations

from reviewops.classifier.domain.classify import Classifier
from reviewops.classifier.handlers import classify_ingested
from reviewops.classifier.ml.model import CauseModel
from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import REVIEWS_INGESTED
from reviewops.common.kafka.consumer import Subscription


async def build(runtime: Runtime) -> ServiceParts:
    classifier = Classifier(CauseModel.load())

    async def on_ingested(events: list[Event]) -> None:
        async with runtime.unit_of_work() as uow:
            await classify_ingested(uow, classifier, events)

    return ServiceParts(context=classifier, subscriptions=[Subscription(REVIEWS_INGESTED, on_ingested)])
