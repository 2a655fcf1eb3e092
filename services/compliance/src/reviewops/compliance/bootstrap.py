"""Compliance's composition root: loads the rule model once, at start, and hands it on."""

from __future__ import annotations

from collections.abc import Callable

from reviewops.common.api.app import Runtime, ServiceParts
from reviewops.common.events.envelope import Event
from reviewops.common.events.registry import REVIEWS_CLASSIFIED
from reviewops.common.kafka.consumer import Subscription
from reviewops.compliance.adapters.unit_of_work import ComplianceUnitOfWork, SqlComplianceUnitOfWork
from reviewops.compliance.dependencies import ComplianceDependencies
from reviewops.compliance.handlers import gate_classified
from reviewops.compliance.ml.model import SecondOpinion, shipped_model


def wire(unit_of_work: Callable[[], ComplianceUnitOfWork], rule_model: SecondOpinion) -> ServiceParts[ComplianceDependencies]:
    """The service from its parts: real ones at start, fakes in the unit tests."""
    dependencies = ComplianceDependencies(unit_of_work=unit_of_work, rule_model=rule_model)

    async def on_classified(events: list[Event]) -> None:
        async with dependencies.unit_of_work() as uow:
            await gate_classified(uow, events)

    return ServiceParts(dependencies=dependencies, subscriptions=[Subscription(REVIEWS_CLASSIFIED, on_classified)])


async def build(runtime: Runtime) -> ServiceParts[ComplianceDependencies]:
    """Compliance on the shared runtime, with the shipped rule model."""
    # Load the rule model now: a missing or broken artifact stops the service at start, instead of
    # turning every check into `check_failed` behind a healthy /readyz.
    return wire(lambda: SqlComplianceUnitOfWork(runtime.database, runtime.service), shipped_model())
