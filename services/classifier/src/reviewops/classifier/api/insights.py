"""GET /v1/insights/causes: counts, shares and weekly trend of causes for one ASIN."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime, BaseModel, Field

from reviewops.classifier.api.deps import ClassifierDep
from reviewops.classifier.handlers import count_causes
from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import Marketplace
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import FieldError, Unprocessable

router = APIRouter(prefix="/v1/insights", tags=["insights"])


class CauseShare(BaseModel):
    label: str
    count: int
    share: float = Field(ge=0, le=1)


class WeekShares(BaseModel):
    week: str = Field(description="ISO week in UTC, e.g. 2026-W47")
    total: int
    causes: list[CauseShare]


class SourceCounts(BaseModel):
    total: int
    causes: list[CauseShare] = Field(description="Highest count first")


class CauseInsight(BaseModel):
    marketplace: str
    asin: str
    source: Literal["reviews", "returns", "all"] = Field(
        description="What is counted: negative reviews, returned units, or both")
    start: datetime
    end: datetime
    max_rating: int
    total: int
    causes: list[CauseShare] = Field(description="Highest count first")
    weeks: list[WeekShares]
    spiking: list[str] = Field(description="Causes with an active spike (over reviews and returns)")
    sources: dict[str, SourceCounts] = Field(
        description="Counts per source counted: `reviews` (reviews rated at most max_rating), `returns` (returned units)")


def _shares(counts: dict[str, int]) -> list[CauseShare]:
    total = sum(counts.values())
    return [CauseShare(label=label, count=count, share=round(count / total, 4))
            for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@router.get("/causes", response_model=CauseInsight, summary="Cause counts, shares and weekly trend for one ASIN")
async def cause_insight(
    dependencies: ClassifierDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("insights:read"))],
    asin: Annotated[str, Query(pattern=r"^[A-Z0-9]{10}$")],
    marketplace: Marketplace,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
    max_rating: Annotated[int, Query(ge=1, le=5)] = 3,
    source: Literal["reviews", "returns", "all"] = "reviews",
) -> CauseInsight:
    """Each review counts once, as its latest version; deleted reviews do not count; a return counts
    its units, by its return date. Default period: the last 12 weeks; default ratings: 1 to 3 (the
    negative reviews); default source: reviews."""
    _, tenant_id = scoped
    end = end or datetime.now(UTC)
    start = start or end - timedelta(weeks=12)
    if start >= end:
        raise Unprocessable("The period is empty.", [FieldError("from", "must be before 'to'")])
    async with dependencies.unit_of_work() as uow:
        found = await count_causes(uow, tenant_id, marketplace, asin, start, end, max_rating, source)
    counts, active = found.counts, found.spiking
    weeks: dict[str, dict[str, int]] = defaultdict(dict)
    for week, cause, count in found.weekly:
        weeks[week][cause] = count
    return CauseInsight(
        marketplace=marketplace, asin=asin, source=source, start=start, end=end, max_rating=max_rating,
        total=sum(counts.values()), causes=_shares(dict(counts)),
        weeks=[WeekShares(week=week, total=sum(c.values()), causes=_shares(c)) for week, c in sorted(weeks.items())],
        spiking=sorted(active),
        sources={name: SourceCounts(total=sum(c.values()), causes=_shares(dict(c))) for name, c in found.by_source.items()},
    )
