"""The responder's context as a route dependency, for every router of the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from reviewops.common.api.deps import get_context
from reviewops.responder.handlers import Responder

ResponderDep = Annotated[Responder, Depends(get_context)]
