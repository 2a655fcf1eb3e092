"""The classifier's settings: which cause model it serves."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from reviewops.common.settings import ServiceSettings


class ClassifierSettings(ServiceSettings):
    cause_model: Path | None = Field(
        default=None,
        description="A cause model trained for this deployment (REVIEWOPS_CAUSE_MODEL; train --extra-labels "
                    "writes one); the shipped model when unset",
    )
