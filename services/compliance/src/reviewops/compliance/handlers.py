"""Compliance's use cases."""

from __future__ import annotations

from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import ReviewClassified, ReviewGated
from reviewops.common.handling import claim_store_publish
from reviewops.compliance.adapters.unit_of_work import ComplianceUnitOfWork
from reviewops.compliance.domain.gate import gate

CONSUMER = "compliance"


async def gate_classified(uow: ComplianceUnitOfWork, events: list[Event[ReviewClassified]]) -> None:
    """Decide the allowed actions of each classified review version; store and publish review.gated.

    The verdicts of the batch are written in one statement; a version that already has one for
    that classification revision (a repeat under another event id) is neither stored nor published
    again, while a higher revision (a person corrected the cause) is gated anew."""
    await claim_store_publish(
        uow, CONSUMER, events,
        decide=lambda claimed: [gate(event.payload.review, event.payload.classification) for event in claimed],
        store=lambda decided: uow.verdicts.add_new([(event.payload.review, _revision(event), verdict)
                                                    for event, verdict in decided]),
        event_type="review.gated",
        announce=lambda event, verdict: ReviewGated(review=event.payload.review,
                                                    classification=event.payload.classification, verdict=verdict),
        revision=_revision,
    )


def _revision(event: Event[ReviewClassified]) -> int:
    return event.payload.classification.classification_revision
