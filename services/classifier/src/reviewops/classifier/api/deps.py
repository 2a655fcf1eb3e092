"""The classifier's dependencies as one typed route dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from reviewops.classifier.dependencies import ClassifierDependencies
from reviewops.common.api.deps import get_dependencies

ClassifierDep = Annotated[ClassifierDependencies, Depends(get_dependencies)]
