"""The classifier's composition root: loads the shipped model once, at start."""

from __future__ import annotations

from collections.abc import Callable

from reviewops.classifier.adapters.unit_of_work import ClassifierUnitOfWork, SqlClassifierUnitOfWork
from reviewops.classifier.dependencies import ClassifierDependencies
from reviewops.classifier.domain.classify import Classifier
from reviewops.classifier.handlers import classify_ingested, classify_returns
from reviewops.classifier.ml.aspect_model import AspectHeads
from reviewops.classifier.ml.model import CauseModel
from reviewops.classifier.settings import ClassifierSettings
from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import RETURNS_INGESTED, REVIEWS_INGESTED
from reviewops.common.kafka.consumer import Subscription


def wire(unit_of_work: Callable[[], ClassifierUnitOfWork], classifier: Classifier) -> ServiceParts[ClassifierDependencies]:
    """The service from its parts: real ones at start, fakes in the unit tests."""
    dependencies = ClassifierDependencies(unit_of_work=unit_of_work, classifier=classifier)

    async def on_ingested(events: list[Event]) -> None:
        async with dependencies.unit_of_work() as uow:
            await classify_ingested(uow, dependencies.classifier, events)

    async def on_returns(events: list[Event]) -> None:
        async with dependencies.unit_of_work() as uow:
            await classify_returns(uow, dependencies.classifier, events)

    return ServiceParts(dependencies=dependencies, subscriptions=[Subscription(REVIEWS_INGESTED, on_ingested),
                                                                  Subscription(RETURNS_INGESTED, on_returns)])


async def build(runtime: Runtime) -> ServiceParts[ClassifierDependencies]:
    """The classifier on the shared runtime, with the shipped model or the deployment's own."""
    settings = runtime.settings
    assert isinstance(settings, ClassifierSettings)
    model = CauseModel.load(settings.cause_model) if settings.cause_model else CauseModel.load()
    return wire(lambda: SqlClassifierUnitOfWork(runtime.database, runtime.service),
                Classifier(model, AspectHeads.load()))
