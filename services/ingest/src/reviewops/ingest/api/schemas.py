"""Ingest's REST models: ReviewCreate in, IngestResponse / ReviewRead out."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from reviewops.common.api.fields import AMAZON_ORDER_ID, Marketplace, StoredText
from reviewops.common.errors import FieldValueError
from reviewops.ingest.domain.reviews import Submission

_ID = r"^[A-Za-z0-9._-]+$"


class FeedbackAnswersIn(BaseModel):
    """Seller feedback's yes/no answers, where the marketplace's report has them."""

    model_config = ConfigDict(extra="forbid")
    arrived_on_time: StrictBool | None = None
    item_as_described: StrictBool | None = None
    customer_service: StrictBool | None = None


class ReviewCreate(BaseModel):
    """One review or seller feedback, as DESIGN.md's field table gives it per kind."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "marketplace": "US",
                    "kind": "product_review",
                    "external_id": "R2EXAMPLE0001",
                    "asin": "B0EXAMPLE01",
                    "rating": 2,
                    "title": "Stopped working",
                    "body": "The kettle stopped heating after a week.",
                    "created_at": "2026-11-20T09:30:00Z",
                }
            ]
        },
    )

    marketplace: Marketplace = Field(description="An Amazon marketplace's two-letter code (docs/decisions.md)")
    kind: Literal["product_review", "seller_feedback"]
    external_id: str = Field(pattern=_ID, max_length=128, description="Review id; the order id for seller feedback")
    # Strict: `true` or `"5"` is a partner's bug to hear about, not a rating to guess.
    rating: StrictInt = Field(ge=1, le=5)
    title: StoredText = Field(default="", max_length=1_000)
    body: StoredText = Field(max_length=50_000)
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None
    deleted: StrictBool = False
    asin: str | None = Field(default=None, pattern=r"^[A-Z0-9]{10}$")
    order_id: str | None = Field(default=None, pattern=AMAZON_ORDER_ID,
                                 description="Amazon's order id, 3-7-7 digits (for seller feedback, its external_id)")
    fulfillment: Literal["AFN", "MFN"] | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", description="ISO 639-1, if the source declares it")
    verified_purchase: StrictBool | None = None
    order_completed_at: AwareDatetime | None = None
    feedback_answers: FeedbackAnswersIn | None = Field(
        default=None, description="seller_feedback: Arrived on Time, Item as Described, Customer Service")
    product_title: StoredText | None = Field(default=None, min_length=1, max_length=500,
                                             description="The product's name; drafts may name it")

    @model_validator(mode="after")
    def _fields_of_kind(self) -> ReviewCreate:
        if self.kind == "product_review" and self.asin is None:
            raise FieldValueError("asin", "required for a product_review")
        if self.kind == "seller_feedback":
            if self.order_id is None:
                raise FieldValueError("order_id", "required for seller_feedback")
            if self.order_id != self.external_id:
                raise FieldValueError("order_id", "must equal external_id for seller_feedback")
            if self.fulfillment is None:
                raise FieldValueError("fulfillment", "required for seller_feedback (AFN or MFN)")
        if self.updated_at is not None and self.updated_at < self.created_at:
            raise FieldValueError("updated_at", "must not be before created_at")
        if self.order_completed_at is not None and self.order_completed_at > self.created_at:
            raise FieldValueError("order_completed_at", "must not be after created_at: the order comes before its review")
        return self

    def to_submission(self) -> Submission:
        return Submission(**self.model_dump())


class ReviewBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Any] = Field(min_length=1, description="1 to 500 reviews, each as for POST /v1/reviews")


class IngestResponse(BaseModel):
    result: Literal["created", "updated", "duplicate", "stale"]
    review_key: str


class ItemError(BaseModel):
    field: str
    message: str


class BatchItemResult(BaseModel):
    index: int
    review_key: str | None
    result: Literal["created", "updated", "duplicate", "stale", "conflict", "invalid"] = Field(
        description="`conflict`: another item of the batch has the same review and updated_at with different "
                    "content; neither is stored (send the right one again). `invalid`: see errors")
    errors: list[ItemError] | None = None


class BatchResponse(BaseModel):
    results: list[BatchItemResult]


class VersionRead(BaseModel):
    version: int | None = Field(description="None for a stale submission, kept as history")
    result: str
    updated_at: datetime
    received_at: datetime


class ReviewRead(BaseModel):
    review_key: str
    current: dict[str, Any] = Field(description="The current version, as published on reviews.ingested.v1")
    history: list[VersionRead]
