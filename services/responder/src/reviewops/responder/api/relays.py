"""Relays for the console (DESIGN.md: Responder endpoints): the browser talks only to the responder,
which checks the agent's key, scope and tenant, then calls on with its own service key."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import Response

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import StoredText
from reviewops.common.auth.keys import Caller
from reviewops.responder.api.deps import ResponderDep
from reviewops.responder.dependencies import ResponderDependencies

router = APIRouter(prefix="/v1", tags=["relays"])


# What the caller needs of the upstream answer: its type, and when to retry after a 429 or 503.
RELAYED_HEADERS = ("content-type", "retry-after")


def relayed(upstream: httpx.Response) -> Response:
    """The upstream answer as it came: status, body bytes and the headers the caller acts on."""
    headers = {name: upstream.headers[name] for name in RELAYED_HEADERS if name in upstream.headers}
    return Response(upstream.content, status_code=upstream.status_code, headers=headers)


async def relayed_query(dependencies: ResponderDependencies, path: str, request: Request, scoped: tuple[Caller, str]
                        ) -> Response:
    """A GET of the classifier's, with the console's query parameters as they came, for the caller's tenant."""
    _, tenant_id = scoped
    return relayed(await dependencies.classifier.relay("GET", path, tenant_id,
                                                       params=list(request.query_params.multi_items())))


@router.post("/checks", summary="Relay to compliance POST /v1/checks (one message or a list)")
async def relay_checks(
    body: Annotated[Any, Body()],
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("checks"))],
    dependencies: ResponderDep,
) -> Response:
    """The agent's key, scope and tenant are checked here; compliance sees the service key."""
    _, tenant_id = scoped
    return relayed(await dependencies.compliance.relay("POST", "/v1/checks", tenant_id, json=body))


@router.get("/insights/causes", summary="Relay to the classifier's GET /v1/insights/causes")
async def relay_cause_insight(
    request: Request,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("insights:read"))],
    dependencies: ResponderDep,
) -> Response:
    """The agent's key, scope and tenant are checked here; the classifier sees the service key."""
    return await relayed_query(dependencies, "/v1/insights/causes", request, scoped)


@router.put("/classifications/{review_key}",
            summary="Relay to the classifier's PUT /v1/classifications/{review_key} (correct a review's cause)")
async def relay_cause_correction(
    review_key: StoredText,
    body: Annotated[Any, Body()],
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("labels:write"))],
    dependencies: ResponderDep,
) -> Response:
    """The agent's key, scope and tenant are checked here; the classifier sees the service key and
    records the agent (X-On-Behalf-Of) as the label's author."""
    caller, tenant_id = scoped
    upstream = await dependencies.classifier.relay("PUT", f"/v1/classifications/{quote(review_key, safe='')}",
                                                   tenant_id, headers={"X-On-Behalf-Of": caller.principal},
                                                   json=body)
    return relayed(upstream)


@router.get("/labels", summary="Relay to the classifier's GET /v1/labels (the tenant's human labels)")
async def relay_labels(
    request: Request,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("labels:write"))],
    dependencies: ResponderDep,
) -> Response:
    """The agent's key, scope and tenant are checked here; the classifier sees the service key."""
    return await relayed_query(dependencies, "/v1/labels", request, scoped)
