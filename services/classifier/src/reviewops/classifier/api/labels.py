"""Cause corrections: PUT /v1/classifications/{review_key}, and GET /v1/labels, their export."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from reviewops.classifier.api.deps import ClassifierDep
from reviewops.classifier.handlers import correct_cause, export_labels
from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import StoredText
from reviewops.common.api.problems import problem_responses
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import FieldError, Unprocessable
from reviewops.common.events.payloads import CauseLabel, CauseScore, Classification

router = APIRouter(prefix="/v1", tags=["labels"])
ON_BEHALF_OF = "X-On-Behalf-Of"
Labeller = Annotated[tuple[Caller, str], Depends(tenant_scoped("labels:write"))]  # the caller and its tenant


class CauseCorrection(BaseModel):
    """A person's causes for a review's current version (taxonomy.md's labels)."""

    model_config = ConfigDict(extra="forbid")
    primary_cause: CauseLabel
    causes: list[CauseLabel] = Field(
        default_factory=list, max_length=7,
        description="Every cause that applies; the primary is put first when missing. Each scores 1.0",
    )


class LabelRead(BaseModel):
    """One human label, for training: the review's text, the person's causes and the model's answer."""

    review_key: str
    review_version: int
    classification_revision: int
    marketplace: str
    kind: str
    rating: int
    title: str
    body: str
    language: str
    primary_cause: CauseLabel
    causes: list[CauseLabel]
    labelled_by: str
    labelled_at: datetime
    model_version: str
    model_primary_cause: CauseLabel = Field(description="The model's answer (revision 0) that the person corrected")
    model_causes: list[CauseScore]


class LabelPage(BaseModel):
    items: list[LabelRead]
    next_cursor: str | None


def labeller(caller: Caller, on_behalf_of: str | None) -> str:
    """Who the label is by: the person a relay names, when the caller is a service principal
    granted every tenant (the responder relaying the console); otherwise the caller itself."""
    return on_behalf_of if on_behalf_of and caller.all_tenants else caller.principal


def _encode_cursor(label_id: int) -> str:
    return base64.urlsafe_b64encode(str(label_id).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise Unprocessable("The cursor is not one this API gave.",
                            [FieldError("cursor", "not a cursor returned by GET /v1/labels")]) from None


@router.put(
    "/classifications/{review_key}", response_model=Classification,
    responses=problem_responses(409, descriptions={409: "The review's current version is deleted, or was "
                                                        "classified before corrections were kept"}),
    summary="Correct the cause of a review's current version (a human label)",
)
async def put_classification(
    review_key: StoredText,
    correction: Annotated[CauseCorrection, Body()],
    dependencies: ClassifierDep,
    scoped: Labeller,
    on_behalf_of: Annotated[StoredText | None, Header(alias=ON_BEHALF_OF, max_length=200,
                                                      description="Relays only: the person the relay acts for")] = None,
) -> Classification:
    """Stores the label with the caller's principal and publishes review.classified again as the
    next classification revision (the model's answer is revision 0); the gate and the responder
    treat it as newer, and the insights count it. Repeating the current label changes nothing."""
    caller, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        return await correct_cause(uow, tenant_id, review_key, correction.primary_cause, correction.causes,
                                   labeller(caller, on_behalf_of))


@router.get("/labels", response_model=LabelPage, summary="The tenant's human labels, for training")
async def list_labels(
    dependencies: ClassifierDep,
    scoped: Labeller,
    since: Annotated[AwareDatetime | None, Query(description="Labels stored at or after this time")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
) -> LabelPage:
    """Oldest first, with cursor pagination; each label once per revision."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        found = await export_labels(uow, tenant_id, since, _decode_cursor(cursor) if cursor else None, limit + 1)
    items = [LabelRead.model_validate(vars(label)) for label in found[:limit]]
    return LabelPage(items=items, next_cursor=_encode_cursor(found[limit - 1].id) if len(found) > limit else None)
