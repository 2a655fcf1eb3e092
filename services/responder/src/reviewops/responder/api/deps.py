"""The responder's dependencies as one typed route dependency, for every router of the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from reviewops.common.api.deps import get_dependencies
from reviewops.responder.dependencies import ResponderDependencies

ResponderDep = Annotated[ResponderDependencies, Depends(get_dependencies)]
