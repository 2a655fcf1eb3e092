"""Ingest's settings: the shared ones and how far ahead of now a review's times may lie."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from reviewops.common.settings import ServiceSettings


class IngestSettings(ServiceSettings):
    """Read from REVIEWOPS_* environment variables."""

    future_tolerance_hours: float = Field(
        default=24.0, gt=0, le=24 * 30,
        description="A review, edit or order time more than this many hours ahead of now is refused (422)",
    )

    import_lease_seconds: float = Field(
        default=120.0, gt=0,
        description="A running import whose process has not reported progress for this long is marked failed",
    )
    max_running_imports: int = Field(
        default=4, ge=1, description="Imports one process runs at once; more are answered 503 with Retry-After",
    )

    @property
    def future_tolerance(self) -> timedelta:
        return timedelta(hours=self.future_tolerance_hours)
