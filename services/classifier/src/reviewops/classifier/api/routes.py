"""The classifier's REST routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from reviewops.classifier.api.deps import ClassifierDep
from reviewops.classifier.api.schemas import ClassifyRequest
from reviewops.classifier.domain.classify import ReviewText
from reviewops.common.api.auth import require_scope
from reviewops.common.api.lists import ItemList, ResultList, check_list_size
from reviewops.common.auth.keys import Caller
from reviewops.common.events.payloads import Classification

router = APIRouter(prefix="/v1", tags=["classify"])


@router.post(
    "/classify",
    response_model=Classification | ResultList[Classification],
    summary="Classify one review, or a list of them ({items: [...]})",
)
async def classify_reviews(
    request: Annotated[ClassifyRequest | ItemList[ClassifyRequest], Body()],
    caller: Annotated[Caller, Depends(require_scope("classify"))],
    dependencies: ClassifierDep,
) -> Classification | ResultList[Classification]:
    """Stateless: nothing is stored and no event is published."""
    classifier = dependencies.classifier
    items = request.items if isinstance(request, ItemList) else [request]
    check_list_size(items)
    results = classifier.classify_many([ReviewText(i.title, i.body, i.rating, i.language, i.kind or "product_review") for i in items])
    return ResultList(results=results) if isinstance(request, ItemList) else results[0]
