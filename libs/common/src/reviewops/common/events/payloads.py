"""Version 1 payload models of every topic (DESIGN.md: Contracts).

Within major version 1 only optional fields may be added; a breaking change is a new
model on a `.v2` topic.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from reviewops.common.events.envelope import Payload

ReviewKind = Literal["product_review", "seller_feedback"]
Fulfillment = Literal["AFN", "MFN"]
CauseLabel = Literal[
    "product_quality",
    "logistics",
    "instructions",
    "expectations",
    "preference",
    "seller_service",
    "other",
]
SignalName = Literal["profanity", "personal_info", "promotional", "fulfillment_only", "product_review_only"]
ActionName = Literal[
    "contact_buyer", "public_reply", "request_removal", "report_abuse", "internal_ticket", "faq_update"
]
Channel = Literal[
    "buyer_message", "public_reply", "removal_request", "abuse_report", "internal_ticket", "faq_update"
]
DraftState = Literal[
    "pending_check", "blocked", "ready", "approved", "sent", "rejected", "withdrawn", "superseded", "expired"
]
TextField = Literal["title", "body", "text"]


class ReviewSnapshot(Payload):
    """One version of a review as ingest stored it."""

    review_key: str = Field(examples=["demo:US:product_review:R1EXAMPLE"])
    tenant_id: str
    marketplace: str = Field(examples=["US"])
    kind: ReviewKind
    external_id: str
    version: int = Field(ge=1, description="1 for the first version ingest accepted, then +1 per update")
    content_hash: str
    rating: int = Field(ge=1, le=5)
    title: str = ""
    body: str
    created_at: datetime
    updated_at: datetime
    deleted: bool = False
    asin: str | None = None
    order_id: str | None = None
    fulfillment: Fulfillment | None = None
    language: str | None = Field(default=None, description="The declared ISO 639-1 code, if the submission had one")
    verified_purchase: bool | None = None
    order_completed_at: datetime | None = None
    product_title: str | None = Field(default=None, description="The product's name as the partner sent it; drafts may name it")
    feedback_answers: FeedbackAnswers | None = Field(
        default=None, description="Seller feedback: the rater's yes/no answers, where the marketplace's report has them")


class FeedbackAnswers(Payload):
    """The seller feedback report's yes/no columns, where the rater answered them: evidence for the gate
    ("Arrived on Time: No" points at the delivery, "Item as Described: No" at the product)."""

    arrived_on_time: bool | None = None
    item_as_described: bool | None = None
    customer_service: bool | None = None


class ReviewIngested(Payload):
    """reviews.ingested.v1 / review.ingested: a created or updated review version."""

    result: Literal["created", "updated"]
    review: ReviewSnapshot


class ReturnIngested(Payload):
    """returns.ingested.v1 / return.ingested: one new returned order line (DESIGN.md: Returns)."""

    marketplace: str = Field(examples=["US"])
    order_id: str = Field(examples=["113-1234567-1234567"])
    asin: str | None = Field(default=None, examples=["B0EXAMPLE01"])
    sku: str
    returned_at: datetime
    quantity: int = Field(ge=1)
    reason: str = Field(description="The marketplace's reason code, e.g. DEFECTIVE", examples=["DEFECTIVE"])
    comment: str = Field(default="", description="The customer's own words, if any")
    disposition: str | None = Field(default=None, examples=["CUSTOMER_DAMAGED"])
    language: str | None = Field(default=None, description="The declared ISO 639-1 code, if the source declares one")


class CauseScore(Payload):
    label: CauseLabel
    score: float = Field(ge=0.0, le=1.0)


class SignalSpan(Payload):
    """A removal signal found in the review content; flat span in code points, end exclusive."""

    signal: SignalName
    field: TextField
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class AspectSpan(Payload):
    """A specific problem the review raises, within one of its causes (docs/aspects.md lists them)."""

    aspect: str = Field(examples=["dead_on_arrival"])
    cause: CauseLabel
    field: TextField
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    confident: bool = Field(
        default=True,
        description="False where the evidence found for this aspect alone proved wrong too often (docs/aspects.md, "
                    "'Confidence'): a draft then answers the cause, not this aspect. Absent from events of "
                    "classifiers before the field existed, and read as true there",
    )


class FactSpan(Payload):
    """A fact the buyer already gave, so that a draft does not ask for it (docs/aspects.md)."""

    fact: str = Field(examples=["usage_duration"])
    field: TextField
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Classification(Payload):
    model_version: str
    primary_cause: CauseLabel
    causes: list[CauseScore] = Field(description="Labels above the threshold, highest first, primary first")
    language: str = Field(description="Declared, else detected, else 'und'")
    detected_language: str
    removal_signals: list[SignalSpan] = Field(default_factory=list)
    needs_review: bool = Field(
        default=False,
        description="The calibrated top score is below the model's confidence threshold: a person should check the cause",
    )
    aspects: list[AspectSpan] = Field(default_factory=list, description="The specific problems raised, in text order")
    facts_given: list[FactSpan] = Field(default_factory=list, description="Facts the buyer already gave")
    classification_revision: int = Field(
        default=0, ge=0, description="0 for the model's answer; each human correction of the same review version adds 1"
    )
    labelled_by: str | None = Field(default=None, description="The principal whose correction this is; none for the model")


class ReviewClassified(Payload):
    """reviews.classified.v1 / review.classified."""

    review: ReviewSnapshot
    classification: Classification


class RuleSpan(Payload):
    """A matched rule or evidence span; flat, code points, end exclusive."""

    rule: str
    field: TextField
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class AllowedAction(Payload):
    action: ActionName
    channel: Channel
    criterion: str | None = Field(default=None, description="request_removal: the removal criterion matched")
    guideline: str | None = Field(default=None, description="report_abuse: the community guideline matched")
    evidence: list[RuleSpan] = Field(default_factory=list)
    reason: str


class Verdict(Payload):
    policy_version: str
    actions: list[AllowedAction]


class ReviewGated(Payload):
    """reviews.gated.v1 / review.gated."""

    review: ReviewSnapshot
    classification: Classification
    verdict: Verdict


class DraftChanged(Payload):
    """responses.v1 / draft.*: one change of a queue item, for internal tools."""

    draft_id: uuid.UUID
    review_key: str
    review_version: int
    channel: Channel
    state: DraftState
    previous_state: DraftState | None = None
    policy_version: str | None = None
    language: str
    cause: CauseLabel
    principal: str | None = Field(default=None, description="Who made the change; the service itself if None")
    classification_revision: int = Field(
        default=0, ge=0, description="The classification revision of the review version the draft was made for "
                                     "(0: the model's cause; higher: a person's correction)")


class CauseSpiked(Payload):
    """insights.spikes.v1 / cause.spiked."""

    marketplace: str
    asin: str
    cause: CauseLabel
    recent_share: float
    baseline_share: float
    recent_count: int
    window_start: datetime
    window_end: datetime
