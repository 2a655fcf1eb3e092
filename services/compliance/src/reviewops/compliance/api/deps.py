"""Compliance's dependencies as one typed route dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from reviewops.common.api.deps import get_dependencies
from reviewops.compliance.dependencies import ComplianceDependencies

ComplianceDep = Annotated[ComplianceDependencies, Depends(get_dependencies)]
