"""Ingest's dependencies as one typed route dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from reviewops.common.api.deps import get_dependencies
from reviewops.ingest.dependencies import IngestDependencies

IngestDep = Annotated[IngestDependencies, Depends(get_dependencies)]
