"""The classifier's REST models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class ReviewFields(BaseModel):
    """The fields a review is classified from, over REST and in the batch command."""

    body: str = Field(max_length=50_000)
    title: str = Field(default="", max_length=1_000)
    rating: StrictInt | None = Field(default=None, ge=1, le=5)
    kind: str | None = None
    fulfillment: str | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")


class ClassifyRequest(ReviewFields):
    model_config = ConfigDict(extra="forbid")
