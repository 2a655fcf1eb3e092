"""Ingest's REST routes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import StoredText
from reviewops.common.api.lists import check_list_size
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import FieldError, NotFound, Unprocessable
from reviewops.ingest.api.deps import IngestDep
from reviewops.ingest.api.schemas import (
    BatchItemResult,
    BatchResponse,
    IngestResponse,
    ItemError,
    ReviewBatch,
    ReviewCreate,
    ReviewRead,
    VersionRead,
)
from reviewops.ingest.domain.reviews import IngestResult, Submission
from reviewops.ingest.handlers import ingest_reviews, read_review
from reviewops.ingest.submissions import checked_submission

router = APIRouter(prefix="/v1", tags=["reviews"])

_SAME_TIME_CONFLICT = ItemError(field="updated_at", message="another item of this batch has the same review and "
                                "updated_at with different content; neither was stored")


@router.post(
    "/reviews",
    response_model=IngestResponse,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": IngestResponse, "description": "Not created: updated, duplicate or stale"}},
    summary="Submit one review or seller feedback",
)
async def create_review(
    review: ReviewCreate,
    response: Response,
    dependencies: IngestDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("reviews:write"))],
) -> IngestResponse:
    """201 when a new review was created, else 200 with what happened to the submission."""
    _, tenant_id = scoped
    submission = review.to_submission()
    problems = dependencies.dates.problems(submission, datetime.now(UTC))
    if problems:
        raise Unprocessable("A time of the review lies outside what ingest accepts.",
                            [FieldError(field, message) for field, message in problems])
    async with dependencies.unit_of_work() as uow:
        [outcome] = await ingest_reviews(uow, tenant_id, [submission])
    if outcome.result is not IngestResult.CREATED:
        response.status_code = status.HTTP_200_OK
    return IngestResponse(result=outcome.result.value, review_key=outcome.review_key)


@router.post("/reviews:batch", response_model=BatchResponse,
             summary="Submit up to 500 reviews; one result per item, in order")
async def create_reviews(
    batch: ReviewBatch,
    dependencies: IngestDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("reviews:write"))],
) -> BatchResponse:
    """Valid items are stored in one transaction; invalid ones are answered `invalid` with errors."""
    _, tenant_id = scoped
    check_list_size(batch.items)
    results: list[BatchItemResult | None] = [None] * len(batch.items)
    valid: list[tuple[int, Submission]] = []
    now = datetime.now(UTC)
    for index, raw in enumerate(batch.items):
        checked = checked_submission(raw, dependencies.dates, now)
        if isinstance(checked, Submission):
            valid.append((index, checked))
        else:
            results[index] = BatchItemResult(index=index, review_key=None, result="invalid",
                                             errors=[ItemError(field=e.field, message=e.message) for e in checked])
    if valid:
        async with dependencies.unit_of_work() as uow:
            outcomes = await ingest_reviews(uow, tenant_id, [submission for _, submission in valid])
        for (index, _), outcome in zip(valid, outcomes, strict=True):
            errors = [_SAME_TIME_CONFLICT] if outcome.result is IngestResult.CONFLICT else None
            results[index] = BatchItemResult(index=index, review_key=outcome.review_key, result=outcome.result.value,
                                             errors=errors)
    return BatchResponse(results=[result for result in results if result is not None])


@router.get("/reviews/{review_key}", response_model=ReviewRead,
            summary="The current version of a review and its version history")
async def get_review(
    review_key: StoredText,
    dependencies: IngestDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("reviews:read"))],
) -> ReviewRead:
    """The version published last, and every submission kept, stale ones included."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        stored = await read_review(uow, tenant_id, review_key)
    if stored is None:
        raise NotFound("No review with this key for this tenant.")
    return ReviewRead(review_key=review_key, current=stored.current,
                      history=[VersionRead(**row._asdict()) for row in stored.history])
